import type { RE2JS } from 're2js';
import { InvalidSemverFilterError } from '../errors';

/**
 * OCIRepository `ref.semverFilter` on RE2, as source-controller evaluates it
 * (fluxcd/source-controller `internal/controller/ocirepository_controller.go`
 * `filterTags`: `regexp.Compile(filter)`, then `MatchString(tag)` on each raw
 * tag). re2js is a port of RE2 with Go's `regexp/syntax` parser and error
 * texts, so a pattern is accepted exactly when Go accepts it and matching
 * takes time linear in the tag (no backtracking), with two differences
 * found by a differential test against Go (see the README, "Limits"):
 * duplicate group names, and the Unicode class aliases Go 1.25 added.
 */

/** A compiled OCIRepository `ref.semverFilter`. */
export interface SemverFilter {
  /** The filter as given (a Go regular expression). */
  readonly source: string;
  /** Go's `MatchString`: whether the pattern matches anywhere in the raw tag. */
  test(tag: string): boolean;
}

const cache = new Map<string, SemverFilter>();
const CACHE_LIMIT = 256;

const NO_RE2 = "Go's RE2 syntax has no";
/** What a Perl construct RE2 lacks is, for the message; keyed by how it starts. */
const HINTS: ReadonlyArray<readonly [string, string]> = [
  ['(?=', `${NO_RE2} lookahead`],
  ['(?!', `${NO_RE2} negative lookahead`],
  ['(?<=', `${NO_RE2} lookbehind`],
  ['(?<!', `${NO_RE2} negative lookbehind`],
  ['(?>', `${NO_RE2} atomic groups`],
  ['(?#', `${NO_RE2} comments`],
  ["(?'", `${NO_RE2} (?'name'…) groups; use (?P<name>…)`],
  ['(?P=', `${NO_RE2} backreferences`],
  ['(?P>', `${NO_RE2} recursion`],
];

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
  // Go reads the pattern as UTF-8; a lone surrogate has no UTF-8 form.
  const lone = /[\uD800-\uDFFF]/u.exec(filter);
  if (lone) throw new InvalidSemverFilterError(filter, `error parsing regexp: invalid UTF-8: \`${filter.slice(lone.index)}\``);
  // Loaded with the first filter: most releases have none, and re2js is a large module.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { RE2JS: Engine, RE2JSSyntaxException } = require('re2js') as typeof import('re2js');
  let regexp: RE2JS;
  try {
    // No flags: LOOKBEHINDS and the others are re2js extensions Go does not have.
    regexp = Engine.compile(filter);
  } catch (e) {
    if (!(e instanceof RE2JSSyntaxException)) throw e;
    throw new InvalidSemverFilterError(filter, goReason(filter, e.message), { cause: e });
  }
  return { source: filter, test: (tag) => regexp.test(tag) };
}

/** re2js's message in Go's exact words, plus what the construct is when RE2 lacks it. */
function goReason(filter: string, message: string): string {
  // Go's *syntax.Error always ends in ": `expr`", empty for a trailing backslash.
  const text = /: `[^]*`$/.test(message) ? message : `${message}: \`\``;
  const expr = /: `([^]*)`$/.exec(text)![1];
  let hint: string | undefined;
  // The snippet may occur more than once (`(?P<n>a)(?P=n)` fails at the second `(?P`).
  for (let at = filter.indexOf(expr); expr !== '' && at >= 0 && hint === undefined; at = filter.indexOf(expr, at + 1)) {
    hint = HINTS.find(([start]) => filter.startsWith(start, at))?.[1];
  }
  if (hint === undefined && /^\\[1-9]/.test(expr)) hint = `${NO_RE2} backreferences`;
  if (/^\\[pP]\{/.test(expr)) {
    hint = 'Go 1.25 and later also accept long and lowercase Unicode class names such as \\p{Letter} or \\p{greek}; '
      + "flux-oci's RE2 engine (re2js) does not, so write the short name, e.g. \\p{L} or \\p{Greek}";
  }
  if (text.includes('duplicate capture group name')) {
    hint = "Go accepts a repeated group name, but flux-oci's RE2 engine (re2js) does not; rename one, names do not affect matching";
  }
  return hint ? `${text} (${hint})` : text;
}
