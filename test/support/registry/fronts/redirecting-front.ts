import * as http from 'node:http';
import type { TestRegistry } from '../registry';
import { authorizationFor, registryCall } from '../seed-client';
import { closeServer, listenOnLoopback } from '../servers';
import { ProxyRequestRecord, RegistryFront, relay, startFront } from './front-server';

/** Options for {@link startRedirectingFront}. */
export interface RedirectingFrontOptions {
  /**
   * Loopback address of the blob host; a different IP than the front's is
   * a different host, not just a different port.
   * @default '127.0.0.2'
   */
  readonly blobHost?: string;
  /** @default 307 */
  readonly status?: 301 | 302 | 303 | 307 | 308;
}

/** A front whose blob downloads are redirected to another host. */
export interface RedirectingFront extends RegistryFront {
  /** `http://<blobHost>:<port>`, where blob GETs are sent. */
  readonly blobOrigin: string;
  /** Requests the blob host received; `authorization` shows whether a credential followed the redirect. */
  readonly blobRequests: readonly ProxyRequestRecord[];
}

const BLOB = /^\/v2\/(.+)\/blobs\/(sha256:[a-f0-9]{64})$/;

/**
 * A front that answers blob GETs the registry would serve (auth is still
 * checked by the registry first) with a redirect to a second loopback host,
 * like registries that hand out signed storage URLs. The blob host serves
 * the bytes without auth and records whether the client sent
 * `Authorization` anyway — a client must not forward credentials to
 * another host.
 */
export async function startRedirectingFront(registry: TestRegistry, options: RedirectingFrontOptions = {}): Promise<RedirectingFront> {
  const blobRequests: ProxyRequestRecord[] = [];
  const blobServer = http.createServer((req, res) => {
    const record = { method: req.method ?? '', path: req.url ?? '', authorization: req.headers.authorization !== undefined };
    const url = new URL(req.url ?? '/', 'http://blob.invalid');
    const match = /^\/storage\/(.+)\/(sha256:[a-f0-9]{64})$/.exec(url.pathname);
    const reply = async (): Promise<number> => {
      if (!match || (req.method !== 'GET' && req.method !== 'HEAD')) {
        res.writeHead(404, { 'content-type': 'text/plain' }).end('not found\n');
        return 404;
      }
      const [, repository, digest] = match;
      // The storage host is trusted by the registry; it fetches with the harness's own credentials.
      const blob = await registryCall(registry, 'GET', `/v2/${repository}/blobs/${digest}`, {
        authorization: await authorizationFor(registry, repository, ['pull']),
      });
      res.writeHead(blob.status, { 'content-type': 'application/octet-stream', 'content-length': String(blob.body.length) });
      res.end(req.method === 'HEAD' ? undefined : blob.body);
      return blob.status;
    };
    reply().then(
      (status) => blobRequests.push({ ...record, status }),
      () => {
        blobRequests.push({ ...record, status: 502 });
        if (!res.headersSent) res.writeHead(502).end();
      },
    );
  });
  const blobHost = options.blobHost ?? '127.0.0.2';
  const blobPort = await listenOnLoopback(blobServer, blobHost);
  const blobOrigin = `http://${blobHost}:${blobPort}`;
  const status = options.status ?? 307;

  const front = await startFront(registry, async (req, res, record, upstream) => {
    const url = new URL(req.url ?? '/', 'http://front.invalid');
    const match = BLOB.exec(url.pathname);
    if (req.method !== 'GET' || !match) {
      relay(await upstream.forward(req), res);
      return;
    }
    // Ask the registry first (HEAD), so missing auth or a missing blob answers as usual.
    const check = await upstream.forward(req, { method: 'HEAD' });
    check.resume();
    if (check.statusCode !== 200) {
      relay(await upstream.forward(req, { method: 'GET' }), res);
      return;
    }
    record.fault = 'redirect';
    record.status = status;
    res.writeHead(status, { Location: `${blobOrigin}/storage/${match[1]}/${match[2]}?X-Test-Signature=not-a-credential` });
    res.end();
  });
  return {
    ...front,
    blobOrigin,
    blobRequests,
    stop: async () => {
      await Promise.all([front.stop(), closeServer(blobServer)]);
    },
  };
}
