import { request } from 'undici';
import { basicAuthorization } from './credentials';
import { RegistryHarnessError } from './errors';
import type { TestRegistry } from './registry';
import { SEED_CLIENT_ID } from './token-server';

/** A buffered registry response. */
export interface RawResponse {
  readonly status: number;
  readonly headers: Readonly<Record<string, string | string[] | undefined>>;
  readonly body: Buffer;
}

/**
 * An `Authorization` header value that lets the harness act on
 * `repository` with `actions` — Basic for htpasswd, a Bearer token fetched
 * from the token server (with `client_id=flux-oci-test-seed`, so tests can
 * filter these fetches out of `tokenServer.requests`) for token auth, and
 * `undefined` for an anonymous registry.
 */
export async function authorizationFor(
  registry: TestRegistry,
  repository: string,
  actions: readonly string[] = ['pull'],
): Promise<string | undefined> {
  if (registry.auth === 'none') return undefined;
  const basic = basicAuthorization(registry.username!, registry.password!);
  if (registry.auth === 'htpasswd') return basic;
  const server = registry.tokenServer!;
  const url = new URL(server.realm);
  url.searchParams.set('service', server.service);
  url.searchParams.set('scope', `repository:${repository}:${actions.join(',')}`);
  url.searchParams.set('client_id', SEED_CLIENT_ID);
  const res = await request(url, { headers: { authorization: basic }, dispatcher: registry.dispatcher });
  const body = await res.body.text();
  if (res.statusCode !== 200) {
    throw new RegistryHarnessError(`token server answered ${res.statusCode} to the harness's token request for ${repository}`);
  }
  return `Bearer ${(JSON.parse(body) as { token: string }).token}`;
}

/** One request to the registry (path relative to its URL, or an absolute URL from a `Location`). */
export async function registryCall(
  registry: TestRegistry,
  method: string,
  target: string,
  options: { readonly authorization?: string; readonly headers?: Record<string, string>; readonly body?: Buffer } = {},
): Promise<RawResponse> {
  const url = new URL(target, registry.url);
  const headers: Record<string, string> = { ...options.headers };
  if (options.authorization) headers.authorization = options.authorization;
  const res = await request(url, {
    method: method as 'GET',
    headers,
    body: options.body,
    dispatcher: registry.dispatcher,
  });
  return { status: res.statusCode, headers: res.headers, body: Buffer.from(await res.body.arrayBuffer()) };
}

/** Throws unless the response has one of the expected statuses. */
export function expectStatus(res: RawResponse, expected: readonly number[], what: string): void {
  if (expected.includes(res.status)) return;
  const body = res.body.toString('utf8').slice(0, 500);
  throw new RegistryHarnessError(`${what}: registry answered ${res.status}, expected ${expected.join(' or ')}: ${body}`);
}
