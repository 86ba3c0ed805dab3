import { ApiContext, CallOptions } from './api';
import { getBlob } from './blob';
import { NotAHelmChartError, RegistryProtocolError } from './errors';
import { getManifest, OciManifest } from './image-manifest';
import { DOCKER_MANIFEST_LIST_MEDIA_TYPE, OCI_INDEX_MEDIA_TYPE, HELM_CONFIG_MEDIA_TYPE } from '../foundation/media-types';
import { printable } from '../foundation/printable';
import { OciReference } from '../foundation/reference';

/** Chart.yaml fields as Helm stores them in the config blob (helm `pkg/chart` `Metadata`). */
export interface HelmChartMetadata {
  readonly name: string;
  readonly version: string;
  readonly apiVersion?: string;
  readonly appVersion?: string;
  readonly description?: string;
  readonly type?: string;
  readonly kubeVersion?: string;
  readonly home?: string;
  readonly icon?: string;
  readonly keywords?: readonly string[];
  readonly sources?: readonly string[];
  readonly deprecated?: boolean;
  readonly annotations?: Readonly<Record<string, string>>;
  readonly [key: string]: unknown;
}

/** A chart's metadata with the manifest it came from. */
export interface ChartMetadataResult {
  /** Manifest digest. */
  readonly digest: string;
  readonly manifest: OciManifest;
  readonly metadata: HelmChartMetadata;
}

/**
 * Reads a chart's Chart.yaml content without downloading the chart: the
 * manifest, then its Helm config blob (`application/vnd.cncf.helm.config.v1+json`).
 */
export async function getChartMetadata(ctx: ApiContext, ref: OciReference, options: CallOptions = {}): Promise<ChartMetadataResult> {
  const fetched = await getManifest(ctx, ref, options);
  const details = { host: ref.host, reference: ref.format(), method: 'GET' };
  if (fetched.mediaType === OCI_INDEX_MEDIA_TYPE || fetched.mediaType === DOCKER_MANIFEST_LIST_MEDIA_TYPE) {
    throw new NotAHelmChartError(`${ref.format()} is an image index (${fetched.mediaType}), not a Helm chart`, { ...details, mediaType: fetched.mediaType });
  }
  const config = fetched.manifest.config;
  if (config?.mediaType !== HELM_CONFIG_MEDIA_TYPE) {
    throw new NotAHelmChartError(
      `${ref.format()} is not a Helm chart: its config media type is '${printable(String(config?.mediaType ?? 'missing'))}', expected '${HELM_CONFIG_MEDIA_TYPE}'`,
      { ...details, mediaType: config?.mediaType });
  }
  const blob = await getBlob(ctx, ref, config.digest, { ...options, size: config.size, maxBytes: 4 * 1024 * 1024 });
  let metadata: any;
  try {
    metadata = JSON.parse(blob.toString('utf8'));
  } catch {
    metadata = undefined;
  }
  if (typeof metadata?.name !== 'string' || typeof metadata?.version !== 'string') {
    throw new RegistryProtocolError(`the Helm config blob of ${ref.format()} is not chart metadata JSON with 'name' and 'version'`, details);
  }
  return { digest: fetched.digest, manifest: fetched.manifest, metadata };
}
