import { ContentCache } from './content-cache';
import { contentKey, ContentOutcome, ContentTarget, fetchLayer } from './content-fetch';
import { failureFromError, failureFromMismatch, failureFromMissingRef, missingLoginFailure } from './failure';
import { ImagePolicyOutcome, ImagePolicyRequest, selectImage } from './image-policy-request';
import { ResolutionOutcome } from './outcome';
import { PresentedCredentials } from './presented-credentials';
import { accessKey, ChartRequest, RegistryAccess, requestRules } from './request';
import { ContentLimits } from '../archives/content-limits';
import { FluxOciError } from '../foundation/errors';
import { memoized } from '../foundation/memo';
import { OciReference, parseImageName, parseOciReference } from '../foundation/reference';
import { ResolvedChart } from '../model/resolution';
import { RegistryClient, RegistryClientOptions } from '../registry/client';
import { ManifestNotFoundError } from '../registry/errors';
import { localTrustFor } from '../registry/trust/local-trust';
import { selectTag } from '../versions/select/select-tag';
import { classifyVersionRequest } from '../versions/select/version-request';

/** Options for {@link OnlineLookup}: how to build registry clients. */
export interface OnlineLookupOptions {
  /**
   * Client settings (timeouts, retries, dispatcher) for every registry.
   * `credentials`, `ca`, `clientCertificate` and `insecureHosts` come from
   * each request's access and this machine's TLS set-up.
   * @default - RegistryClient defaults
   */
  readonly client?: Omit<RegistryClientOptions, 'credentials' | 'ca' | 'clientCertificate' | 'insecureHosts'>;
  /** Environment for logins, TLS set-up (`HOME`, `SSL_CERT_FILE`) and proxies. @default process.env */
  readonly env?: NodeJS.ProcessEnv;
}

/**
 * Registry lookups for chart requests, each fetched once: an exact version
 * is one manifest HEAD; a range is one tag listing per repository (shared
 * by every range on it) and one HEAD of the tag it selects. Requests that
 * reach a registry the same way share a client (connections, tokens).
 */
export class OnlineLookup {
  private readonly clients = new Map<string, { readonly client: RegistryClient; readonly presented: PresentedCredentials }>();
  private readonly tagLists = new Map<string, Promise<string[]>>();
  private readonly heads = new Map<string, Promise<string>>();
  private readonly contents = new Map<string, Promise<ContentOutcome>>();

  constructor(private readonly options: OnlineLookupOptions = {}) {}

  /** Requests sent (retries and token requests included), summed over every client. */
  public get requests(): number {
    let requests = 0;
    for (const { client } of this.clients.values()) requests += client.stats.requests;
    return requests;
  }

  public async resolve(request: ChartRequest): Promise<ResolutionOutcome> {
    try {
      return await this.lookup(request);
    } catch (e) {
      return { ok: false, failure: failureFromError(request, e, this.presentedFor(request)?.context()) };
    }
  }

  /**
   * What image-reflector-controller will select for an ImagePolicy: the
   * image's tags (one listing per repository and access, shared with
   * charts), the policy over them, and the chosen tag's digest when the
   * policy reflects digests. Never throws for what the registry answers.
   */
  public async latestImage(request: ImagePolicyRequest): Promise<ImagePolicyOutcome> {
    let ref: OciReference | undefined;
    let stage: 'registry' | 'digest' = 'registry';
    try {
      ref = parseImageName(request.image, { allowTag: false, allowDigest: false });
      const repository = ref;
      const access = accessKey(request.access);
      const { client } = this.clientFor(repository.host, request.access);
      const tags = await this.tags(client, access, repository);
      return await selectImage(request, tags, (tag) => {
        stage = 'digest';
        return this.head(client, access, repository.withTag(tag));
      });
    } catch (e) {
      const presented = ref && this.presentedAt(ref.host, request.access)?.context();
      const subject = { path: request.path, reference: ref?.format({ scheme: false }) ?? request.image, version: '' };
      const failure = failureFromError(subject, e, presented);
      const registryCode = failure.registryCode ? { registryCode: failure.registryCode } : {};
      return { ok: false, stage, cause: failure.cause, message: failure.message, ...registryCode };
    }
  }

  /**
   * The chart or artifact layer of a resolved target, from `cache` or the
   * registry (see `fetchLayer`); each distinct layer once per lookup.
   */
  public content(target: ContentTarget, cache: ContentCache | undefined, limits?: ContentLimits): Promise<ContentOutcome> {
    const key = contentKey(target);
    return memoized(this.contents, key, async (): Promise<ContentOutcome> => {
      try {
        const host = parseOciReference(target.reference, { allowTag: false, allowDigest: false }).host;
        return { state: 'fetched', layer: await fetchLayer(this.clientFor(host, target.access).client, target, cache, limits) };
      } catch (e) {
        if (!(e instanceof FluxOciError)) throw e;
        return { state: 'failed', message: e.message };
      }
    });
  }

  public async close(): Promise<void> {
    await Promise.all([...this.clients.values()].map(({ client }) => client.close()));
    this.clients.clear();
  }

  private async lookup(request: ChartRequest): Promise<ResolutionOutcome> {
    const ref = parseOciReference(request.reference, { allowTag: false, allowDigest: false });
    const { presented } = this.clientFor(ref.host, request.access);
    const missing = await presented.missingRequiredLogin(ref.path);
    if (missing) return { ok: false, failure: missingLoginFailure(request, presented.context(), missing) };
    if (request.literal) return this.lookupLiteral(request, ref);
    const rules = requestRules(request);
    // An artifact's `semver` is written to ref.semver as given, where Flux never
    // reads an exact version as a tag; and it selects Flux's content layer, not Helm's.
    const artifact = request.subject === 'artifact';
    const helmChartLayer = !artifact;
    const classified = artifact ? undefined : classifyVersionRequest(request.version, request.ruleSet, rules);
    const access = accessKey(request.access);
    const { client } = this.clientFor(ref.host, request.access);

    if (classified?.kind === 'exact') {
      try {
        const digest = await this.head(client, access, ref.withTag(classified.tag));
        return registryResult({ version: classified.parsed.toString(), tag: classified.tag, digest });
      } catch (e) {
        if (!(e instanceof ManifestNotFoundError)) throw e;
        // Say what exists instead; the listing also tells a wrong path from a wrong version.
        const tags = await this.tags(client, access, ref);
        const selection = selectTag({ tags, constraint: request.version, ruleSet: request.ruleSet, rules, helmChartLayer });
        if (selection.matched) throw e;
        return { ok: false, failure: failureFromMismatch(request, true, selection) };
      }
    }

    const tags = await this.tags(client, access, ref);
    const selection = selectTag({
      tags, constraint: request.version, ruleSet: request.ruleSet, semverFilter: request.semverFilter, rules, helmChartLayer, alwaysRange: artifact,
    });
    if (!selection.matched) return { ok: false, failure: failureFromMismatch(request, false, selection) };
    const digest = await this.head(client, access, ref.withTag(selection.tag));
    return registryResult({ version: selection.version, tag: selection.tag, digest });
  }

  /** A tag or digest as written: one HEAD; when it is missing, the tag list says whether the path or the ref is wrong. */
  private async lookupLiteral(request: ChartRequest, ref: OciReference): Promise<ResolutionOutcome> {
    const access = accessKey(request.access);
    const { client } = this.clientFor(ref.host, request.access);
    const target = request.version.includes(':') ? ref.withDigest(request.version) : ref.withTag(request.version);
    try {
      const digest = await this.head(client, access, target);
      return registryResult({ version: request.version, tag: request.version, digest });
    } catch (e) {
      if (!(e instanceof ManifestNotFoundError)) throw e;
      return { ok: false, failure: failureFromMissingRef(request, await this.tags(client, access, ref)) };
    }
  }

  // Parsed references go to the client: parsing one again per request was a visible share of a lookup's CPU.
  private tags(client: RegistryClient, access: string, repository: OciReference): Promise<string[]> {
    return memoized(this.tagLists, `${access} ${repository.format()}`, () => client.listTags(repository));
  }

  private head(client: RegistryClient, access: string, reference: OciReference): Promise<string> {
    return memoized(this.heads, `${access} ${reference.format()}`, async () => (await client.headManifest(reference)).digest);
  }

  /** The client for a request already made, to say what it presented; undefined when the reference did not parse. */
  private presentedFor(request: ChartRequest): PresentedCredentials | undefined {
    try {
      const host = parseOciReference(request.reference, { allowTag: false, allowDigest: false }).host;
      return this.presentedAt(host, request.access);
    } catch {
      return undefined;
    }
  }

  /** What the client for a host and access presented; undefined when no request reached that client. */
  private presentedAt(host: string, access: RegistryAccess | undefined): PresentedCredentials | undefined {
    return this.clients.get(clientKey(host, access))?.presented;
  }

  /**
   * One client per host and access: the credentials the access says to
   * present, the access's CA and this machine's TLS set-up for the host
   * (certs.d folders, `SSL_CERT_FILE`, a CA stored at login; not for plain HTTP).
   */
  private clientFor(host: string, access: RegistryAccess | undefined): { readonly client: RegistryClient; readonly presented: PresentedCredentials } {
    const key = clientKey(host, access);
    let entry = this.clients.get(key);
    if (!entry) {
      const env = this.options.env ?? process.env;
      const trust = access?.insecure ? undefined : localTrustFor(host, { env });
      const ca = [...(access?.caPem ? [access.caPem] : []), ...(trust?.ca ?? [])];
      const presented = new PresentedCredentials(host, access, env);
      const client = new RegistryClient({
        env,
        ...this.options.client,
        credentials: presented.store,
        insecureHosts: access?.insecure ? [host] : [],
        ...(ca.length ? { ca } : {}),
        ...(trust?.clientCertificate ? { clientCertificate: trust.clientCertificate } : {}),
      });
      entry = { client, presented };
      this.clients.set(key, entry);
    }
    return entry;
  }
}

/** The key of the client for a host and access. */
function clientKey(host: string, access: RegistryAccess | undefined): string {
  return `${host} ${accessKey(access)}`;
}

function registryResult(resolved: ResolvedChart): ResolutionOutcome {
  return { ok: true, resolved, from: 'registry' };
}

