/**
 * flux-oci core: the Flux model and manifest builders, the OCI registry
 * client, chart version resolution, and chart/artifact packaging. Imports
 * neither cdk8s nor Pulumi.
 *
 * @module flux-oci
 */
export * from './core';
export * from './oci';
export * from './resolve';
export * from './package';
