import type { IncomingMessage, ServerResponse } from 'node:http';
import type { TestRegistry } from '../registry';
import { bufferBody, endToEndRawHeaders, invalidOption, RegistryFront, relay, startFront, UpstreamClient } from './front-server';

/** Options for {@link startPaginatingFront}. */
export interface PaginatingFrontOptions {
  /** Most tags per page; a smaller `n` from the client wins. */
  readonly pageSize: number;
  /** `Link: </v2/…>` or `Link: <http://127.0.0.1:<front port>/v2/…>`. @default 'relative' */
  readonly linkStyle?: 'relative' | 'absolute';
  /**
   * Serve tags in lexical order, as the distribution spec asks. `false`
   * keeps the registry's (unsorted) order, to test that clients sort.
   * @default true
   */
  readonly sort?: boolean;
}

const TAGS_LIST = /^\/v2\/(.+)\/tags\/list$/;

/**
 * A front that pages `GET /v2/<name>/tags/list` (distribution 2.8 never
 * does): it fetches the full list from the registry with the client's
 * headers, then serves `pageSize` tags after `last`, with
 * `Link: <…>; rel="next"` while more remain. Everything else — including
 * 401s and their `WWW-Authenticate` realm — passes through untouched.
 */
export async function startPaginatingFront(registry: TestRegistry, options: PaginatingFrontOptions): Promise<RegistryFront> {
  if (!Number.isInteger(options.pageSize) || options.pageSize < 1) {
    invalidOption('pageSize', options.pageSize, 'a positive integer');
  }
  return startFront(registry, async (req, res, _record, upstream) => {
    const url = new URL(req.url ?? '/', 'http://front.invalid');
    const match = TAGS_LIST.exec(url.pathname);
    if (req.method === 'GET' && match) {
      await servePage(req, res, upstream, match[1], url.searchParams, options);
    } else {
      relay(await upstream.forward(req), res);
    }
  });
}

async function servePage(
  req: IncomingMessage,
  res: ServerResponse,
  upstream: UpstreamClient,
  name: string,
  params: URLSearchParams,
  options: PaginatingFrontOptions,
): Promise<void> {
  const full = await upstream.forward(req, { method: 'GET', path: `/v2/${name}/tags/list` });
  const body = await bufferBody(full);
  const list = full.statusCode === 200 ? (JSON.parse(body.toString('utf8')) as { tags: string[] | null }).tags : null;
  if (!list) {
    res.writeHead(full.statusCode ?? 502, endToEndRawHeaders(full));
    res.end(body);
    return;
  }
  const sort = options.sort ?? true;
  const tags = sort ? [...list].sort() : list;
  const last = params.get('last');
  let start = 0;
  if (last !== null) {
    if (sort) {
      start = tags.findIndex((t) => t > last);
      if (start < 0) start = tags.length;
    } else {
      // Unsorted order has no "after" for an unknown tag; an empty page ends the walk.
      const at = tags.indexOf(last);
      start = at < 0 ? tags.length : at + 1;
    }
  }
  const n = Number.parseInt(params.get('n') ?? '', 10);
  const size = n > 0 ? Math.min(n, options.pageSize) : options.pageSize;
  const page = tags.slice(start, start + size);
  const headers = endToEndRawHeaders(full, ['content-length', 'content-type', 'link']);
  headers.push('Content-Type', 'application/json');
  if (start + size < tags.length) {
    const next = `/v2/${name}/tags/list?last=${encodeURIComponent(page[page.length - 1])}&n=${size}`;
    const target = options.linkStyle === 'absolute' ? `http://${req.headers.host}${next}` : next;
    headers.push('Link', `<${target}>; rel="next"`);
  }
  res.writeHead(200, headers);
  res.end(JSON.stringify({ name, tags: page }));
}
