import { createHash } from 'node:crypto';

/**
 * Deterministic DNS-1123 names. A name depends only on the inputs given,
 * never on construct paths, so it stays the same when unrelated code moves.
 */

const MAX_LABEL = 63;

/** What the replacements below leave unchanged: lowercase letters and digits in runs joined by single dashes. */
const DNS_LABEL = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;

/**
 * Turns an identifier (a construct id such as `MySQL` or `my_app`) into a
 * DNS-1123 label: lowercase, runs of other characters become `-`, trimmed; names longer
 * than 63 characters keep a prefix and get a short hash of the whole input.
 */
export function toDnsLabel(...parts: string[]): string {
  const raw = parts.length === 1 ? parts[0] : parts.filter((p) => p.length > 0).join('-');
  // Most ids are labels already (`app-1`, every release's default name): they come back as they are.
  if (raw.length <= MAX_LABEL && DNS_LABEL.test(raw)) return raw;
  let label = raw
    .toLowerCase()
    .replace(/[^a-z0-9-]+/g, '-')
    .replace(/-+/g, '-')
    .replace(/^-+|-+$/g, '');
  if (label.length === 0) label = 'x' + shortHash(raw);
  if (label.length > MAX_LABEL) {
    label = label.slice(0, MAX_LABEL - 9).replace(/-+$/, '') + '-' + shortHash(raw);
  }
  return label;
}

/** 8 hex characters of sha256, for disambiguating shortened names. */
export function shortHash(input: string): string {
  return createHash('sha256').update(input).digest('hex').slice(0, 8);
}

/**
 * Name of the OCIRepository that carries one release's chart. It lives in
 * the source's namespace (where the pull Secret is), so a release from
 * another namespace is prefixed with its namespace, as Flux names the
 * HelmCharts it generates (`<namespace>-<name>`).
 */
export function ociRepositoryName(releaseName: string, releaseNamespace: string | undefined, sourceNamespace: string | undefined): string {
  if (releaseNamespace === sourceNamespace || releaseNamespace === undefined) return releaseName;
  return toDnsLabel(releaseNamespace, releaseName);
}
