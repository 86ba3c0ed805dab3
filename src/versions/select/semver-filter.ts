import { InvalidSemverFilterError } from '../errors';
import { compileGoRegexp, withHint } from '../go-regexp';

/**
 * OCIRepository `ref.semverFilter` on RE2, as source-controller evaluates it
 * (fluxcd/source-controller `internal/controller/ocirepository_controller.go`
 * `filterTags`: `regexp.Compile(filter)`, then `MatchString(tag)` on each raw
 * tag), compiled by `compileGoRegexp` (Go's RE2 on re2js: accepted exactly
 * when Go accepts it, linear-time matching, and the two known differences
 * described there).
 */

/** A compiled OCIRepository `ref.semverFilter`. */
export interface SemverFilter {
  /** The filter as given (a Go regular expression). */
  readonly source: string;
  /** Go's `MatchString`: whether the pattern matches anywhere in the raw tag. */
  test(tag: string): boolean;
}

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
  if (filter === '') return { source: filter, test: () => true };
  const compiled = compileGoRegexp(filter);
  if (!compiled.ok) {
    const options = compiled.cause === undefined ? undefined : { cause: compiled.cause };
    throw new InvalidSemverFilterError(filter, withHint(compiled.reason, compiled.hint), options);
  }
  const regexp = compiled.regexp;
  return { source: filter, test: (tag) => regexp.test(tag) };
}
