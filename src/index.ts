/**
 * flux-oci core: the Flux model and manifest builders, the OCI registry
 * client, chart version selection and the registry check, and chart/artifact
 * packaging and publishing. Imports neither cdk8s nor Pulumi.
 *
 * @module flux-oci
 */
export * from './foundation';
export * from './versions';
export * from './model';
export * from './registry';
export * from './archives';
export * from './values';
export * from './publish';
export * from './check';
