import { createHash } from 'node:crypto';
import { buildProvenance, buildTestChart } from './chart';
import { RegistryHarnessError } from './errors';
import { MEDIA_TYPES, OciDescriptor, OciManifest } from './media-types';
import type { TestRegistry } from './registry';
import { authorizationFor, expectStatus, registryCall } from './seed-client';

/** Options for {@link pushTestChart}. */
export interface PushTestChartOptions {
  /** Repository path, e.g. `charts/mychart`. */
  readonly repository: string;
  /** @default - the last segment of `repository` */
  readonly name?: string;
  /** Chart version; may contain `+`. */
  readonly version: string;
  /** @default - `version` with `+` replaced by `_`, as Helm tags it */
  readonly tag?: string;
  /** @default - none */
  readonly appVersion?: string;
  /** @default 'tiny test chart' */
  readonly description?: string;
  /** More chart files, relative to the chart folder. @default - none */
  readonly extraFiles?: Readonly<Record<string, string | Buffer>>;
  /** Add a provenance layer as `helm push` does for a signed chart. @default false */
  readonly provenance?: boolean;
  /**
   * More manifest annotations (`org.opencontainers.image.created`, the
   * Chart.yaml annotations `helm push` copies, …). @default - none
   */
  readonly annotations?: Readonly<Record<string, string>>;
}

/** What {@link pushTestChart} wrote. */
export interface PushedChart {
  /** `127.0.0.1:<port>/<repository>:<tag>` */
  readonly reference: string;
  readonly repository: string;
  readonly tag: string;
  /** Manifest digest (`sha256:…`). */
  readonly digest: string;
  readonly layerDigest: string;
  readonly configDigest: string;
  /** Set when `provenance` was requested. */
  readonly provenanceDigest?: string;
  /** The chart archive, byte for byte what the layer holds. */
  readonly chartTgz: Buffer;
  /** The manifest bytes as pushed. */
  readonly manifest: Buffer;
}

/**
 * Pushes a freshly built Helm chart the way `helm push` lays it out: config
 * blob (chart metadata JSON), chart layer, optional provenance layer, and
 * an OCI manifest without top-level `mediaType`, sent with the OCI content
 * type. Uses raw distribution API calls, independent of flux-oci's client.
 */
export async function pushTestChart(registry: TestRegistry, options: PushTestChartOptions): Promise<PushedChart> {
  const name = options.name ?? options.repository.split('/').pop()!;
  const tag = options.tag ?? options.version.replace(/\+/g, '_');
  const chart = buildTestChart({ ...options, name });
  const authorization = await authorizationFor(registry, options.repository, ['push', 'pull']);
  const session = { registry, repository: options.repository, authorization };

  const config = await uploadBlob(session, chart.configJson, MEDIA_TYPES.helmConfig);
  const layers = [await uploadBlob(session, chart.tgz, MEDIA_TYPES.helmChart)];
  let provenanceDigest: string | undefined;
  if (options.provenance) {
    const prov = await uploadBlob(session, buildProvenance(name, options.version, chart), MEDIA_TYPES.helmProvenance);
    provenanceDigest = prov.digest;
    layers.push(prov);
  }
  layers.sort((a, b) => (a.digest < b.digest ? -1 : a.digest > b.digest ? 1 : 0)); // Helm sorts layers by digest
  const manifest: OciManifest = {
    schemaVersion: 2,
    config,
    layers,
    annotations: {
      'org.opencontainers.image.description': options.description ?? 'tiny test chart',
      'org.opencontainers.image.title': name,
      'org.opencontainers.image.version': options.version,
      ...options.annotations,
    },
  };
  const manifestBytes = Buffer.from(JSON.stringify(manifest));
  const { digest } = await putManifest(session, tag, manifestBytes, MEDIA_TYPES.ociManifest);
  return {
    reference: `${registry.host}/${options.repository}:${tag}`,
    repository: options.repository,
    tag,
    digest,
    layerDigest: layers.find((l) => l.mediaType === MEDIA_TYPES.helmChart)!.digest,
    configDigest: config.digest,
    provenanceDigest,
    chartTgz: chart.tgz,
    manifest: manifestBytes,
  };
}

/** Options for {@link pushTestTags}. */
export interface PushTestTagsOptions {
  /** Version written into the shared chart. @default '0.0.0' */
  readonly version?: string;
  /** Manifest PUTs in flight at once. @default 8 */
  readonly concurrency?: number;
}

/**
 * Tags one chart manifest under every tag in `tags` (blobs uploaded once),
 * for tag-listing and selection tests. All tags share one digest and the
 * chart inside carries `options.version`, not the tag.
 */
export async function pushTestTags(
  registry: TestRegistry,
  repository: string,
  tags: readonly string[],
  options: PushTestTagsOptions = {},
): Promise<{ readonly digest: string; readonly tags: readonly string[] }> {
  if (tags.length === 0) throw new RegistryHarnessError('pushTestTags needs at least one tag, got []');
  const first = await pushTestChart(registry, { repository, version: options.version ?? '0.0.0', tag: tags[0] });
  const authorization = await authorizationFor(registry, repository, ['push', 'pull']);
  const session = { registry, repository, authorization };
  const queue = tags.slice(1);
  const worker = async (): Promise<void> => {
    for (let tag = queue.shift(); tag !== undefined; tag = queue.shift()) {
      await putManifest(session, tag, first.manifest, MEDIA_TYPES.ociManifest);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, options.concurrency ?? 8) }, worker));
  return { digest: first.digest, tags: [...tags] };
}

/** Uploads a blob (skipped if the registry has it) and returns its descriptor. */
export async function pushBlob(
  registry: TestRegistry,
  repository: string,
  data: Buffer,
  mediaType = 'application/octet-stream',
): Promise<OciDescriptor> {
  const authorization = await authorizationFor(registry, repository, ['push', 'pull']);
  return uploadBlob({ registry, repository, authorization }, data, mediaType);
}

/**
 * PUTs a manifest as given (object → compact JSON; bytes → unchanged) under
 * a tag or digest, with `mediaType` as `Content-Type`.
 * @returns the digest the registry reports
 */
export async function pushRawManifest(
  registry: TestRegistry,
  repository: string,
  reference: string,
  manifest: Buffer | string | object,
  mediaType: string = MEDIA_TYPES.ociManifest,
): Promise<{ readonly digest: string }> {
  const bytes = Buffer.isBuffer(manifest) ? manifest
    : Buffer.from(typeof manifest === 'string' ? manifest : JSON.stringify(manifest));
  const authorization = await authorizationFor(registry, repository, ['push', 'pull']);
  return putManifest({ registry, repository, authorization }, reference, bytes, mediaType);
}

interface Session {
  readonly registry: TestRegistry;
  readonly repository: string;
  readonly authorization?: string;
}

async function uploadBlob(session: Session, data: Buffer, mediaType: string): Promise<OciDescriptor> {
  const { registry, repository, authorization } = session;
  const digest = sha256Digest(data);
  const descriptor = { mediaType, digest, size: data.length };
  const head = await registryCall(registry, 'HEAD', `/v2/${repository}/blobs/${digest}`, { authorization });
  if (head.status === 200) return descriptor;

  const start = await registryCall(registry, 'POST', `/v2/${repository}/blobs/uploads/`, { authorization });
  expectStatus(start, [202], `starting a blob upload to ${repository}`);
  const location = start.headers.location;
  if (typeof location !== 'string') {
    throw new RegistryHarnessError(`starting a blob upload to ${repository}: 202 without a Location header`);
  }
  // The Location may be relative and may carry its own query (`_state`): append, never rebuild.
  const target = `${location}${location.includes('?') ? '&' : '?'}digest=${encodeURIComponent(digest)}`;
  const put = await registryCall(registry, 'PUT', target, {
    authorization,
    headers: { 'content-type': 'application/octet-stream' },
    body: data,
  });
  expectStatus(put, [201], `completing the upload of ${digest} to ${repository}`);
  return descriptor;
}

async function putManifest(session: Session, reference: string, bytes: Buffer, mediaType: string): Promise<{ digest: string }> {
  const { registry, repository, authorization } = session;
  const res = await registryCall(registry, 'PUT', `/v2/${repository}/manifests/${reference}`, {
    authorization,
    headers: { 'content-type': mediaType },
    body: bytes,
  });
  expectStatus(res, [201], `pushing manifest ${repository}:${reference}`);
  const expected = sha256Digest(bytes);
  const reported = res.headers['docker-content-digest'];
  if (reported !== undefined && reported !== expected) {
    throw new RegistryHarnessError(`pushing manifest ${repository}:${reference}: registry reported digest ${String(reported)}, computed ${expected}`);
  }
  return { digest: expected };
}

/** `sha256:<hex>` of `data`. */
export function sha256Digest(data: Buffer): string {
  return `sha256:${createHash('sha256').update(data).digest('hex')}`;
}
