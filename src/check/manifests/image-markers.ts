/**
 * The image policy markers in the files an ImageUpdateAutomation updates:
 * `# {"$imagepolicy": "<namespace>:<policy>"}` on a field, which
 * image-automation-controller rewrites to the image its ImagePolicy selects
 * (and `:tag`, `:name`, `:digest` for that part alone). A marker the
 * controller has no setter for is left as it is, silently: the policy is in
 * another namespace, a `policySelector` leaves it out, its name is
 * misspelt, or the suffix is not one of the three. Each of those is
 * reported here.
 *
 * As fluxcd/image-automation-controller@d36e2ea runs it:
 * - the automation lists the ImagePolicies of its own namespace that its
 *   `spec.policySelector` selects (internal/controller/imageupdateautomation_controller.go
 *   `getPolicies`), and defines for each the setters `<namespace>:<name>`,
 *   `…:tag`, `…:name` and `…:digest` (internal/update/setters.go
 *   `UpdateWithSetters`);
 * - it reads the YAML files under `spec.update.path` of the checkout
 *   (internal/policy/applier.go, securejoin), those holding the token
 *   `"$imagepolicy"` (internal/update/filereader.go), and a field's line
 *   comment is a marker when it is that JSON object (kyaml fieldmeta).
 *
 * Judged only where the automation's GitRepository reads this working tree
 * on the revision checked out (no `git.checkout.ref` of its own), and only
 * for the files the check read.
 */
import type { Finding } from './finding';
import type { ManifestObject, ManifestSource } from './manifest-object';
import { describeObject, fieldAt, isFluxObject, landsIn, stringAt } from './object-index';
import type { UpdatedFolder } from './repository-paths';
import { isWithin } from '../../foundation/paths';
import { labelSelectorMatches } from '../../model/label-selector';

/** The setter suffixes image-automation-controller defines after `<namespace>:<policy>`. */
const SETTER_FIELDS: readonly string[] = ['tag', 'name', 'digest'];
const TOKEN = '"$imagepolicy"';

/** One marker: where it is and the setter it names. */
interface Marker {
  readonly file: string;
  readonly path: string;
  readonly line: number;
  readonly column: number;
  readonly setter: string;
}

/**
 * A warning for each marker in the files no ImageUpdateAutomation of the
 * files sets, though one updates its file; `updated` is what each updates
 * (./repository-paths.ts).
 */
export function imageMarkerFindings(
  objects: readonly ManifestObject[], updated: readonly UpdatedFolder[], sources: readonly ManifestSource[],
): Finding[] {
  const updaters = updated.filter(({ automation }) => (stringAt(automation.value, 'spec', 'update', 'strategy') ?? 'Setters') === 'Setters');
  if (updaters.length === 0) return [];
  const policies = objects.filter((o) => isFluxObject(o) && o.kind === 'ImagePolicy');
  const findings: Finding[] = [];
  for (const marker of sources.flatMap(markersIn)) {
    const covering = updaters.filter((u) => isWithin(u.folder, marker.path));
    if (covering.length === 0) continue;
    const reasons = covering.map((u) => unsetBecause(marker.setter, u.automation, policies));
    if (reasons.some((r) => r === undefined)) continue;
    findings.push({
      rule: 'reference',
      severity: 'warning',
      location: { file: marker.file, line: marker.line, column: marker.column },
      message: `${describeObject(covering[0].automation)} never sets the image policy marker {"$imagepolicy": "${marker.setter}"}: ${reasons[0]}; `
        + 'the field keeps the value written here',
    });
  }
  return findings;
}

/** Why `automation` defines no setter named `setter`; undefined when it does (or may: what the files do not tell counts as there). */
function unsetBecause(setter: string, automation: ManifestObject, policies: readonly ManifestObject[]): string | undefined {
  const parts = setter.split(':');
  if (parts.length < 2 || parts.length > 3 || (parts.length === 3 && !SETTER_FIELDS.includes(parts[2]))) {
    return "image-automation-controller's setters are '<namespace>:<policy>' and that followed by ':tag', ':name' or ':digest'";
  }
  const [namespace, name] = parts;
  const own = automation.appliedNamespace;
  if (own !== undefined && namespace !== own) {
    return `it reads only the ImagePolicies of its own namespace, ${own}`;
  }
  const named = policies.filter((p) => p.name === name && landsIn(p, namespace));
  if (named.length === 0) return `there is no ImagePolicy ${namespace}/${name} in the files checked`;
  const selector = fieldAt(automation.value, 'spec', 'policySelector');
  const selected = named.map((p) => labelSelectorMatches(selector, fieldAt(p.value, 'metadata', 'labels')));
  const invalid = selected.find((s) => 'invalid' in s);
  // image-automation-controller stalls on a selector it cannot parse: it sets nothing.
  if (invalid && 'invalid' in invalid) return `its spec.policySelector is invalid (${invalid.invalid}), so it lists no ImagePolicy`;
  if (!selected.some((s) => 'matches' in s && s.matches)) return `its spec.policySelector does not select ImagePolicy ${namespace}/${name}`;
  return undefined;
}

/** The markers in a file read from disk: a line comment that is a JSON object with a string `$imagepolicy`. */
function markersIn(source: ManifestSource): Marker[] {
  if (source.path === undefined || !source.text.includes(TOKEN)) return [];
  const markers: Marker[] = [];
  source.text.split('\n').forEach((text, i) => {
    const token = text.indexOf(TOKEN);
    const hash = token < 0 ? -1 : text.lastIndexOf('#', token);
    if (hash < 0) return;
    let parsed: unknown;
    try {
      parsed = JSON.parse(text.slice(hash + 1).trim());
    } catch {
      return;
    }
    const setter = fieldAt(parsed, '$imagepolicy');
    if (typeof setter === 'string') markers.push({ file: source.file, path: source.path!, line: i + 1, column: hash + 1, setter });
  });
  return markers;
}
