/**
 * Packaging without helm or flux: a chart directory into the archive
 * `helm package` makes, a directory into the layer `flux push artifact`
 * uploads, and the annotations both write. No registry I/O.
 */
export { packageChart } from './package-chart';
export type { PackageChartOptions, PackagedChart } from './package-chart';
export type { FollowedSymlink } from './chart-files';
export { buildArtifact, writeArtifact } from './artifact';
export type { BuildArtifactOptions, FluxArtifact, SkippedPath, WrittenArtifact } from './artifact';
export { loadChartMetadata, parseChartYaml, sanitizeString } from './chart-yaml';
export { chartConfigJson, chartYamlText } from './chart-metadata';
export type { ChartMetadata, ChartMaintainer, ChartDependency, ChartImportValue } from './chart-metadata';
export { chartAnnotations, fluxArtifactAnnotations, OCI_ANNOTATION, REPRODUCIBLE_CREATED } from './annotations';
export type { ChartAnnotationOptions, FluxArtifactAnnotationOptions } from './annotations';
export { HelmIgnore } from './helmignore';
export { FluxIgnore } from './flux-ignore';
export type { IgnoredBy, IgnoreSource } from './flux-ignore';
export { writeTar, writeTarGz } from './tar';
export type { TarEntryInput, TarEntryType, TarWriteOptions } from './tar';
export { findTarGzEntry, readTar, readTarGz } from './tar-reader';
export type { ReadTarOptions, TarReadEntry, TarReadType } from './tar-reader';
export { gzipDeterministic } from './gzip';
export type { GzipOptions } from './gzip';
export { chartReadme, loadChartLayer, readArtifactLayer } from './content-layer';
export type { ArtifactTree } from './content-layer';
export { contentLimits } from './content-limits';
export type { ContentLimits } from './content-limits';
export type { LoadedChart } from './chart-load';
export type { ChartLock } from './chart-lock';
export type { ChartFile } from './chart-files';
export { ChartError, ArtifactError, TarError, HelmIgnoreSyntaxError } from './errors';
export type { ChartErrorDetails } from './errors';
