import { ApiContext, CallOptions } from './api';
import { Authenticator } from './auth/authenticator';
import { TokenCache } from './auth/token-cache';
import { BlobOptions, getBlob, GetBlobOptions, openBlob, OpenedBlob } from './blob';
import { BlobContent, blobExists, pushBlob, PushBlobOptions, PushedBlob } from './blob-upload';
import { ChartMetadataResult, getChartMetadata } from './chart';
import { CredentialStore } from './credentials/store';
import { FetchedManifest, getManifest, headManifest, ManifestDescriptor } from './image-manifest';
import { PushedManifest, pushManifest, PushManifestOptions } from './manifest-push';
import { responseError } from './response-mapping';
import { TagListLimits } from './tag-limits';
import { listTags } from './tags';
import { header, RequestStats, Transport, TransportOptions } from './transport';
import { OciReference, parseOciReference } from '../foundation/reference';

/** Options for {@link RegistryClient}. */
export interface RegistryClientOptions extends TransportOptions {
  /**
   * Where credentials come from, per registry host.
   * @default - anonymous; use `defaultCredentialStore()` for the local helm/docker/podman logins
   */
  readonly credentials?: CredentialStore;
  /**
   * Bounds of one tag listing (pages followed, tags listed); exceeding one
   * is a `RegistryProtocolError` naming it.
   * @default - 1000 pages, 100000 tags
   */
  readonly tagListLimits?: TagListLimits;
}

/** What {@link RegistryClient.ping} learned. */
export interface PingResult {
  /** `host[:port]`. */
  readonly host: string;
  /** `https://host` or `http://host`. */
  readonly url: string;
  /** `Docker-Distribution-Api-Version`, e.g. `registry/2.0`. */
  readonly apiVersion?: string;
  /** How the registry authenticated the ping. */
  readonly auth: 'none' | 'basic' | 'bearer';
}

/**
 * A client for the OCI distribution API: tags, manifests, blobs, Helm
 * chart metadata, and pushes of blobs and manifests (charts and Flux
 * artifacts are pushed by `pushChart`/`pushArtifact`, which build on it). One instance shares connections, tokens and
 * credentials across calls; `close()` it when done.
 *
 * Errors are `RegistryError` subclasses with a stable `code` and a `fault`
 * (`path`, `version`, `credentials`, `registry`); none carries a credential.
 *
 * @example
 * const client = new RegistryClient({ credentials: defaultCredentialStore() });
 * const ref = parseOciReference('oci://ghcr.io/acme/charts/app');
 * const tags = await client.listTags(ref);
 * const { digest } = await client.headManifest(ref.withTag('1.2.3'));
 */
export class RegistryClient {
  private readonly transport: Transport;
  private readonly auth: Authenticator;
  private readonly ctx: ApiContext;

  constructor(options: RegistryClientOptions = {}) {
    this.transport = new Transport(options);
    this.auth = new Authenticator({
      transport: this.transport,
      credentials: options.credentials,
      tokenCache: new TokenCache({ now: this.transport.clock }),
    });
    this.ctx = { transport: this.transport, auth: this.auth, tagListLimits: options.tagListLimits };
  }

  /** Requests sent so far (retries and token requests included) and bytes received, per host. */
  public get stats(): RequestStats {
    return this.transport.stats;
  }

  /**
   * `GET /v2/`: checks that `host` speaks the distribution API and that the
   * credentials (if any) are accepted.
   * @throws RegistryUnauthorizedError when the registry requires credentials that were not given or are refused
   */
  public async ping(host: string, options: CallOptions = {}): Promise<PingResult> {
    const ref = parseOciReference(`oci://${host}/ping`);
    const url = new URL('/v2/', this.transport.baseUrl(ref.host, options.insecure));
    const res = await this.auth.fetch({ method: 'GET', url, registry: ref.host, origin: url.origin, scopes: [] });
    if (res.statusCode !== 200) throw responseError(res, { host: ref.host, method: 'GET', url, target: 'ping', auth: res.auth });
    return { host: ref.host, url: url.origin, apiVersion: header(res.headers, 'docker-distribution-api-version'), auth: res.auth.scheme };
  }

  /** Every tag of the repository, in the registry's order, as Flux reads them (see {@link listTags}). Tag or digest on `repository` are ignored. */
  public async listTags(repository: OciReference | string, options: CallOptions = {}): Promise<string[]> {
    return listTags(this.ctx, toRef(repository), options);
  }

  /** Digest, media type and size of a manifest by tag or digest, via HEAD. */
  public async headManifest(ref: OciReference | string, options: CallOptions = {}): Promise<ManifestDescriptor> {
    return headManifest(this.ctx, toRef(ref), options);
  }

  /** A manifest by tag or digest, digest-verified. */
  public async getManifest(ref: OciReference | string, options: CallOptions = {}): Promise<FetchedManifest> {
    return getManifest(this.ctx, toRef(ref), options);
  }

  /** A blob of the repository, read into memory and digest-verified. */
  public async getBlob(repository: OciReference | string, digest: string, options: GetBlobOptions = {}): Promise<Buffer> {
    return getBlob(this.ctx, toRef(repository), digest, options);
  }

  /** A blob of the repository as a stream that fails at the end on a digest mismatch. */
  public async openBlob(repository: OciReference | string, digest: string, options: BlobOptions = {}): Promise<OpenedBlob> {
    return openBlob(this.ctx, toRef(repository), digest, options);
  }

  /** A Helm chart's Chart.yaml content (the config blob), without downloading the chart. */
  public async getChartMetadata(ref: OciReference | string, options: CallOptions = {}): Promise<ChartMetadataResult> {
    return getChartMetadata(this.ctx, toRef(ref), options);
  }

  /** Whether the repository has a blob (`HEAD`). Tag or digest on `repository` are ignored. */
  public async blobExists(repository: OciReference | string, digest: string, options: CallOptions = {}): Promise<boolean> {
    return blobExists(this.ctx, toRef(repository).withoutVersion(), digest, options);
  }

  /** Uploads a blob (bytes, or a file streamed in chunks) unless the repository has it (see `pushBlob`). */
  public async pushBlob(repository: OciReference | string, content: BlobContent, options: PushBlobOptions = {}): Promise<PushedBlob> {
    return pushBlob(this.ctx, toRef(repository).withoutVersion(), content, options);
  }

  /** `PUT`s a manifest under `ref`'s tag (or digest). Push its blobs first. */
  public async pushManifest(ref: OciReference | string, manifest: Buffer, options: PushManifestOptions = {}): Promise<PushedManifest> {
    return pushManifest(this.ctx, toRef(ref), manifest, options);
  }

  /** Marks a host as plain HTTP for all later calls (Flux `insecure: true`). */
  public markInsecure(host: string): void {
    this.transport.markInsecure(host);
  }

  /** Forgets cached tokens and credential lookups. */
  public resetAuth(): void {
    this.auth.reset();
  }

  /** Closes connections the client opened (not an injected dispatcher). */
  public close(): Promise<void> {
    return this.transport.close();
  }
}

function toRef(ref: OciReference | string): OciReference {
  return typeof ref === 'string' ? parseOciReference(ref, { allowBare: true }) : ref;
}
