/**
 * `flux-oci check`'s report as text (one `file:line:column: severity …`
 * line per finding, like a compiler), as JSON, or as SARIF 2.1.0 for
 * code-scanning UIs (GitHub, GitLab, Azure DevOps).
 */
import { isAbsolute, sep } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Finding, FindingRule, FindingSeverity, ManifestCheckReport } from '../check/manifests';
import { STDIN_FILE } from '../check/manifests';

/** How many findings of each severity. */
export function countFindings(findings: readonly Finding[]): { errors: number; warnings: number; notes: number } {
  const counts: Record<FindingSeverity, number> = { error: 0, warning: 0, note: 0 };
  for (const f of findings) counts[f.severity]++;
  return { errors: counts.error, warnings: counts.warning, notes: counts.note };
}

/** The text report: a line per finding, then a summary line. */
export function formatCheckText(report: ManifestCheckReport): string {
  const lines = report.findings.map((f) => `${f.location.file}:${f.location.line}:${f.location.column}: ${f.severity} [${f.rule}] ${f.message}`);
  const counts = countFindings(report.findings);
  const flux = report.flux.source === 'option' ? `Flux ${report.flux.fluxVersion}`
    : report.flux.source === 'inferred' ? `Flux ${report.flux.fluxVersion}, inferred from ${report.flux.because}` : `Flux ${report.flux.fluxVersion}`;
  const registry = report.registry.mode === 'off' ? 'registry check off' : `${plural(report.registry.checked + report.registry.imagePolicies, 'registry lookup')}`;
  const notApplied = report.notApplied > 0 ? ` (${report.notApplied} not applied)` : '';
  lines.push(`${plural(report.files, 'file')}${notApplied}, ${plural(report.fluxObjects, 'Flux object')} (${flux}), ${registry}: `
    + `${plural(counts.errors, 'error')}, ${plural(counts.warnings, 'warning')}, ${plural(counts.notes, 'note')}`);
  return lines.join('\n');
}

/** The JSON report: the summary and every finding with its location. */
export function formatCheckJson(report: ManifestCheckReport): string {
  return JSON.stringify({
    flux: report.flux,
    summary: {
      files: report.files,
      documents: report.documents,
      objects: report.objects,
      fluxObjects: report.fluxObjects,
      notApplied: report.notApplied,
      ...countFindings(report.findings),
      registry: report.registry,
    },
    findings: report.findings.map((f) => ({
      file: f.location.file,
      line: f.location.line,
      column: f.location.column,
      severity: f.severity,
      rule: f.rule,
      message: f.message,
      ...(f.object ? { object: f.object } : {}),
      ...(f.pointer !== undefined ? { pointer: f.pointer } : {}),
      ...(f.cause ? { cause: f.cause } : {}),
    })),
  }, null, 2);
}

const RULES: Readonly<Record<FindingRule, { readonly name: string; readonly description: string; readonly level: FindingSeverity }>> = {
  'yaml': { name: 'InvalidYaml', description: 'The file or document is not valid YAML.', level: 'error' },
  'schema': { name: 'CrdSchema', description: 'The object fails the CRD schema (or a CEL rule) of its apiVersion.', level: 'error' },
  'api-version': { name: 'UnservedApiVersion', description: 'The apiVersion is not served by current Flux (or by the targeted Flux release).', level: 'error' },
  'no-schema': { name: 'NoPackagedSchema', description: 'No schema for this Flux apiVersion is packaged with flux-oci (the v1beta1 versions); the object is not validated.', level: 'note' },
  'duplicate': { name: 'DuplicateObject', description: 'The same object is defined more than once.', level: 'warning' },
  'reference': {
    name: 'DanglingReference',
    description: 'A reference names an object that is not in the files checked; an error where it cannot exist '
    + '(a valuesFrom name the hash suffix of a generated ConfigMap or Secret breaks, a name a kustomize rename leaves behind), '
    + 'where dependsOn entries form a cycle, or where the multitenancy lockdown refuses a reference into another namespace.',
    level: 'warning',
  },
  'registry': { name: 'RegistryCheck', description: 'The chart, artifact or ImagePolicy image failed the registry check under Flux\'s rules.', level: 'error' },
  'notification': {
    name: 'NotificationProvider',
    description: 'A notification Provider without the URL, token or channel its type\'s notifier needs: every event to it fails and its Alerts deliver nothing.',
    level: 'error',
  },
  'image-policy': {
    name: 'ImagePolicy',
    description: "An ImagePolicy selects no tag under image-reflector-controller's rules (its policy, filterTags or its ImageRepository's image "
      + 'or exclusionList is invalid, or no listed tag passes them).',
    level: 'error',
  },
  'cel': {
    name: 'CelExpression',
    description: "A CEL expression its controller's CEL (cel-go, as fluxcd/pkg compiles it) refuses: a health check expression or a dependsOn "
      + "readyExpr (the object is stalled), a Receiver's filter (it triggers nothing) or a Provider's commitStatusExpr (no commit status is sent).",
    level: 'error',
  },
  'credentials': { name: 'SourceCredentials', description: 'The source\'s Secret cannot give Flux credentials for its registry.', level: 'error' },
  'encrypted-secret': {
    name: 'EncryptedSecret',
    description: 'A SOPS-encrypted Secret is not read; its sources are checked with the local login. An error where a Flux Kustomization applies it '
      + 'without spec.decryption (kustomize-controller refuses the apply).',
    level: 'note',
  },
  'not-checked': { name: 'NotChecked', description: 'The registry check did not look the chart, artifact or ImagePolicy up.', level: 'note' },
  'kustomize-patch': {
    name: 'KustomizePatch',
    description: 'A file a kustomization names as a patch that patches no object among the files (a remote base): a partial object, not checked alone; '
      + 'check kustomize build of the overlay.',
    level: 'note',
  },
  'kustomize-rename': {
    name: 'KustomizeRename',
    description: 'A kustomization with configurations: (which may teach kustomize references in Flux kinds) renames Flux objects with namePrefix or nameSuffix; '
      + 'their names and the references to them are checked as written.',
    level: 'note',
  },
  'kustomize-build': {
    name: 'KustomizeBuild',
    description: 'A kustomization kustomize-controller cannot build: it runs kustomize with Helm disabled (helmCharts) and builtin plugins only '
      + '(generators, transformers or validators of another apiVersion), and no remote bases under the multitenancy lockdown (--no-remote-bases); '
      + 'a note for a builtin plugin listed there, which flux-oci does not apply.',
    level: 'error',
  },
  'helm-chart': { name: 'HelmChartFolder', description: "A Helm chart's folder is not read: its templates are YAML only once Helm renders them.", level: 'note' },
  'path': {
    name: 'MissingPath',
    description: "A Flux Kustomization's spec.path (or a component), a HelmRelease's chart folder, or a kustomization's resource, component, patch or generator file, "
    + "is not there, or is left out of the sync source's artifact; a warning for a file of a chart folder the artifact leaves out (the chart is built without it).",
    level: 'error',
  },
  'values': { name: 'Values', description: "A HelmRelease's values fail its chart's values.schema.json, or hold keys the chart does not know.", level: 'error' },
  'patch': {
    name: 'KustomizationPatch',
    description: "A Flux Kustomization's spec.patches entry, or a kustomization file's patch, cannot be applied, or makes the objects it patches fail their CRD.",
    level: 'error',
  },
  'variable': { name: 'PostBuildVariable', description: 'A ${var} that a Kustomization building the object does not define (Flux substitutes an empty string), or a variable name it refuses.', level: 'warning' },
  'not-applied': {
    name: 'NotApplied',
    description: "Findings in files the cluster's sync never reaches (no build it reaches holds them, or the sync source's artifact leaves them out), "
    + 'set aside in one note per folder.',
    level: 'note',
  },
};

/** SARIF 2.1.0: one run of the `flux-oci` tool, every rule described, every finding located. */
export function formatCheckSarif(report: ManifestCheckReport): string {
  const ids = Object.keys(RULES) as FindingRule[];
  return JSON.stringify({
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [{
      tool: {
        driver: {
          name: 'flux-oci',
          rules: ids.map((id) => ({
            id,
            name: RULES[id].name,
            shortDescription: { text: RULES[id].description },
            defaultConfiguration: { level: RULES[id].level },
          })),
        },
      },
      results: report.findings.map((f) => ({
        ruleId: f.rule,
        ruleIndex: ids.indexOf(f.rule),
        level: f.severity,
        message: { text: f.message },
        locations: [{
          physicalLocation: {
            artifactLocation: artifactLocation(f.location.file),
            region: { startLine: f.location.line, startColumn: f.location.column },
          },
        }],
      })),
    }],
  }, null, 2);
}

// Relative paths stay relative to the folder the check ran in, which code
// scanning maps to the repository root (%SRCROOT%).
function artifactLocation(file: string): { uri: string; uriBaseId?: string } {
  if (file === STDIN_FILE) return { uri: 'stdin' };
  if (isAbsolute(file)) return { uri: pathToFileURL(file).href };
  return { uri: file.split(sep).map(encodeURIComponent).join('/'), uriBaseId: '%SRCROOT%' };
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}
