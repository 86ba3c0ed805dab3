import { Credential, registerCredentialSecrets } from '../credentials/credential';
import { CredentialStore } from '../credentials/store';
import { BufferedResponse, StreamingResponse, Transport, TransportRequest, TransportResponse } from '../transport';
import { basicAuthorization } from './basic';
import { AuthChallenge, authChallenge } from './challenge';
import { mergeScopes, scopeSetKey } from './scope';
import { TokenCache } from './token-cache';
import { fetchToken, TokenResult } from './token-service';

/**
 * The auth layer: answers registry challenges (Basic or Bearer), caches
 * tokens per host and scope set, and retries a request once after a 401.
 * Credentials go only to the registry host they belong to and to the token
 * realm that host's challenge names; any other URL is sent without them.
 */

/** A registry request with what auth needs to know. @internal */
export interface AuthRequest extends TransportRequest {
  /** Registry host (`host[:port]`) the credentials belong to. */
  readonly registry: string;
  /** Token scopes, e.g. `repository:charts/app:pull`. @default [] */
  readonly scopes?: readonly string[];
  /** Repository, for stores with per-repository entries. @default - none */
  readonly repository?: string;
  /**
   * The registry's origin (`https://host[:port]`). Credentials are attached
   * only to URLs of exactly this origin, so a redirect to another scheme,
   * host or port goes without them.
   * @default - any URL whose host is `registry`
   */
  readonly origin?: string;
}

/** How the final attempt was authenticated. @internal */
export interface AuthOutcome {
  readonly scheme: 'none' | 'basic' | 'bearer';
  /** Credentials were sent (to the registry or its token service) for the final attempt. */
  readonly credentialsSent: boolean;
  /** `error` of a Bearer challenge on a final 401, e.g. `insufficient_scope`, `invalid_token`. */
  readonly challengeError?: string;
}

/** Options for {@link Authenticator}. @internal */
export interface AuthenticatorOptions {
  readonly transport: Transport;
  /** @default - anonymous */
  readonly credentials?: CredentialStore;
  /** @default - a new cache on the transport's clock */
  readonly tokenCache?: TokenCache;
}

/** What one attempt carried. `token` is the Bearer token sent, if any. */
type Sent = {
  readonly scheme: AuthOutcome['scheme'];
  readonly credentialsSent: boolean;
  readonly header?: string;
  readonly token?: string;
};

/** Made ready before the request waits for its slot, so the header can be chosen synchronously then. */
interface Ready {
  /** The credential lookup has finished (`credential` is meaningful). */
  readonly credentialKnown: boolean;
  readonly credential?: Credential;
  /** The token this request fetched (or awaited) up front. */
  readonly fetched?: TokenResult;
}

const UNAUTHENTICATED: Sent = { scheme: 'none', credentialsSent: false };

/**
 * How requests meet a host's auth, after oras-go's auth client
 * (oras-project/oras-go registry/remote/auth/client.go, `Client.Do`, commit
 * 02575df6b1e72ec799e2652f3fd95e8320c17836): the scheme is remembered per
 * host and a cached token for the request's scope set is sent up front;
 * after a 401 the cache is read again before fetching. Beyond oras-go: the
 * first request to a host goes alone (the others wait for its challenge, so
 * a registry costs one 401, not one per concurrent request); on a Bearer
 * host a token missing from the cache is fetched before sending (one fetch
 * per scope set, shared); and the header is chosen when the request gets its
 * per-host slot, so a queued request leaves with a token that arrived while
 * it waited.
 * @internal
 */
export class Authenticator {
  public readonly tokenCache: TokenCache;
  private readonly transport: Transport;
  private readonly credentials?: CredentialStore;
  private readonly challenges = new Map<string, AuthChallenge>();
  /** Per host, settles when the host's first request has its answer (and the challenge, if any, is known). */
  private readonly probes = new Map<string, Promise<void>>();
  /** Hosts whose first request was answered: their requests wait for nothing (not even a settled promise). */
  private readonly answered = new Set<string>();
  /** What a request to a host without a known challenge needs ready: nothing to fetch. */
  private readonly unchallenged: Ready;
  private readonly credentialLookups = new Map<string, Promise<Credential | undefined>>();
  private readonly tokenFetches = new Map<string, Promise<TokenResult>>();

  constructor(options: AuthenticatorOptions) {
    this.transport = options.transport;
    this.credentials = options.credentials;
    this.tokenCache = options.tokenCache ?? new TokenCache({ now: options.transport.clock });
    this.unchallenged = { credentialKnown: this.credentials === undefined };
  }

  /** Sends with auth and buffers the body. */
  public fetch(req: AuthRequest): Promise<BufferedResponse & { readonly auth: AuthOutcome }> {
    return this.perform(req, (headers, lateHeaders) => this.transport.fetch({ ...req, headers, lateHeaders }), async () => undefined);
  }

  /** Sends with auth and streams the body. */
  public stream(req: AuthRequest): Promise<StreamingResponse & { readonly auth: AuthOutcome }> {
    return this.perform(req, (headers, lateHeaders) => this.transport.stream({ ...req, headers, lateHeaders }), async (res) => {
      res.body.resume();
      res.body.destroy();
    });
  }

  /** Forgets cached tokens, challenges and credentials (e.g. after `docker login`). */
  public reset(): void {
    this.tokenCache.clear();
    this.challenges.clear();
    this.probes.clear();
    this.answered.clear();
    this.credentialLookups.clear();
  }

  private async perform<R extends TransportResponse>(
    req: AuthRequest,
    send: (headers: Record<string, string>, lateHeaders?: () => Record<string, string>) => Promise<R>,
    discard: (res: R) => Promise<void>,
  ): Promise<R & { readonly auth: AuthOutcome }> {
    const base = withoutAuthorization(req.headers);
    const host = req.registry.toLowerCase();
    // Compared as URL origins/hosts so `host:443` and `host` are the same (the text first: an API call passes its URL's origin).
    const sameOrigin = req.origin !== undefined
      ? req.origin === req.url.origin || req.url.origin === new URL(req.origin).origin
      : req.url.host === new URL(`${req.url.protocol}//${host}`).host;
    if (!sameOrigin) {
      // Not the registry (e.g. a blob redirect to a CDN): never attach its credentials.
      const res = await send(base);
      return withAuth(res, UNAUTHENTICATED);
    }
    const scopes = req.scopes ?? [];
    const registryInsecure = req.url.protocol === 'http:';

    const endProbe = this.answered.has(host) ? undefined : await this.awaitProbe(host);
    let sent = UNAUTHENTICATED;
    try {
      const ready = this.challenges.has(host) ? await this.prepare(host, scopes, req.repository, registryInsecure, req.reference) : this.unchallenged;
      const first = await send(base, (): Record<string, string> => {
        sent = this.upFront(host, scopes, ready);
        return sent.header !== undefined ? { authorization: sent.header } : {};
      });
      if (first.statusCode !== 401) return withAuth(first, sent);

      const challenge = authChallenge(first.headers);
      if (!challenge) return withAuth(first, sent);
      // A refused token leaves the cache, unless another request has replaced it meanwhile.
      if (sent.token !== undefined && this.tokenCache.get(host, scopes) === sent.token) this.tokenCache.delete(host, scopes);
      this.challenges.set(host, challenge);
      endProbe?.(true);

      const credential = await this.credentialFor(host, req.repository);
      let retry: Sent;
      if (challenge.scheme === 'basic') {
        const basic = basicAuthorization(credential);
        // Nothing new to try: no credentials, or these very credentials were just refused.
        if (!basic || sent.scheme === 'basic') {
          return withAuth(first, { scheme: 'basic', credentialsSent: sent.credentialsSent });
        }
        await discard(first);
        retry = { scheme: 'basic', credentialsSent: true, header: basic };
      } else {
        const wanted = mergeScopes(challengeScopes(challenge), scopes);
        // A token fetched for this very request and scope set was refused: fetching again would get the same answer.
        if (sent.token !== undefined && sent.token === ready.fetched?.token && scopeSetKey(wanted) === scopeSetKey(scopes)) {
          return withAuth(first, { scheme: 'bearer', credentialsSent: sent.credentialsSent, challengeError: challenge.params.error });
        }
        // Freed before fetching: a streamed 401 holds the host's slot, and the realm may be on the same host.
        await discard(first);
        // Another request may have cached a token for these scopes while this one was out.
        const cached = this.tokenCache.get(host, scopes);
        if (cached !== undefined && cached !== sent.token) {
          retry = { scheme: 'bearer', credentialsSent: credential !== undefined, header: `Bearer ${cached}`, token: cached };
        } else {
          const token = await this.token(host, challenge, wanted, credential, registryInsecure, req.reference);
          this.tokenCache.set(host, scopes, token);
          retry = { scheme: 'bearer', credentialsSent: token.credentialsSent, header: `Bearer ${token.token}`, token: token.token };
        }
      }

      const second = await send({ ...base, authorization: retry.header! });
      if (second.statusCode !== 401) return withAuth(second, retry);
      if (retry.token !== undefined && this.tokenCache.get(host, scopes) === retry.token) this.tokenCache.delete(host, scopes);
      const challengeError = authChallenge(second.headers)?.params.error;
      return withAuth(second, { scheme: retry.scheme, credentialsSent: retry.credentialsSent, challengeError });
    } catch (err) {
      endProbe?.(false);
      throw err;
    } finally {
      endProbe?.(true);
    }
  }

  /**
   * Waits while the host's first request is out to learn its challenge;
   * returns the function that ends the probe when this request is the first
   * (`false`: it failed, so the next request probes again).
   */
  private async awaitProbe(host: string): Promise<((answered: boolean) => void) | undefined> {
    const running = this.probes.get(host);
    if (running) {
      await running;
      return undefined;
    }
    if (this.challenges.has(host)) return undefined;
    let settle!: () => void;
    const probe = new Promise<void>((resolve) => { settle = resolve; });
    this.probes.set(host, probe);
    let ended = false;
    return (answered) => {
      if (ended) return;
      ended = true;
      // After a reset() the map may hold a newer probe; leave that one alone.
      if (this.probes.get(host) === probe) {
        if (answered) this.answered.add(host);
        else this.probes.delete(host);
      }
      settle();
    };
  }

  /**
   * What the first attempt needs, obtained before it waits for its slot: the
   * credential once the host is known to ask for one, and on a Bearer host
   * the token for this scope set when the cache has none.
   */
  private async prepare(
    host: string,
    scopes: readonly string[],
    repository: string | undefined,
    registryInsecure: boolean,
    reference?: string,
  ): Promise<Ready> {
    const known = this.challenges.get(host);
    if (!known) return this.unchallenged;
    const credential = await this.credentialFor(host, repository);
    if (known.scheme !== 'bearer' || this.tokenCache.get(host, scopes) !== undefined) return { credentialKnown: true, credential };
    // Only this request's scopes: the known challenge's `scope` names some other request's repository.
    const fetched = await this.token(host, known, mergeScopes(scopes), credential, registryInsecure, reference);
    this.tokenCache.set(host, scopes, fetched);
    return { credentialKnown: true, credential, fetched };
  }

  /** The Authorization header for an attempt, chosen when it gets its slot (synchronously, from the cache). */
  private upFront(host: string, scopes: readonly string[], ready: Ready): Sent {
    const known = this.challenges.get(host);
    if (!known || !ready.credentialKnown) return UNAUTHENTICATED;
    if (known.scheme === 'basic') {
      const header = basicAuthorization(ready.credential);
      return header ? { scheme: 'basic', credentialsSent: true, header } : UNAUTHENTICATED;
    }
    const token = this.tokenCache.get(host, scopes);
    if (token === undefined) return UNAUTHENTICATED;
    const credentialsSent = token === ready.fetched?.token ? ready.fetched.credentialsSent : ready.credential !== undefined;
    return { scheme: 'bearer', credentialsSent, header: `Bearer ${token}`, token };
  }

  private credentialFor(host: string, repository?: string): Promise<Credential | undefined> {
    if (!this.credentials) return Promise.resolve(undefined);
    const key = `${host}\n${repository ?? ''}`;
    let lookup = this.credentialLookups.get(key);
    if (!lookup) {
      // Sealed credentials are registered for masking already; a custom store's plain object is registered here.
      lookup = this.credentials.get(host, repository).then((found) => {
        if (found) registerCredentialSecrets(found);
        return found;
      });
      this.credentialLookups.set(key, lookup);
      // A failed lookup (helper error) is not remembered; the next request tries again.
      lookup.catch(() => this.credentialLookups.delete(key));
    }
    return lookup;
  }

  /** One token fetch per host, realm and scope set at a time; concurrent requests share it. */
  private token(
    host: string,
    challenge: AuthChallenge,
    wanted: readonly string[],
    credential: Credential | undefined,
    registryInsecure: boolean,
    reference?: string,
  ): Promise<TokenResult> {
    const key = `${host}\n${challenge.params.realm}\n${scopeSetKey(wanted)}`;
    let pending = this.tokenFetches.get(key);
    if (!pending) {
      pending = fetchToken(this.transport, {
        registry: host,
        realm: challenge.params.realm ?? '',
        service: challenge.params.service,
        scopes: wanted,
        credential,
        registryInsecure,
        reference,
      }).finally(() => this.tokenFetches.delete(key));
      this.tokenFetches.set(key, pending);
    }
    return pending;
  }
}

/** The scope the registry asked for goes first: some registries read only the first. */
function challengeScopes(challenge: AuthChallenge): string[] {
  return (challenge.params.scope ?? '').split(' ').filter((s) => s !== '');
}

const NO_HEADERS: Readonly<Record<string, string>> = Object.freeze({});

/** The caller's headers less any `authorization` (this layer chooses that); the same object when there is none. */
function withoutAuthorization(headers: Readonly<Record<string, string>> | undefined): Readonly<Record<string, string>> {
  if (headers === undefined) return NO_HEADERS;
  if (!('authorization' in headers)) return headers;
  const { authorization: _dropped, ...rest } = headers;
  return rest;
}

function withAuth<R extends object>(res: R, sent: Sent | AuthOutcome): R & { readonly auth: AuthOutcome } {
  const auth: AuthOutcome = 'challengeError' in sent
    ? sent
    : { scheme: sent.scheme, credentialsSent: sent.credentialsSent };
  return Object.assign(res, { auth });
}
