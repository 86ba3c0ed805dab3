/**
 * Flux YAML checked like a synth (`flux-oci check`): files and folders read
 * with positions, each Flux object validated against its CRD, references
 * linked, every OCI chart and artifact looked up through the Resolver.
 */
export { checkManifests } from './check-manifests';
export type { CheckManifestsOptions, CheckProgress, CheckedFluxVersion, ManifestCheckReport } from './check-manifests';
export { parseManifests } from './documents';
export type { NotApplied } from './applied';
export type { LeftOut, SyncArtifact, SyncArtifacts } from './sync-artifact';
export type { ParsedManifests } from './documents';
export type { ManifestObject, ManifestSource, ObjectPatch } from './manifest-object';
export type { Finding, FindingRule, FindingSeverity, ManifestLocation } from './finding';
export { MAX_MANIFEST_BYTES, readManifestSources, STDIN_FILE } from './read-sources';
export type { ReadManifestSourcesOptions } from './read-sources';
