import type { IncomingMessage, ServerResponse } from 'node:http';
import { createServer, Socket } from 'node:net';
import type { TestRegistry } from '../registry';
import { endToEndRawHeaders, invalidOption, RegistryFront, relay, startFront } from './front-server';

/**
 * A front that behaves like a malicious or broken registry in one chosen
 * way, and otherwise passes requests to the real registry behind it.
 */
export interface HostileFrontOptions {
  /** Serve HTTPS with the registry's certificate (TLS registries only). @default false */
  readonly tls?: boolean;
  /** Every Bearer challenge the registry sends names this token realm instead of its own. @default - unchanged */
  readonly realm?: string;
  /** Every tag-list request is answered with these entries (any JSON values), as one page. @default - the registry's */
  readonly tags?: readonly unknown[];
  /**
   * Every tag-list page holds `pageSize` new tags and links to a next page
   * with a URL never used before, forever.
   * @default - the registry's pages
   */
  readonly endlessTags?: { readonly pageSize: number };
  /**
   * A request carrying Basic credentials is answered 403 with a registry
   * error whose message repeats the username and password.
   * @default false
   */
  readonly echoPassword?: boolean;
}

const TAGS_LIST = /^\/v2\/(.+)\/tags\/list$/;

/** Starts a {@link HostileFrontOptions hostile} front on 127.0.0.1 before `registry`. */
export async function startHostileFront(registry: TestRegistry, options: HostileFrontOptions): Promise<RegistryFront> {
  if (options.endlessTags && (!Number.isInteger(options.endlessTags.pageSize) || options.endlessTags.pageSize < 0)) {
    invalidOption('endlessTags.pageSize', options.endlessTags.pageSize, 'a non-negative integer');
  }
  return startFront(registry, async (req, res, _record, upstream) => {
    const url = new URL(req.url ?? '/', 'http://front.invalid');
    const tagsOf = TAGS_LIST.exec(url.pathname)?.[1];
    const basic = parseBasic(req.headers.authorization);
    if (options.echoPassword && basic) return echo(res, basic);
    if (tagsOf !== undefined && req.method === 'GET' && options.tags) return json(res, { name: tagsOf, tags: options.tags });
    if (tagsOf !== undefined && req.method === 'GET' && options.endlessTags) return endlessPage(res, tagsOf, url, options.endlessTags.pageSize);
    const answer = await upstream.forward(req);
    if (options.realm && answer.statusCode === 401) return relayWithRealm(answer, res, options.realm);
    relay(answer, res);
  }, { tls: options.tls });
}

function json(res: ServerResponse, body: unknown, status = 200, headers: Record<string, string> = {}): void {
  res.writeHead(status, { 'content-type': 'application/json', ...headers });
  res.end(JSON.stringify(body));
}

function echo(res: ServerResponse, basic: { username: string; password: string }): void {
  json(res, { errors: [{ code: 'DENIED', message: `user ${basic.username} with password ${basic.password} may not do this`, detail: null }] }, 403);
}

function endlessPage(res: ServerResponse, name: string, url: URL, pageSize: number): void {
  const page = Number(url.searchParams.get('page') ?? '0');
  const tags = Array.from({ length: pageSize }, (_, i) => `p${page}-${i}`);
  json(res, { name, tags }, 200, { link: `</v2/${name}/tags/list?n=${pageSize}&page=${page + 1}>; rel="next"` });
}

function relayWithRealm(answer: IncomingMessage, res: ServerResponse, realm: string): void {
  const headers = endToEndRawHeaders(answer);
  for (let i = 0; i < headers.length; i += 2) {
    if (headers[i].toLowerCase() === 'www-authenticate') headers[i + 1] = headers[i + 1].replace(/realm="[^"]*"/i, `realm="${realm}"`);
  }
  res.writeHead(answer.statusCode ?? 502, headers);
  answer.pipe(res);
}

function parseBasic(header: string | undefined): { username: string; password: string } | undefined {
  if (!header || !/^basic /i.test(header)) return undefined;
  const decoded = Buffer.from(header.slice(6).trim(), 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  return { username: decoded.slice(0, colon), password: decoded.slice(colon + 1) };
}

/** A loopback port that accepts TCP connections and never sends a byte (a TLS client waits for the handshake forever). */
export interface BlackHole {
  /** `127.0.0.1:<port>`. */
  readonly host: string;
  /** Connections accepted so far. */
  readonly connections: number;
  stop(): Promise<void>;
}

/** Starts a {@link BlackHole}. */
export async function startBlackHole(): Promise<BlackHole> {
  const sockets = new Set<Socket>();
  let connections = 0;
  const server = createServer((socket) => {
    connections++;
    sockets.add(socket);
    socket.on('error', () => undefined);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const address = server.address() as { port: number };
  return {
    host: `127.0.0.1:${address.port}`,
    get connections() { return connections; },
    stop: () => new Promise<void>((resolve) => {
      for (const socket of sockets) socket.destroy();
      server.close(() => resolve());
    }),
  };
}
