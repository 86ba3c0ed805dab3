import { InvalidSemverFilterError } from '../errors';
import { goRegexpToJs, GoRegexpSyntaxError } from './go-regexp';

/** A compiled OCIRepository `ref.semverFilter`. */
export interface SemverFilter {
  /** The filter as given (a Go regular expression). */
  readonly source: string;
  /** Go's `MatchString`: whether the pattern matches anywhere in the raw tag. */
  test(tag: string): boolean;
}

const cache = new Map<string, SemverFilter>();
const CACHE_LIMIT = 256;

/**
 * Compiles a `semverFilter` with Go `regexp` (RE2) semantics, as
 * source-controller does before it looks at any tag. An empty filter keeps
 * every tag, like Flux.
 *
 * @throws InvalidSemverFilterError (`FLUX_OCI_INVALID_SEMVER_FILTER`) when Go
 *   would reject the pattern, including syntax RE2 lacks (backreferences,
 *   lookaround, atomic groups, possessive quantifiers)
 * @example compileSemverFilter('.*-rc.*').test('6.1.0-rc.1') // true
 */
export function compileSemverFilter(filter: string): SemverFilter {
  const cached = cache.get(filter);
  if (cached) return cached;
  const compiled = compile(filter);
  if (cache.size >= CACHE_LIMIT) cache.delete(cache.keys().next().value!);
  cache.set(filter, compiled);
  return compiled;
}

function compile(filter: string): SemverFilter {
  if (filter === '') return { source: filter, test: () => true };
  let regexp: RegExp;
  try {
    regexp = new RegExp(goRegexpToJs(filter), 'u');
  } catch (e) {
    if (e instanceof GoRegexpSyntaxError) throw new InvalidSemverFilterError(filter, e.message, { cause: e });
    throw new InvalidSemverFilterError(filter, `cannot be evaluated here: ${(e as Error).message}`, { cause: e });
  }
  return { source: filter, test: (tag) => regexp.test(tag) };
}
