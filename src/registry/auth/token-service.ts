import { registerSecret } from '../../foundation/secrets';
import { Credential } from '../credentials/credential';
import { RegistryProtocolError, RegistryUnauthorizedError, RegistryUnavailableError } from '../errors';
import { BufferedResponse, Transport } from '../transport';
import { basicAuthorization } from './basic';
import { checkedRealm } from './realm';
import { IssuedToken } from './token-cache';

/**
 * Talks to a registry's token service (distribution
 * `docs/spec/auth/token.md` and `oauth.md`): GET with Basic credentials or
 * anonymously, or the OAuth2 refresh-token grant for identity tokens.
 */

/** `client_id` sent with OAuth2 grants. */
export const OAUTH_CLIENT_ID = 'flux-oci';

/** What to ask the token service for. */
export interface TokenRequest {
  /** Registry host the token is for (credentials belong to it). */
  readonly registry: string;
  /** Token endpoint from the registry's challenge. */
  readonly realm: string;
  /** `service` from the challenge. @default - none */
  readonly service?: string;
  readonly scopes: readonly string[];
  /** @default - anonymous */
  readonly credential?: Credential;
  /** The registry itself is plain HTTP (so an http realm is no downgrade; see realm.ts). */
  readonly registryInsecure: boolean;
  /** For error messages. @default - none */
  readonly reference?: string;
}

/** A token and whether credentials were sent to obtain it. */
export interface TokenResult extends IssuedToken {
  readonly credentialsSent: boolean;
}

export async function fetchToken(transport: Transport, req: TokenRequest): Promise<TokenResult> {
  const cred = req.credential;
  if (cred?.registryToken) return { token: cred.registryToken, credentialsSent: true };
  const realm = checkedRealm(req.realm, req);
  if (cred?.identityToken) {
    const res = await postRefreshGrant(transport, realm, req, cred.identityToken);
    // Token services without the OAuth2 endpoint answer 404: fall back to GET, as docker and ggcr do.
    if (res.statusCode !== 404) return parseTokenResponse(res, 'POST', realm, req, true);
  }
  const basic = basicAuthorization(cred);
  const url = new URL(realm.href);
  if (req.service) url.searchParams.append('service', req.service);
  for (const scope of req.scopes) url.searchParams.append('scope', scope);
  const res = await transport.fetch({
    method: 'GET',
    url,
    headers: basic ? { authorization: basic } : {},
    reference: req.reference,
    maxBodyBytes: 1024 * 1024,
  });
  return parseTokenResponse(res, 'GET', realm, req, basic !== undefined);
}

async function postRefreshGrant(transport: Transport, realm: URL, req: TokenRequest, refreshToken: string): Promise<BufferedResponse> {
  const form = new URLSearchParams();
  form.set('grant_type', 'refresh_token');
  if (req.service) form.set('service', req.service);
  form.set('client_id', OAUTH_CLIENT_ID);
  // One space-separated field, unlike the repeated params of the GET flow.
  if (req.scopes.length > 0) form.set('scope', req.scopes.join(' '));
  form.set('refresh_token', refreshToken);
  return transport.fetch({
    method: 'POST',
    url: realm,
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: form.toString(),
    reference: req.reference,
    maxBodyBytes: 1024 * 1024,
  });
}

function parseTokenResponse(res: BufferedResponse, method: string, realm: URL, req: TokenRequest, credentialsSent: boolean): TokenResult {
  const where = `token service ${realm.host}`;
  const details = { host: req.registry, statusCode: res.statusCode, reference: req.reference, method };
  if (res.statusCode === 401 || res.statusCode === 403 || (res.statusCode === 400 && credentialsSent)) {
    throw new RegistryUnauthorizedError(credentialsSent
      ? `the registry refused the credentials for ${req.registry} (${where} answered ${res.statusCode}); check the username and password or token`
      : `${where} refused an anonymous token for ${req.registry} (${res.statusCode}); the registry needs credentials`,
    { ...details, reason: credentialsSent ? 'credentials-refused' : 'no-credentials', credentialsSent });
  }
  if (res.statusCode >= 500 || res.statusCode === 429) {
    throw new RegistryUnavailableError(`${where} for registry ${req.registry} answered ${res.statusCode}`,
      { ...details, reason: 'server-error', attempts: res.attempts });
  }
  if (res.statusCode !== 200) {
    throw new RegistryProtocolError(`${where} for registry ${req.registry} answered ${res.statusCode} to a token request`, details);
  }
  let body: any;
  try {
    body = JSON.parse(res.body.toString('utf8'));
  } catch {
    body = undefined;
  }
  const token = typeof body?.access_token === 'string' && body.access_token !== '' ? body.access_token
    : typeof body?.token === 'string' && body.token !== '' ? body.token : undefined;
  if (token === undefined) {
    throw new RegistryProtocolError(`${where} for registry ${req.registry} answered without a token ('access_token' or 'token')`, details);
  }
  registerSecret(token);
  return {
    token,
    expiresIn: typeof body.expires_in === 'number' ? body.expires_in : undefined,
    issuedAt: typeof body.issued_at === 'string' ? body.issued_at : undefined,
    credentialsSent,
  };
}
