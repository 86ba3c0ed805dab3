/**
 * What kustomize-controller's build refuses, and what `check` does not
 * apply, among a kustomization's plugins. kustomize-controller runs
 * kustomize with its builtin plugins only and Helm disabled
 * (fluxcd/pkg at e2cfd1a2: kustomize/kustomize_generator.go `Build`:
 * `PluginConfig: kustypes.DisabledPluginConfig()`, which is
 * `PluginRestrictionsBuiltinsOnly` with `HelmConfig.Enabled` false,
 * kubernetes-sigs/kustomize at 12f9e639: api/types/pluginconfig.go). So,
 * in kustomize at 12f9e639:
 *
 * - `helmCharts` fails the build: the HelmChartInflationGenerator's
 *   `Config` returns "must specify --enable-helm"
 *   (api/internal/builtins/HelmChartInflationGenerator.go), configured
 *   once per chart (api/internal/target/kusttarget_configplugin.go). The
 *   deprecated `helmChartInflationGenerator` is turned into `helmCharts`
 *   first (api/types/kustomization.go `FixKustomization`), and so is a
 *   `builtin` HelmChartInflationGenerator listed in `generators`.
 * - A `generators`, `transformers` or `validators` entry (inline YAML, or
 *   a file or folder read as resources) configures a plugin by its
 *   apiVersion and kind: only apiVersion `builtin` (no group) is a builtin
 *   (api/internal/plugins/loader/loader.go `isBuiltinPlugin`); anything
 *   else, a KRM function's config included, fails with "external plugins
 *   disabled; unable to load external plugin '<kind>'"
 *   (`loadAndConfigurePlugin`, api/types/erronlybuiltinpluginsallowed.go),
 *   and a `builtin` kind kustomize does not have with "unable to load
 *   builtin" (`makeBuiltinPlugin`;
 *   api/internal/plugins/builtinhelpers/builtins.go lists them).
 * - A builtin listed there runs, but `check` does not apply it: the objects
 *   are checked as the kustomization's other fields make them, and a note
 *   says so.
 *
 * An error where a Flux build in the files reads the kustomization. Where
 * none does but one outside the files may (no sync start is located, or
 * not every one), a note says what such a build would meet: a folder of
 * `helmCharts` nothing in the files builds is most often built by hand
 * with `kustomize build --enable-helm` (tyriis/home-ops' and
 * xunholy/k8s-gitops' bootstrap folders), and the builtins' note is left
 * out. Nothing where the files tell the cluster's sync never reaches it.
 */
import { dirname, join } from 'node:path';
import { isMap, parseAllDocuments } from 'yaml';
import type { Finding, FindingSeverity } from './finding';
import { isInlineYaml, listOf, PLUGIN_FIELDS } from './kustomization-entries';
import type { KustomizationDocument } from './manifest-object';
import { goYamlText } from '../../archives/go-yaml-names';
import { pointerAsField } from '../../foundation/json-pointer';
import { isPlainObject } from '../../model/json-values';
import { isLocalRelativePath } from '../kustomize-files';

/** The kinds kustomize's `builtin` apiVersion has (api/internal/plugins/builtinhelpers/builtins.go at 12f9e639). */
const BUILTIN_KINDS: ReadonlySet<string> = new Set([
  'AnnotationsTransformer', 'ConfigMapGenerator', 'IAMPolicyGenerator', 'HashTransformer', 'ImageTagTransformer', 'LabelTransformer',
  'NamespaceTransformer', 'PatchJson6902Transformer', 'PatchStrategicMergeTransformer', 'PatchTransformer', 'PrefixSuffixTransformer',
  'PrefixTransformer', 'SuffixTransformer', 'ReplicaCountTransformer', 'SecretGenerator', 'ValueAddTransformer',
  'HelmChartInflationGenerator', 'ReplacementTransformer',
]);
const HELM_GENERATOR = 'HelmChartInflationGenerator';
const HELM_FAILURE = '"must specify --enable-helm"';

/** Which Flux builds read a kustomization, as far as the files tell. */
export type KustomizationReach =
  /** These builds (described for messages) read it. */
  | { readonly builds: readonly string[] }
  /** No located build reads it, and one outside the files may. */
  | 'unknown'
  /** The cluster's sync never reaches it. */
  | 'not-applied';

/** How the plugin configurations a kustomization names by path are read. */
export interface PluginFiles {
  /** A file's key (its normalized path on disk, or its name) as the files are named. */
  readonly keyOf: (file: string) => string;
  /** The text of the file of a key; undefined when it is not a file that can be read. */
  readonly textOf: (key: string) => string | undefined;
}

/** One plugin a kustomization configures. */
interface PluginConfig {
  readonly apiVersion: unknown;
  readonly kind: unknown;
  /** The entry, for messages: `transformers[0] 'labels.yaml'`, or `transformers[0]` when inline. */
  readonly entry: string;
  readonly pointer: string;
}

/** The findings for each kustomization's Helm charts and plugins (see above). */
export function kustomizePluginFindings(
  kustomizations: readonly KustomizationDocument[], reachOf: (k: KustomizationDocument) => KustomizationReach, files: PluginFiles,
): Finding[] {
  const findings: Finding[] = [];
  for (const k of kustomizations) {
    if (!isPlainObject(k.value)) continue;
    const value = k.value;
    const plugins = pluginConfigs(k, value, files);
    const charts = [...listOf(value.helmCharts), ...listOf(value.helmChartInflationGenerator)];
    const helmPlugin = plugins.find((p) => p.apiVersion === 'builtin' && p.kind === HELM_GENERATOR);
    const refused = plugins.filter((p) => !isBuiltin(p));
    const builtins = plugins.filter((p) => isBuiltin(p) && p.kind !== HELM_GENERATOR);
    if (charts.length === 0 && !helmPlugin && refused.length === 0 && builtins.length === 0) continue;
    const reach = reachOf(k);
    if (reach === 'not-applied') continue;
    const folder = dirname(k.file);
    const built = reach === 'unknown' ? '' : ` (as ${reach.builds[0]}${reach.builds.length > 1 ? ` and ${reach.builds.length - 1} more` : ''} builds it)`;
    const fails = reach === 'unknown' ? `so a Flux Kustomization building ${folder} would fail (none in these files builds it)` : `so kustomize build of ${folder}${built} fails`;
    const severity: FindingSeverity = reach === 'unknown' ? 'note' : 'error';
    const helmField = listOf(value.helmCharts).length > 0 ? 'helmCharts' : 'helmChartInflationGenerator';
    if (charts.length > 0 || helmPlugin) {
      const names = charts.flatMap((c) => (isPlainObject(c) && typeof c.name === 'string' ? [`'${c.name}'`] : []));
      const pointer = charts.length > 0 ? `/${helmField}` : helmPlugin!.pointer;
      findings.push({
        rule: 'kustomize-build',
        severity,
        location: k.locate(pointer),
        pointer,
        message: `${k.file} ${charts.length > 0 ? helmField : `${helmPlugin!.entry} (builtin ${HELM_GENERATOR})`}: kustomize-controller runs kustomize with Helm disabled, `
          + `${fails}: ${HELM_FAILURE}${reach === 'unknown' ? '' : `; install ${names.length > 0 ? `chart ${names.join(', ')}` : 'the chart'} with a HelmRelease instead`}`,
      });
    }
    for (const p of refused) {
      const what = p.apiVersion === 'builtin'
        ? `kind ${String(p.kind)} is not one of kustomize's builtin plugins, ${fails}: "unable to load builtin ${String(p.kind)}"`
        : `configures ${describeConfig(p)}, an external plugin: kustomize-controller runs kustomize with its builtin plugins only, ${fails}: `
          + `"external plugins disabled; unable to load external plugin '${String(p.kind)}'"`;
      findings.push({
        rule: 'kustomize-build',
        severity,
        location: k.locate(p.pointer),
        pointer: p.pointer,
        message: `${k.file} ${p.entry} ${what}`,
      });
    }
    for (const p of reach === 'unknown' ? [] : builtins) {
      findings.push({
        rule: 'kustomize-build',
        severity: 'note',
        location: k.locate(p.pointer),
        pointer: p.pointer,
        message: `${k.file} ${p.entry} configures builtin ${String(p.kind)}, which flux-oci does not apply: `
          + `the objects ${folder} builds are checked as its other fields make them`,
      });
    }
  }
  return findings;
}

/** The plugins of `generators`, `transformers` and `validators`: inline, or in a file the kustomization names (a folder's are not read). */
function pluginConfigs(k: KustomizationDocument, value: Record<string, unknown>, files: PluginFiles): PluginConfig[] {
  const configs: PluginConfig[] = [];
  for (const field of PLUGIN_FIELDS) {
    listOf(value[field]).forEach((entry, i) => {
      if (typeof entry !== 'string' || entry === '') return;
      const pointer = `/${field}/${i}`;
      const inline = isInlineYaml(entry);
      if (!inline && !isLocalRelativePath(entry)) return;
      // Relative to the kustomization on disk where it was read from one (a .yml or .json config is not among the files walked).
      const text = inline ? entry : files.textOf(files.keyOf(join(dirname(k.path ?? k.file), entry)));
      if (text === undefined) return;
      const read = goYamlText(text);
      if (read.refused) return;
      for (const doc of parseAllDocuments(read.text)) {
        if (doc.errors.length > 0 || !isMap(doc.contents)) continue;
        const config = doc.toJS() as Record<string, unknown>;
        configs.push({ apiVersion: config.apiVersion, kind: config.kind, pointer, entry: `${pointerAsField(pointer)}${inline ? '' : ` '${entry}'`}` });
      }
    });
  }
  return configs;
}

/** A plugin kustomize has built in: apiVersion `builtin` (no group) and one of its kinds. */
function isBuiltin(p: PluginConfig): boolean {
  return p.apiVersion === 'builtin' && typeof p.kind === 'string' && BUILTIN_KINDS.has(p.kind);
}

function describeConfig(p: PluginConfig): string {
  return `${typeof p.apiVersion === 'string' ? p.apiVersion : '(no apiVersion)'} ${typeof p.kind === 'string' ? p.kind : '(no kind)'}`;
}

