import { readFileSync } from 'node:fs';
import * as http from 'node:http';
import * as https from 'node:https';
import { RegistryHarnessError } from '../errors';
import type { TestRegistry } from '../registry';
import { closeServer, listenOnLoopback } from '../servers';

/** What a front saw for one request; never holds the Authorization value. */
export interface ProxyRequestRecord {
  readonly method: string;
  /** Path with query, as the client sent it. */
  readonly path: string;
  /** Status sent to the client; `undefined` while pending or when no status line was sent (reset, stall). */
  readonly status?: number;
  /** The injected fault, if any (`status`, `reset`, `stall`, `truncate`, `redirect`). */
  readonly fault?: string;
  /** The request carried an `Authorization` header. */
  readonly authorization: boolean;
}

/** A loopback HTTP server in front of a test registry. */
export interface RegistryFront {
  /** `127.0.0.1:<port>` of the front; use it as the registry host in references. */
  readonly host: string;
  /** `http://127.0.0.1:<port>`: fronts speak plain HTTP, even before a TLS registry, unless started with `tls`. */
  readonly url: string;
  /** The registry behind it. */
  readonly upstream: TestRegistry;
  /** Every request so far, oldest first. */
  readonly requests: readonly ProxyRequestRecord[];
  /** Requests whose `path` matches (`RegExp`, or substring for a string) and, if given, `method`. */
  count(pattern: RegExp | string, method?: string): number;
  clearRequests(): void;
  /** Closes the front and drops every open (also stalled) connection. */
  stop(): Promise<void>;
}

/** Mutable record handed to a front's handler. */
export type RequestRecordDraft = { -readonly [K in keyof ProxyRequestRecord]: ProxyRequestRecord[K] };

/** Handles one request; `record.status` is filled in from the response unless the handler sets `fault`. */
export type FrontHandler = (
  req: http.IncomingMessage,
  res: http.ServerResponse,
  record: RequestRecordDraft,
  upstream: UpstreamClient,
) => Promise<void>;

/** Talks to the registry behind a front. */
export interface UpstreamClient {
  /** Sends `req` (method, path, headers, streamed body) to the registry unchanged, except hop-by-hop headers. */
  forward(req: http.IncomingMessage, overrides?: { readonly method?: string; readonly path?: string }): Promise<http.IncomingMessage>;
}

/** Header names that belong to one connection and are never forwarded. */
const HOP_BY_HOP = new Set(['connection', 'keep-alive', 'proxy-connection', 'transfer-encoding', 'te', 'trailer', 'upgrade']);

/** Options for {@link startFront}. */
export interface FrontOptions {
  /** Serve HTTPS with the registry's own certificate (TLS registries only), so clients see an HTTPS registry. @default false */
  readonly tls?: boolean;
}

/**
 * Starts a front on 127.0.0.1 with request recording and an upstream
 * client. The `Host` header is forwarded as the client sent it, so the
 * registry builds absolute `Location` URLs that point back at the front.
 */
export async function startFront(registry: TestRegistry, handler: FrontHandler, options: FrontOptions = {}): Promise<RegistryFront> {
  if (options.tls && !registry.tls) invalidOption('tls', options.tls, 'false for a plain-HTTP registry (the front serves the registry\'s certificate)');
  const requests: RequestRecordDraft[] = [];
  const agent = registry.tls
    ? new https.Agent({ keepAlive: true, ca: registry.caPem })
    : new http.Agent({ keepAlive: true });

  const upstream: UpstreamClient = {
    forward: (req, overrides = {}) => new Promise((resolve, reject) => {
      const headers: http.OutgoingHttpHeaders = {};
      for (const [name, value] of Object.entries(req.headers)) {
        if (!HOP_BY_HOP.has(name) && value !== undefined) headers[name] = value;
      }
      // The registry saw TLS; the client may not have. Keep Location URLs on the front's scheme.
      if (registry.tls) headers['x-forwarded-proto'] = options.tls ? 'https' : 'http';
      const out = (registry.tls ? https : http).request({
        host: '127.0.0.1',
        port: registry.port,
        method: overrides.method ?? req.method,
        path: overrides.path ?? req.url,
        headers,
        agent,
      }, resolve);
      out.on('error', reject);
      if (overrides.method !== undefined) { // a rewritten request carries no body
        req.resume();
        out.end();
      } else {
        req.pipe(out);
      }
    }),
  };

  const listener = (req: http.IncomingMessage, res: http.ServerResponse): void => {
    const record: RequestRecordDraft = {
      method: req.method ?? '',
      path: req.url ?? '',
      authorization: req.headers.authorization !== undefined,
    };
    requests.push(record);
    const settle = (): void => {
      if (record.fault === undefined && record.status === undefined && res.headersSent) record.status = res.statusCode;
    };
    res.on('finish', settle);
    res.on('close', settle);
    handler(req, res, record, upstream).catch((err: Error) => {
      if (!res.headersSent) {
        res.writeHead(502, { 'content-type': 'text/plain' });
        res.end(`test front: upstream registry failed: ${err.message}\n`);
      } else {
        res.destroy();
      }
    });
  };
  const server = options.tls
    ? https.createServer({ cert: readFileSync(registry.certFile!), key: readFileSync(registry.keyFile!) }, listener)
    : http.createServer(listener);
  const port = await listenOnLoopback(server);
  const host = `127.0.0.1:${port}`;

  return {
    host,
    url: `${options.tls ? 'https' : 'http'}://${host}`,
    upstream: registry,
    requests,
    count: (pattern, method) => requests.filter((r) =>
      (method === undefined || r.method === method)
      && (typeof pattern === 'string' ? r.path.includes(pattern) : pattern.test(r.path))).length,
    clearRequests: () => {
      requests.length = 0;
    },
    stop: async () => {
      await closeServer(server);
      agent.destroy();
    },
  };
}

/** Copies an upstream response to the client as it streams (status, headers incl. repeated ones, body). */
export function relay(upstreamRes: http.IncomingMessage, res: http.ServerResponse): void {
  res.writeHead(upstreamRes.statusCode ?? 502, endToEndRawHeaders(upstreamRes));
  upstreamRes.pipe(res);
}

/** Upstream headers as a flat `[name, value, …]` list without hop-by-hop ones; keeps repeated headers such as `WWW-Authenticate`. */
export function endToEndRawHeaders(upstreamRes: http.IncomingMessage, drop: readonly string[] = []): string[] {
  const out: string[] = [];
  const raw = upstreamRes.rawHeaders;
  for (let i = 0; i < raw.length; i += 2) {
    const name = raw[i].toLowerCase();
    if (!HOP_BY_HOP.has(name) && !drop.includes(name)) out.push(raw[i], raw[i + 1]);
  }
  return out;
}

/** Reads the whole upstream body. */
export async function bufferBody(upstreamRes: http.IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of upstreamRes) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

/** Throws a harness error for a front option that is out of range. */
export function invalidOption(what: string, value: unknown, allowed: string): never {
  throw new RegistryHarnessError(`${what} must be ${allowed}, got ${JSON.stringify(value)}`);
}
