import { createPrivateKey, KeyObject, randomBytes, randomUUID, timingSafeEqual, X509Certificate } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { createServer, IncomingMessage, ServerResponse } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import * as path from 'node:path';
import { KeyReference, signJwt, TokenAlgorithm } from './jwt';
import { createSigningKeyPair } from './pki';
import { closeServer, listenOnLoopback, readAll } from './servers';

/** Behaviour of the test token server; every field can be changed later with `configure()`. */
export interface TokenServerOptions {
  /** Signing algorithm. @default 'RS256' */
  readonly alg?: TokenAlgorithm;
  /** How the JWT header names its key. @default 'x5c' */
  readonly keyReference?: KeyReference;
  /** Token lifetime in seconds, used for `exp` and `expires_in`; negative issues already-expired tokens. @default 300 */
  readonly expiresIn?: number;
  /** Leave `expires_in` out of responses (as GHCR and ACR do). @default false */
  readonly omitExpiresIn?: boolean;
  /** `iss` claim; the registry trusts only the value it was started with. @default 'test-issuer' */
  readonly issuer?: string;
  /** `aud` claim and registry `service`. @default 'test-registry' */
  readonly service?: string;
  /** Write `aud` as a one-element array, which distribution 2.8 rejects. @default false */
  readonly audienceArray?: boolean;
  /** Repositories under this prefix are pullable anonymously. @default 'public/' */
  readonly publicPrefix?: string;
}

/** One entry of a token's `access` claim. */
export interface TokenAccess {
  readonly type: string;
  readonly name: string;
  readonly actions: string[];
}

/** What the token server saw for one request; never holds a password or token. */
export interface TokenRequestRecord {
  readonly method: string;
  /** Path without query, e.g. `/token`. */
  readonly path: string;
  /** Query parameters (GET); repeated ones keep every value. */
  readonly query: Readonly<Record<string, string[]>>;
  /** Form fields (POST) with `password` and `refresh_token` replaced by `[redacted]`. */
  readonly form?: Readonly<Record<string, string>>;
  /** An `Authorization: Basic` header was sent. */
  readonly basicAuth: boolean;
  /** Username from Basic auth or the form, if any. */
  readonly username?: string;
  /** Requested scopes, one entry per space-separated item. */
  readonly scopes: readonly string[];
  /** What the issued token grants; empty when nothing was granted or on error. */
  readonly granted: readonly TokenAccess[];
  readonly status: number;
}

/** A running token server. */
export interface TestTokenServer {
  /** Origin, e.g. `http://localhost:40123` (`https://` when started with `tls`). */
  readonly url: string;
  /** Token endpoint, the registry's `auth.token.realm`. */
  readonly realm: string;
  readonly service: string;
  readonly issuer: string;
  /** PEM bundle of the RSA and EC signing certificates (the registry's `rootcertbundle`). */
  readonly rootCertBundleFile: string;
  /** Every request so far, oldest first. */
  readonly requests: readonly TokenRequestRecord[];
  /** Forgets recorded requests (not refresh tokens). */
  clearRequests(): void;
  /** Changes behaviour for later requests. */
  configure(options: TokenServerOptions): void;
  stop(): Promise<void>;
}

/** Credentials the token server accepts, in addition to its options. */
export interface StartTokenServerOptions extends TokenServerOptions {
  readonly username: string;
  readonly password: string;
  /** Folder for the signing keys. */
  readonly dir: string;
  /**
   * Serve HTTPS with this certificate (one valid for `localhost`). A TLS
   * registry needs it: clients, like go-containerregistry, send credentials
   * to a plain-HTTP realm only for a plain-HTTP registry.
   * @default - plain HTTP
   */
  readonly tls?: { readonly certFile: string; readonly keyFile: string };
}

/** `client_id` the harness's own seeding calls send, so tests can tell them apart. */
export const SEED_CLIENT_ID = 'flux-oci-test-seed';

interface SigningKey {
  readonly privateKey: KeyObject;
  readonly cert: X509Certificate;
}

/**
 * Starts a token server on 127.0.0.1 (named `localhost` in its realm) implementing the distribution token
 * protocol (GET with optional Basic auth) and its OAuth2 form (POST with
 * `password` and `refresh_token` grants). The configured user gets every
 * action it asks for; anonymous callers get `pull` on repositories under
 * `publicPrefix` only; everything else gets an empty grant (still 200, as
 * real token servers answer).
 */
export async function startTokenServer(options: StartTokenServerOptions): Promise<TestTokenServer> {
  const { username: user, password, dir, tls, ...tokenOptions } = options;
  const [rsa, ec] = await Promise.all([
    createSigningKeyPair(dir, 'rsa'),
    createSigningKeyPair(dir, 'ec'),
  ]);
  const rootCertBundleFile = path.join(dir, 'bundle.pem');
  writeFileSync(rootCertBundleFile, rsa.certPem + ec.certPem);
  const keys: Record<TokenAlgorithm, SigningKey> = {
    RS256: { privateKey: createPrivateKey(rsa.keyPem), cert: new X509Certificate(rsa.certPem) },
    ES256: { privateKey: createPrivateKey(ec.keyPem), cert: new X509Certificate(ec.certPem) },
  };

  let settings: Required<TokenServerOptions> = {
    alg: 'RS256',
    keyReference: 'x5c',
    expiresIn: 300,
    omitExpiresIn: false,
    issuer: 'test-issuer',
    service: 'test-registry',
    audienceArray: false,
    publicPrefix: 'public/',
    ...definedOnly(tokenOptions),
  };
  const initial = { issuer: settings.issuer, service: settings.service };
  const requests: TokenRequestRecord[] = [];
  const refreshTokens = new Map<string, string>();

  const checkPassword = (username: string | undefined, given: string | undefined): boolean =>
    username === user && given !== undefined && safeEqual(given, password);

  const issue = (subject: string, access: TokenAccess[]): { token: string; body: Record<string, unknown> } => {
    const now = Math.floor(Date.now() / 1000);
    const claims = {
      iss: settings.issuer,
      sub: subject,
      aud: settings.audienceArray ? [settings.service] : settings.service,
      exp: now + settings.expiresIn,
      nbf: now,
      iat: now,
      jti: randomUUID(),
      access,
    };
    const token = signJwt(claims, keys[settings.alg], settings.alg, settings.keyReference);
    const body: Record<string, unknown> = { issued_at: new Date(now * 1000).toISOString() };
    if (!settings.omitExpiresIn) body.expires_in = settings.expiresIn;
    return { token, body };
  };

  const grant = (username: string | undefined, scopes: readonly string[]): TokenAccess[] => {
    const granted: TokenAccess[] = [];
    for (const scope of scopes) {
      const parsed = parseScope(scope);
      if (!parsed) continue;
      let actions: string[];
      if (username !== undefined) {
        actions = parsed.type === 'registry' && parsed.name === 'catalog' ? ['*'] : parsed.actions;
      } else {
        const isPublic = parsed.type === 'repository' && parsed.name.startsWith(settings.publicPrefix);
        actions = isPublic && parsed.actions.includes('pull') ? ['pull'] : [];
      }
      if (actions.length === 0) continue;
      const existing = granted.find((g) => g.type === parsed.type && g.name === parsed.name);
      if (existing) {
        for (const a of actions) if (!existing.actions.includes(a)) existing.actions.push(a);
      } else {
        granted.push({ type: parsed.type, name: parsed.name, actions: [...actions] });
      }
    }
    return granted;
  };

  const newRefreshToken = (username: string): string => {
    const token = `refresh-${randomBytes(16).toString('hex')}`;
    refreshTokens.set(token, username);
    return token;
  };

  const handleGet = (req: IncomingMessage, url: URL): Reply => {
    const query = groupParams(url.searchParams);
    const scopes = splitScopes(query.scope ?? []);
    const basic = parseBasic(req.headers.authorization);
    const base = { query, basicAuth: basic !== undefined, username: basic?.username, scopes };
    if (basic && !checkPassword(basic.username, basic.password)) {
      return { status: 401, body: errorBody('UNAUTHORIZED', 'invalid username or password'), record: base };
    }
    const granted = grant(basic?.username, scopes);
    const { token, body } = issue(basic?.username ?? '', granted);
    body.token = token;
    body.access_token = token;
    if (basic && query.offline_token?.[0] === 'true') body.refresh_token = newRefreshToken(basic.username);
    return { status: 200, body, record: { ...base, granted } };
  };

  const handlePost = (req: IncomingMessage, form: URLSearchParams): Reply => {
    const fields = Object.fromEntries(form.entries());
    const recordedForm = { ...fields };
    for (const secret of ['password', 'refresh_token']) {
      if (secret in recordedForm) recordedForm[secret] = '[redacted]';
    }
    const scopes = splitScopes(form.getAll('scope'));
    const base = {
      query: {},
      form: recordedForm,
      basicAuth: req.headers.authorization?.toLowerCase().startsWith('basic ') ?? false,
      username: fields.username,
      scopes,
    };
    if (!fields.client_id) {
      return { status: 400, body: { error: 'invalid_request', error_description: 'client_id is required' }, record: base };
    }
    let username: string;
    if (fields.grant_type === 'password') {
      if (!checkPassword(fields.username, fields.password)) {
        return { status: 401, body: { error: 'invalid_grant', error_description: 'invalid username or password' }, record: base };
      }
      username = fields.username;
    } else if (fields.grant_type === 'refresh_token') {
      const owner = fields.refresh_token ? refreshTokens.get(fields.refresh_token) : undefined;
      if (owner === undefined) {
        return { status: 401, body: { error: 'invalid_grant', error_description: 'unknown refresh token' }, record: base };
      }
      username = owner;
    } else {
      return {
        status: 400,
        body: { error: 'unsupported_grant_type', error_description: `grant_type '${fields.grant_type ?? ''}' is not 'password' or 'refresh_token'` },
        record: base,
      };
    }
    const granted = grant(username, scopes);
    const { token, body } = issue(username, granted);
    body.access_token = token;
    body.scope = scopes.join(' ');
    if (fields.access_type === 'offline') body.refresh_token = newRefreshToken(username);
    return { status: 200, body, record: { ...base, username, granted } };
  };

  const listener = (req: IncomingMessage, res: ServerResponse): void => {
    handle(req, res).catch(() => {
      if (!res.headersSent) res.writeHead(500);
      res.end();
    });
  };
  const server = tls
    ? createHttpsServer({ cert: readFileSync(tls.certFile), key: readFileSync(tls.keyFile) }, listener)
    : createServer(listener);

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://token.invalid');
    const body = await readAll(req);
    let reply: Reply;
    if (url.pathname !== '/token') {
      reply = { status: 404, body: errorBody('NOT_FOUND', 'the token endpoint is /token'), record: { query: groupParams(url.searchParams), basicAuth: false, scopes: [] } };
    } else if (req.method === 'GET') {
      reply = handleGet(req, url);
    } else if (req.method === 'POST') {
      reply = handlePost(req, new URLSearchParams(body.toString('utf8')));
    } else {
      reply = { status: 405, body: errorBody('UNSUPPORTED', 'use GET or POST'), record: { query: {}, basicAuth: false, scopes: [] } };
    }
    requests.push({ granted: [], ...reply.record, method: req.method ?? '', path: url.pathname, status: reply.status });
    res.writeHead(reply.status, { 'content-type': 'application/json' });
    res.end(JSON.stringify(reply.body));
  }

  const port = await listenOnLoopback(server);
  // A name, not 127.0.0.1: go-containerregistry (and flux-oci) refuse a realm on a loopback
  // IP literal other than the registry's own host:port, but do not resolve names.
  const url = `${tls ? 'https' : 'http'}://localhost:${port}`;

  return {
    url,
    realm: `${url}/token`,
    service: initial.service,
    issuer: initial.issuer,
    rootCertBundleFile,
    requests,
    clearRequests: () => {
      requests.length = 0;
    },
    configure: (changes) => {
      settings = { ...settings, ...definedOnly(changes) };
    },
    stop: () => closeServer(server),
  };
}

interface Reply {
  readonly status: number;
  readonly body: Record<string, unknown>;
  readonly record: Omit<TokenRequestRecord, 'method' | 'path' | 'status' | 'granted'> & { granted?: TokenAccess[] };
}

/** Splits a `type:name:actions` scope; the name may contain `:` (host:port). */
export function parseScope(scope: string): TokenAccess | undefined {
  const first = scope.indexOf(':');
  const last = scope.lastIndexOf(':');
  if (first < 0 || last === first) return undefined;
  return {
    type: scope.slice(0, first),
    name: scope.slice(first + 1, last),
    actions: scope.slice(last + 1).split(',').filter((a) => a !== ''),
  };
}

function splitScopes(values: readonly string[]): string[] {
  return values.flatMap((v) => v.split(' ')).filter((s) => s !== '');
}

function groupParams(params: URLSearchParams): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const [k, v] of params) (out[k] ??= []).push(v);
  return out;
}

function parseBasic(header: string | undefined): { username: string; password: string } | undefined {
  if (!header || !/^basic /i.test(header)) return undefined;
  const decoded = Buffer.from(header.slice(6).trim(), 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  if (colon < 0) return { username: decoded, password: '' };
  return { username: decoded.slice(0, colon), password: decoded.slice(colon + 1) };
}

function safeEqual(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

function errorBody(code: string, message: string): Record<string, unknown> {
  return { errors: [{ code, message, detail: null }] };
}

function definedOnly<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}
