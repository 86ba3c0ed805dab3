import { ApiContext, apiFetch, apiUrl, CallOptions } from './api';
import { RegistryProtocolError } from './errors';
import { DEFAULT_TAG_LIST_LIMITS, MAX_TAG_PAGE_BYTES, TAG_PAGE_SIZE } from './tag-limits';
import { displayUrl, header } from './transport';
import { printable } from '../foundation/printable';
import { isValidTag, OciReference } from '../foundation/reference';
import { warn } from '../foundation/warnings';

/**
 * Tag listing (`GET /v2/<name>/tags/list?n=1000`): every page, following
 * `Link: <…>; rel="next"` (relative or absolute, same origin only; oras-go
 * `registry/remote/utils.go` `parseLink` does the same). The tags keep the
 * registry's order: source-controller reads them in that order too
 * (go-containerregistry's `remote.List` appends page after page and sorts
 * nothing: `google/go-containerregistry@3f4ff3ca:pkg/v1/remote/puller.go`
 * `Puller.List`), and which of two equal versions (`1.2.3`, `v1.2.3`) Flux pulls
 * depends on it. distribution 2.8 sends them unsorted; the
 * distribution-spec asks for lexical order.
 *
 * A registry decides how much it sends, so every dimension is bounded,
 * each with its own error: page size asked for, bytes per page, pages, and
 * tags in all. Listed tags that break the OCI tag grammar are skipped and
 * counted in a warning.
 */

/**
 * All tags of `repository`, in the registry's order, a repeat included:
 * Flux's clients keep repeats too (go-containerregistry `remote.List` and
 * oras-go's `Tags`, which Helm's `registry.Client.Tags` reads, append page
 * after page: `helm/helm@v3.12.1:pkg/registry/client.go#L620`), and Go's
 * sort of a listing with a repeat can pick another of two equal versions
 * than the same listing without it; version order is the resolver's job.
 * `"tags": null` counts as no tags. Entries
 * that are not valid OCI tags (distribution-spec: at most 128 characters of
 * `[a-zA-Z0-9_][a-zA-Z0-9._-]*`, the same that go-containerregistry
 * `name.NewTag` requires before Flux can pull one) are left out, and one
 * `FLUX_OCI_INVALID_TAGS` warning says how many.
 *
 * @throws RegistryProtocolError when a limit is exceeded, naming it
 */
export async function listTags(ctx: ApiContext, repository: OciReference, options: CallOptions = {}): Promise<string[]> {
  const limits = ctx.tagListLimits ? { ...DEFAULT_TAG_LIST_LIMITS, ...definedOnly(ctx.tagListLimits) } : DEFAULT_TAG_LIST_LIMITS;
  const ref = repository.withoutVersion();
  let url: URL | undefined = apiUrl(ctx, { ref, target: `tags/list?n=${TAG_PAGE_SIZE}`, insecure: options.insecure });
  const seen = new Set<string>();
  const pages: string[][] = [];
  const invalid = { count: 0, example: undefined as string | undefined };
  let listed = 0;
  const details = { host: ref.host, reference: ref.format(), method: 'GET' };
  while (url) {
    if (seen.has(url.href)) {
      throw new RegistryProtocolError(`registry ${ref.host} keeps linking tag-list pages (back to ${displayUrl(url)}); giving up`, details);
    }
    if (seen.size >= limits.maxPages) {
      throw new RegistryProtocolError(
        `registry ${ref.host} linked more than ${limits.maxPages} tag-list pages for '${ref.repository}'; giving up (the limit is the client option tagListLimits.maxPages)`,
        details);
    }
    seen.add(url.href);
    const res = await apiFetch(ctx, { method: 'GET', ref, target: url, kind: 'tags', insecure: options.insecure, maxBodyBytes: MAX_TAG_PAGE_BYTES });
    const page = parseTagsPage(res.body, ref);
    listed += page.length;
    if (listed > limits.maxTags) {
      throw new RegistryProtocolError(
        `registry ${ref.host} listed more than ${limits.maxTags} tags for '${ref.repository}' (${seen.size} page${seen.size === 1 ? '' : 's'}); giving up `
        + '(the limit is the client option tagListLimits.maxTags)',
        details);
    }
    pages.push(validTags(page, invalid));
    url = nextPage(header(res.headers, 'link'), url, ref);
  }
  if (invalid.count > 0) warnInvalidTags(ref, invalid.count, invalid.example!);
  return pages.length === 1 ? pages[0] : pages.flat();
}

/** The page's entries that are valid OCI tags (the page itself when all are), counting the others in `invalid`. */
function validTags(page: unknown[], invalid: { count: number; example: string | undefined }): string[] {
  let valid = 0;
  for (const tag of page) if (typeof tag === 'string' && isValidTag(tag)) valid++;
  if (valid === page.length) return page as string[];
  const tags: string[] = [];
  for (const tag of page) {
    if (typeof tag === 'string' && isValidTag(tag)) {
      tags.push(tag);
    } else {
      invalid.count++;
      invalid.example ??= typeof tag === 'string' ? tag : JSON.stringify(tag);
    }
  }
  return tags;
}

/** The `tags` of one page, as listed (not yet checked); `null` or a missing field is an empty page. */
export function parseTagsPage(body: Buffer, ref: OciReference): unknown[] {
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
  return (tags ?? []) as unknown[];
}

function warnInvalidTags(ref: OciReference, count: number, example: string): void {
  const shown = printable(example.length > 40 ? `${example.slice(0, 40)}…` : example);
  warn('FLUX_OCI_INVALID_TAGS',
    `registry ${ref.host} listed ${count} tag${count === 1 ? '' : 's'} for '${ref.repository}' that ${count === 1 ? 'is' : 'are'} not valid OCI tags `
    + `(at most 128 of [a-zA-Z0-9_.-], not starting with '.' or '-'), e.g. '${shown}' (${example.length} characters); skipped, as Flux cannot pull them either`);
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
        `registry ${ref.host} linked the next tag-list page to another origin (${printable(next.origin)}); refusing to follow it`,
        { host: ref.host, reference: ref.format(), method: 'GET' });
    }
    return next;
  }
  return undefined;
}

function definedOnly<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}
