import { ApiContext, apiFetch, CallOptions, registryOrigin } from './api';
import { RegistryProtocolError } from './errors';
import { displayUrl, header } from './transport';
import { OciReference } from '../foundation/reference';

/**
 * Tag listing (`GET /v2/<name>/tags/list`): every page, following `Link:
 * <…>; rel="next"` (relative or absolute, same origin only; oras-go
 * `registry/remote/utils.go` `parseLink` does the same). distribution 2.8
 * neither pages nor sorts, so the result is sorted here.
 */

/** Pages followed at most; a registry that links further is looping. */
const MAX_PAGES = 1000;

/**
 * All tags of `repository`, deduplicated and sorted by UTF-16 code unit
 * (plain `Array.prototype.sort`, so `1.10.0` sorts before `1.9.0`; version
 * order is the resolver's job). `"tags": null` counts as no tags.
 */
export async function listTags(ctx: ApiContext, repository: OciReference, options: CallOptions = {}): Promise<string[]> {
  const ref = repository.withoutVersion();
  const origin = registryOrigin(ctx, ref, options.insecure);
  let url: URL | undefined = new URL(`/v2/${ref.repository}/tags/list`, origin);
  const seen = new Set<string>();
  const tags = new Set<string>();
  while (url) {
    if (seen.has(url.href) || seen.size >= MAX_PAGES) {
      throw new RegistryProtocolError(
        `registry ${ref.host} keeps linking tag-list pages (${seen.has(url.href) ? `back to ${displayUrl(url)}` : `more than ${MAX_PAGES}`}); giving up`,
        { host: ref.host, reference: ref.format(), method: 'GET' });
    }
    seen.add(url.href);
    const res = await apiFetch(ctx, { method: 'GET', ref, target: url, kind: 'tags', insecure: options.insecure });
    for (const tag of parseTagsPage(res.body, ref)) tags.add(tag);
    url = nextPage(header(res.headers, 'link'), url, ref);
  }
  return [...tags].sort();
}

/** The `tags` of one page; `null` or a missing field is an empty page. */
export function parseTagsPage(body: Buffer, ref: OciReference): string[] {
  let parsed: any;
  try {
    parsed = JSON.parse(body.toString('utf8'));
  } catch {
    parsed = undefined;
  }
  const tags = parsed?.tags;
  if (typeof parsed !== 'object' || parsed === null || (tags != null && !Array.isArray(tags))) {
    throw new RegistryProtocolError(`registry ${ref.host} answered the tag list of '${ref.repository}' with something other than {"name","tags":[…]}`,
      { host: ref.host, reference: ref.format(), method: 'GET', statusCode: 200 });
  }
  return ((tags ?? []) as unknown[]).filter((t): t is string => typeof t === 'string');
}

/**
 * The `rel="next"` target of a `Link` header, resolved against the current
 * page. A target on another origin is refused: following it would send the
 * registry's credentials elsewhere.
 */
export function nextPage(link: string | undefined, current: URL, ref: OciReference): URL | undefined {
  if (!link) return undefined;
  for (const match of link.matchAll(/<([^>]*)>\s*((?:;\s*[^;,]*)*)/g)) {
    const rel = /;\s*rel\s*=\s*"?([^";]*)"?/i.exec(match[2])?.[1];
    if (!rel || !rel.toLowerCase().split(/\s+/).includes('next')) continue;
    let next: URL;
    try {
      next = new URL(match[1], current);
    } catch {
      throw new RegistryProtocolError(`registry ${ref.host} sent a tag-list Link header whose target is not a URL`,
        { host: ref.host, reference: ref.format(), method: 'GET' });
    }
    if (next.origin !== current.origin) {
      throw new RegistryProtocolError(
        `registry ${ref.host} linked the next tag-list page to another origin (${next.origin}); refusing to follow it`,
        { host: ref.host, reference: ref.format(), method: 'GET' });
    }
    return next;
  }
  return undefined;
}
