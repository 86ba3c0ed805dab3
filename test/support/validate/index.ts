/**
 * Test-side view of the library's validator (src/model/crd): manifests
 * checked against the packaged schemas of Flux (current and legacy),
 * helm-operator, and the hand-written core kinds.
 *
 * ```ts
 * expectValid(Testing.synth(chart));                       // current Flux
 * expectValid(objects, { crdSet: 'legacy' });              // Flux 2.7 CRDs
 * expect(validateManifest(release)).toEqual([]);
 * ```
 */
export type { CrdSet } from '../../../src/model/crd';
export { NoSchemaError, servedSchemas as servedVersions } from '../../../src/model/crd';
export { expectValid } from './expect';
export { validateManifest } from './manifest';
export type { ValidateOptions } from './manifest';
