import { createServer, IncomingMessage, Server } from 'node:http';
import { AddressInfo } from 'node:net';
import { clientFor, credentialsFor, expectNoSecrets } from './helpers';
import { parseOciReference } from '../../../src/foundation';
import { RegistryClient, RegistryDeniedError, RegistryProtocolError, RegistryUnavailableError } from '../../../src/registry';
import {
  BlackHole,
  CANARY,
  pushTestChart,
  RegistryFront,
  startBlackHole,
  startHostileFront,
  startRegistry,
  TestRegistry,
} from '../../support/registry';

/**
 * Issue 17, registry side: what a malicious registry on loopback can make
 * the client do. Each test is one finding of the red-team pass.
 */

let tokenTls: TestRegistry;
let htpasswd: TestRegistry;
let anonymous: TestRegistry;
const fronts: RegistryFront[] = [];
const errors: unknown[] = [];

beforeAll(async () => {
  [tokenTls, htpasswd, anonymous] = await Promise.all([
    startRegistry({ mode: 'tls', auth: 'token' }),
    startRegistry({ mode: 'htpasswd' }),
    startRegistry({ mode: 'anonymous' }),
  ]);
  await Promise.all([
    pushTestChart(tokenTls, { repository: 'charts/app', version: '1.0.0' }),
    pushTestChart(htpasswd, { repository: 'charts/app', version: '1.0.0' }),
    pushTestChart(anonymous, { repository: 'charts/app', version: '1.0.0' }),
  ]);
});
afterAll(async () => {
  await Promise.all(fronts.map((f) => f.stop()));
  await Promise.all([tokenTls, htpasswd, anonymous].map((r) => r?.stop()));
  expectNoSecrets(errors, [tokenTls?.password, htpasswd?.password]);
});

async function front(...args: Parameters<typeof startHostileFront>): Promise<RegistryFront> {
  const started = await startHostileFront(...args);
  fronts.push(started);
  return started;
}

/** A plain-HTTP listener that records every request it gets (a local process waiting for credentials). */
async function listener(): Promise<{ port: number; requests: IncomingMessage[]; close(): Promise<void> }> {
  const requests: IncomingMessage[] = [];
  const server: Server = createServer((req, res) => {
    requests.push(req);
    res.writeHead(200, { 'content-type': 'application/json' }).end('{"token":"stolen"}');
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return {
    port: (server.address() as AddressInfo).port,
    requests,
    close: () => new Promise((r) => server.close(() => r())),
  };
}

const tlsClient = (registry: TestRegistry, withCredentials: boolean, host: string): RegistryClient => new RegistryClient({
  ca: registry.caPem, env: {}, credentials: withCredentials ? credentialsFor(host, registry) : undefined, retry: { maxAttempts: 1 },
});

describe('token realm: credentials only over a channel at least as strong as the registry', () => {
  test('an HTTPS registry naming a plain-HTTP realm on a local port gets no request there, with or without credentials', async () => {
    const thief = await listener();
    const hostile = await front(tokenTls, { tls: true, realm: `http://127.0.0.1:${thief.port}/token` });
    try {
      for (const withCredentials of [true, false]) {
        const client = tlsClient(tokenTls, withCredentials, hostile.host);
        const error = await client.listTags(parseOciReference(`oci://${hostile.host}/charts/app`)).catch((e) => e);
        await client.close();
        expect(error).toBeInstanceOf(RegistryProtocolError);
        expect(error.message).toBe(`registry ${hostile.host} is served over HTTPS but named the plain-HTTP token realm http://127.0.0.1:${thief.port}/token; `
          + "refusing to send credentials over a weaker channel than the registry's (Flux refuses it too); the token service must be https");
        errors.push(error);
      }
      expect(thief.requests).toHaveLength(0);
      expect(hostile.count('/tags/list')).toBe(2);
    } finally {
      await thief.close();
    }
  });

  test('an HTTPS realm on a loopback IP other than the registry\'s host:port is refused; the same token server by name works', async () => {
    const tokenPort = new URL(tokenTls.tokenServer!.realm).port;
    const byIp = await front(tokenTls, { tls: true, realm: `https://127.0.0.1:${tokenPort}/token` });
    tokenTls.tokenServer!.clearRequests();
    const host = `localhost:${new URL(byIp.url).port}`;
    const client = tlsClient(tokenTls, true, host);
    try {
      const error = await client.listTags(parseOciReference(`oci://${host}/charts/app`)).catch((e) => e);
      expect(error).toBeInstanceOf(RegistryProtocolError);
      expect(error.message).toContain(`named the token realm https://127.0.0.1:${tokenPort}/token, a loopback, private or link-local address other than the registry's own host:port`);
      expect(tokenTls.tokenServer!.requests).toHaveLength(0);
      errors.push(error);

      const direct = tlsClient(tokenTls, true, tokenTls.host);
      expect(await direct.listTags(parseOciReference(`oci://${tokenTls.host}/charts/app`))).toEqual(['1.0.0']);
      await direct.close();
      expect(tokenTls.tokenServer!.requests.map((r) => r.basicAuth)).toEqual([true]);
    } finally {
      await client.close();
    }
  });
});

describe('tag listing: bounded whatever the registry sends', () => {
  test('endless Link pagination with new URLs stops at 100000 tags (101 pages of 1000) with a clear error', async () => {
    const hostile = await front(anonymous, { endlessTags: { pageSize: 1000 } });
    const { client } = clientFor({ host: hostile.host, upstream: anonymous });
    try {
      const error = await client.listTags(parseOciReference(`oci://${hostile.host}/charts/app`)).catch((e) => e);
      expect(error).toBeInstanceOf(RegistryProtocolError);
      expect(error.message).toBe(`registry ${hostile.host} listed more than 100000 tags for 'charts/app' (101 pages); giving up (the limit is the client option tagListLimits.maxTags)`);
      expect(hostile.count('/tags/list')).toBe(101);
    } finally {
      await client.close();
    }
  });

  test('endless empty pages stop at tagListLimits.maxPages', async () => {
    const hostile = await front(anonymous, { endlessTags: { pageSize: 0 } });
    const { client } = clientFor({ host: hostile.host, upstream: anonymous }, { tagListLimits: { maxPages: 20 } });
    try {
      const error = await client.listTags(parseOciReference(`oci://${hostile.host}/charts/app`)).catch((e) => e);
      expect(error.message).toBe(`registry ${hostile.host} linked more than 20 tag-list pages for 'charts/app'; giving up (the limit is the client option tagListLimits.maxPages)`);
      expect(hostile.count('/tags/list')).toBe(20);
    } finally {
      await client.close();
    }
  });

  test('a 1 MB tag, control characters and other non-OCI tags are skipped and counted in a warning', async () => {
    const hostile = await front(anonymous, { tags: ['1.0.0', `1.1.0-rc.${'x'.repeat(1024 * 1024)}`, '1.2.0\u001b[2J', '2.0.0\n::error::forged', 'v3'] });
    const { client } = clientFor({ host: hostile.host, upstream: anonymous });
    const emitted = jest.spyOn(process, 'emitWarning').mockImplementation(() => undefined);
    try {
      expect(await client.listTags(parseOciReference(`oci://${hostile.host}/charts/app`))).toEqual(['1.0.0', 'v3']);
      expect(emitted).toHaveBeenCalledTimes(1);
      expect(emitted.mock.calls[0][0]).toMatch(new RegExp(`^registry ${hostile.host.replace(/\./g, '\\.')} listed 3 tags for 'charts/app' that are not valid OCI tags .*e\\.g\\. '1\\.1\\.0-rc\\.x{31}…' \\(1048585 characters\\)`));
    } finally {
      emitted.mockRestore();
      await client.close();
    }
  });

  test.each([
    ['in order with a repeat', ['1.0.0', '1.0.0', '2.0.0'], ['1.0.0', '1.0.0', '2.0.0']],
    ['out of order with repeats', ['2.0.0', '1.0.0', '2.0.0', '10.0.0', '1.0.0'], ['2.0.0', '1.0.0', '2.0.0', '10.0.0', '1.0.0']],
  ])('tags listed %s come back as listed, repeats included (Flux sorts them all)', async (_how, listed, expected) => {
    const hostile = await front(anonymous, { tags: listed });
    const { client } = clientFor({ host: hostile.host, upstream: anonymous });
    try {
      expect(await client.listTags(parseOciReference(`oci://${hostile.host}/charts/app`))).toEqual(expected);
    } finally {
      await client.close();
    }
  });
});

test('a registry echoing the password in its error body: the password is masked in the error', async () => {
  const hostile = await front(htpasswd, { echoPassword: true });
  const { client } = clientFor({ host: hostile.host, upstream: htpasswd }, { credentials: credentialsFor(hostile.host, htpasswd) });
  try {
    const error = await client.listTags(parseOciReference(`oci://${hostile.host}/charts/app`)).catch((e) => e);
    expect(error).toBeInstanceOf(RegistryDeniedError);
    expect(error.message).toBe(`access to repository 'charts/app' on ${hostile.host} was denied (403 DENIED: user testuser with password *** may not do this); `
      + `the credentials for ${hostile.host} lack permission for it`);
    expect(error.message).not.toContain(CANARY);
    errors.push(error);
  } finally {
    await client.close();
  }
});

describe('a TCP black hole', () => {
  let hole: BlackHole;
  beforeAll(async () => { hole = await startBlackHole(); });
  afterAll(() => hole?.stop());

  test('names the connect timeout that fired, not the request timeout', async () => {
    const sleeps: number[] = [];
    const client = new RegistryClient({
      env: {},
      timeouts: { connectMs: 300, requestMs: 20_000 },
      retry: { maxAttempts: 3 },
      sleep: async (ms) => { sleeps.push(ms); },
    });
    try {
      const error = await client.listTags(parseOciReference(`oci://${hole.host}/charts/app`)).catch((e) => e);
      expect(error).toBeInstanceOf(RegistryUnavailableError);
      expect(error).toMatchObject({ reason: 'timeout', attempts: 3 });
      expect(error.message).toBe(`registry ${hole.host} accepted no connection within the 300 ms connect timeout; check the host, port and firewall `
        + `(GET https://${hole.host}/v2/charts/app/tags/list?n=1000, 3 attempts)`);
      expect(hole.connections).toBe(3);
      expect(sleeps).toHaveLength(2);
    } finally {
      await client.close();
    }
  });
});
