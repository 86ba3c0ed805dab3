/**
 * Publishing: Helm charts as `helm push` writes them and directories as
 * `flux push artifact` does, built from archives and uploaded with the
 * registry client.
 */
export { pushImage } from './image';
export type { BlobInput, ImageInput, PushOptions, PushResult } from './image';
export { pushChart, chartMetadataOf, chartReference } from './chart';
export type { PushChartOptions, PushedChart } from './chart';
export { pushArtifact } from './artifact';
export type { PushArtifactOptions, PushedArtifact } from './artifact';
export { PushInputError } from './errors';
