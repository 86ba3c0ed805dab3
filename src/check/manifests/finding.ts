import type { ObjectIdentity } from '../../model/crd';
import type { FailureCause } from '../outcome';

/** Where in the files a finding points: 1-based line and column. */
export interface ManifestLocation {
  /** The path as given on the command line (joined with the path inside a folder), or `<stdin>`. */
  readonly file: string;
  readonly line: number;
  readonly column: number;
}

/**
 * How much a finding matters: `error` fails the check (Flux would reject or
 * fail on it), `warning` may be fine (a reference to an object in the
 * cluster, an API an older target still serves), `note` says what was not
 * checked and why.
 */
export type FindingSeverity = 'error' | 'warning' | 'note';

/**
 * What kind of finding, stable for scripts and code-scanning UIs:
 * - `yaml`: a file or document that is not valid YAML (or too large);
 * - `schema`: the object fails the CRD of its apiVersion (the CRD's message); a note for a flux-operator kind in an Alert or Receiver where the files do not tell how Flux is installed;
 * - `api-version`: an apiVersion the newest (or the targeted) Flux does not serve;
 * - `no-schema`: a Flux apiVersion without a packaged schema (the v1beta1 versions), not validated;
 * - `duplicate`: the same object twice in the files;
 * - `reference`: a reference to an object that is not in the files, `dependsOn` entries that form a cycle, or a reference into another namespace that the multitenancy lockdown refuses;
 * - `registry`: the chart or artifact failed the registry check;
 * - `credentials`: a source's Secret cannot give Flux credentials for its registry;
 * - `encrypted-secret`: a SOPS-encrypted Secret, not read (a note); an error where a Flux Kustomization applies it without `spec.decryption`;
 * - `not-checked`: a chart or artifact the registry check did not look up;
 * - `kustomize-patch`: a file a kustomization names as a patch that patches no object among the files, not checked as an object of its own;
 * - `kustomize-rename`: a kustomization with `configurations:` whose `namePrefix` or `nameSuffix` renames Flux objects; their names are checked as written;
 * - `kustomize-build`: a kustomization kustomize-controller cannot build (Helm charts, plugins other than kustomize's builtins, remote bases under `--no-remote-bases`), or a builtin plugin it lists that is not applied (a note);
 * - `helm-chart`: a Helm chart's folder met in a folder walk, not read;
 * - `path`: a path that is not there: a Flux Kustomization's `spec.path` (or component) in the repository it reads, or what a kustomization file names;
 * - `values`: a HelmRelease's values against its chart (schema, unknown keys, valuesFrom not checked);
 * - `patch`: a Flux Kustomization's `spec.patches` entry, or a kustomization file's patch, that kustomize cannot apply, or that makes the objects it patches fail their CRD;
 * - `variable`: a `${var}` a Kustomization that builds the object does not define (Flux substitutes an empty string), or a variable name it refuses;
 * - `not-applied`: the findings in files the cluster's sync never reaches (where the files tell where it starts), set aside in one note per folder;
 * - `image-policy`: an ImagePolicy the registry's tags or its own fields make fail; `notification`: a Provider without what its type's notifier needs;
 * - `cel`: a CEL expression (`healthCheckExprs`, a `dependsOn` entry's `readyExpr`, a Receiver's filters, a Provider's `commitStatusExpr`) its controller refuses.
 */
export type FindingRule =
  | 'yaml' | 'schema' | 'api-version' | 'no-schema' | 'duplicate' | 'reference'
  | 'registry' | 'credentials' | 'encrypted-secret' | 'not-checked' | 'kustomize-patch' | 'kustomize-rename' | 'kustomize-build'
  | 'helm-chart' | 'path' | 'values' | 'patch' | 'variable'
  | 'not-applied' | 'image-policy' | 'notification' | 'cel';

/** One result of `flux-oci check`. Carries no Secret data. */
export interface Finding {
  readonly rule: FindingRule;
  readonly severity: FindingSeverity;
  readonly location: ManifestLocation;
  /** The object it is about, as the object names itself. */
  readonly object?: ObjectIdentity;
  /** RFC 6901 pointer into the object, when the finding is about one field. */
  readonly pointer?: string;
  /** One line: what is wrong and what to do. */
  readonly message: string;
  /** For `registry`: why the lookup failed. */
  readonly cause?: FailureCause;
}

/** Findings in file order: by file, then line, then column (stable otherwise). */
export function sortFindings(findings: readonly Finding[]): Finding[] {
  return [...findings].sort((a, b) => compareLocations(a.location, b.location));
}

/** File order: by file, then line, then column. */
export function compareLocations(a: ManifestLocation, b: ManifestLocation): number {
  return (a.file < b.file ? -1 : a.file > b.file ? 1 : 0) || a.line - b.line || a.column - b.column;
}
