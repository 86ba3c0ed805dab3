import { Credential, registerCredentialSecrets } from '../credentials/credential';
import { CredentialStore } from '../credentials/store';
import { BufferedResponse, StreamingResponse, Transport, TransportRequest, TransportResponse } from '../transport';
import { basicAuthorization } from './basic';
import { AuthChallenge, authChallenge } from './challenge';
import { mergeScopes } from './scope';
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

type Sent = { readonly scheme: AuthOutcome['scheme']; readonly credentialsSent: boolean; readonly cachedToken: boolean };

/** @internal */
export class Authenticator {
  public readonly tokenCache: TokenCache;
  private readonly transport: Transport;
  private readonly credentials?: CredentialStore;
  private readonly challenges = new Map<string, AuthChallenge>();
  private readonly credentialLookups = new Map<string, Promise<Credential | undefined>>();
  private readonly tokenFetches = new Map<string, Promise<TokenResult>>();

  constructor(options: AuthenticatorOptions) {
    this.transport = options.transport;
    this.credentials = options.credentials;
    this.tokenCache = options.tokenCache ?? new TokenCache({ now: options.transport.clock });
  }

  /** Sends with auth and buffers the body. */
  public fetch(req: AuthRequest): Promise<BufferedResponse & { readonly auth: AuthOutcome }> {
    return this.perform(req, (headers) => this.transport.fetch({ ...req, headers }), async () => undefined);
  }

  /** Sends with auth and streams the body. */
  public stream(req: AuthRequest): Promise<StreamingResponse & { readonly auth: AuthOutcome }> {
    return this.perform(req, (headers) => this.transport.stream({ ...req, headers }), async (res) => {
      res.body.resume();
      res.body.destroy();
    });
  }

  /** Forgets cached tokens, challenges and credentials (e.g. after `docker login`). */
  public reset(): void {
    this.tokenCache.clear();
    this.challenges.clear();
    this.credentialLookups.clear();
  }

  private async perform<R extends TransportResponse>(
    req: AuthRequest,
    send: (headers: Record<string, string>) => Promise<R>,
    discard: (res: R) => Promise<void>,
  ): Promise<R & { readonly auth: AuthOutcome }> {
    const base: Record<string, string> = { ...req.headers };
    delete base.authorization;
    const host = req.registry.toLowerCase();
    // Compared as URL origins/hosts so `host:443` and `host` are the same.
    const sameOrigin = req.origin !== undefined
      ? req.url.origin === new URL(req.origin).origin
      : req.url.host === new URL(`${req.url.protocol}//${host}`).host;
    if (!sameOrigin) {
      // Not the registry (e.g. a blob redirect to a CDN): never attach its credentials.
      const res = await send(base);
      return withAuth(res, { scheme: 'none', credentialsSent: false });
    }
    const scopes = req.scopes ?? [];

    const pre = await this.preAuthorize(host, scopes, req.repository);
    const first = await send(pre.header ? { ...base, authorization: pre.header } : base);
    if (first.statusCode !== 401) return withAuth(first, pre.sent);

    const challenge = authChallenge(first.headers);
    if (!challenge) return withAuth(first, pre.sent);
    if (pre.sent.cachedToken) this.tokenCache.delete(host, scopes);
    this.challenges.set(host, challenge);

    const credential = await this.credentialFor(host, req.repository);
    let header: string;
    let sent: Sent;
    if (challenge.scheme === 'basic') {
      const basic = basicAuthorization(credential);
      // Nothing new to try: no credentials, or these very credentials were just refused.
      if (!basic || pre.sent.scheme === 'basic') {
        return withAuth(first, { scheme: 'basic', credentialsSent: pre.sent.credentialsSent });
      }
      await discard(first);
      header = basic;
      sent = { scheme: 'basic', credentialsSent: true, cachedToken: false };
    } else {
      await discard(first);
      const token = await this.token(host, challenge, scopes, credential, req.url.protocol === 'http:', req.reference);
      this.tokenCache.set(host, scopes, token);
      header = `Bearer ${token.token}`;
      sent = { scheme: 'bearer', credentialsSent: token.credentialsSent, cachedToken: false };
    }

    const second = await send({ ...base, authorization: header });
    if (second.statusCode !== 401) return withAuth(second, sent);
    if (sent.scheme === 'bearer') this.tokenCache.delete(host, scopes);
    const challengeError = authChallenge(second.headers)?.params.error;
    return withAuth(second, { scheme: sent.scheme, credentialsSent: sent.credentialsSent, challengeError });
  }

  /** The Authorization header to send up front, from what this host asked for before. */
  private async preAuthorize(host: string, scopes: readonly string[], repository?: string): Promise<{ header?: string; sent: Sent }> {
    const known = this.challenges.get(host);
    if (known?.scheme === 'bearer') {
      const token = this.tokenCache.get(host, scopes);
      if (token) {
        const credentialsSent = (await this.credentialFor(host, repository)) !== undefined;
        return { header: `Bearer ${token}`, sent: { scheme: 'bearer', credentialsSent, cachedToken: true } };
      }
    } else if (known?.scheme === 'basic') {
      const header = basicAuthorization(await this.credentialFor(host, repository));
      if (header) return { header, sent: { scheme: 'basic', credentialsSent: true, cachedToken: false } };
    }
    return { sent: { scheme: 'none', credentialsSent: false, cachedToken: false } };
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

  /** One token fetch per host and scope set at a time; concurrent requests share it. */
  private token(
    host: string,
    challenge: AuthChallenge,
    scopes: readonly string[],
    credential: Credential | undefined,
    registryInsecure: boolean,
    reference?: string,
  ): Promise<TokenResult> {
    const challengeScopes = (challenge.params.scope ?? '').split(' ').filter((s) => s !== '');
    // The scope the registry asked for goes first: some registries read only the first.
    const wanted = mergeScopes(challengeScopes, scopes);
    const key = `${host}\n${challenge.params.realm}\n${wanted.join(' ')}`;
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

function withAuth<R extends object>(res: R, sent: Sent | AuthOutcome): R & { readonly auth: AuthOutcome } {
  const auth: AuthOutcome = 'cachedToken' in sent
    ? { scheme: sent.scheme, credentialsSent: sent.credentialsSent }
    : sent;
  return Object.assign(res, { auth });
}
