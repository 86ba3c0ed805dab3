/**
 * Test-side validation of synthesized manifests against the real CRD
 * schemas in reference/ (Flux current and legacy, helm-operator) and
 * hand-written schemas for Secret, Namespace and ExternalSecret.
 *
 * ```ts
 * expectValid(Testing.synth(chart));                       // current Flux
 * expectValid(objects, { crdSet: 'legacy' });              // Flux 2.7 CRDs
 * expect(validateManifest(release)).toEqual([]);
 * ```
 */
import { catalog, CrdSet } from './catalog';

export type { CrdSet } from './catalog';
export { NoSchemaError, SchemaCompileError } from './errors';
export { expectValid } from './expect';
export { validateManifest } from './validator';
export type { ValidateOptions } from './validator';

/** One apiVersion/kind the validator knows, and where its schema comes from. */
export interface ServedVersion {
  readonly apiVersion: string;
  readonly kind: string;
  /** Relative to reference/ for CRDs, to the repository for hand-written schemas. */
  readonly file: string;
  /** `current`, `legacy/<controller>-v<version>` or `hand-written`. */
  readonly origin: string;
  /** The CRD serves the version but marks it deprecated. */
  readonly deprecated: boolean;
}

/** Every apiVersion/kind `validateManifest` accepts for a CRD set, sorted. */
export function servedVersions(options: { crdSet?: CrdSet } = {}): ServedVersion[] {
  return [...catalog(options.crdSet ?? 'current').values()]
    .map(({ apiVersion, kind, file, origin, deprecated }) => ({ apiVersion, kind, file, origin, deprecated }))
    .sort((a, b) => a.apiVersion.localeCompare(b.apiVersion) || a.kind.localeCompare(b.kind));
}
