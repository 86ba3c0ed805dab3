/** The publish side: blob and manifest uploads, Helm charts, Flux artifacts. */
export { blobExists, pushBlob, PUSH_ACTIONS } from './blob-upload';
export type { BlobProgress, PushBlobOptions, PushedBlob } from './blob-upload';
export { pushManifest } from './manifest-push';
export type { PushManifestOptions, PushedManifest } from './manifest-push';
export { pushImage } from './image';
export type { BlobInput, ImageInput, PushOptions, PushResult } from './image';
export { pushChart, chartMetadataOf } from './chart';
export type { PushChartOptions, PushedChart } from './chart';
export { pushArtifact } from './artifact';
export type { PushArtifactOptions, PushedArtifact } from './artifact';
export { PushInputError } from './errors';
