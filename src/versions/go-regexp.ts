import type { RE2JS } from 're2js';

/**
 * Go's `regexp.Compile` on re2js, the one place flux-oci compiles a Go
 * regular expression written by a user: OCIRepository `ref.semverFilter`,
 * ImagePolicy `filterTags.pattern` and ImageRepository `exclusionList`.
 *
 * re2js is a port of RE2 with Go's `regexp/syntax` parser and error texts,
 * so a pattern is accepted exactly when Go accepts it, matching is
 * leftmost-first like Go's `Find*` and takes time linear in the subject (no
 * backtracking), with two differences found by a differential test against
 * Go (see the README, "Limits"): duplicate group names, and the Unicode
 * class aliases Go 1.25 added. Both are rejected here with a `hint` that
 * says so.
 *
 * Offsets: re2js reports UTF-16 indices into the JS string where Go reports
 * byte offsets into UTF-8; both delimit the same substrings.
 */

/** The outcome of `compileGoRegexp`. */
export type GoRegexpCompilation = GoRegexpCompiled | GoRegexpRejected;

/** A pattern Go's `regexp.Compile` accepts. */
export interface GoRegexpCompiled {
  readonly ok: true;
  /** The compiled pattern (no flags: `LOOKBEHINDS` and the others are re2js extensions Go lacks). */
  readonly regexp: RE2JS;
}

/** A pattern Go's `regexp.Compile` rejects, or one re2js cannot compile though Go can. */
export interface GoRegexpRejected {
  readonly ok: false;
  /**
   * Go's error text, word for word (`*syntax.Error`'s `Error()`), e.g.
   * ``error parsing regexp: missing closing ): `(rc` ``.
   */
  readonly reason: string;
  /**
   * What the construct is when RE2 lacks it (lookaround, backreferences, …),
   * or, for the two constructs Go accepts and re2js does not, what to write
   * instead. Not part of Go's text.
   */
  readonly hint?: string;
  /** re2js's exception, when re2js raised one. */
  readonly cause?: unknown;
}

const cache = new Map<string, GoRegexpCompilation>();
const CACHE_LIMIT = 256;

const NO_RE2 = "Go's RE2 syntax has no";
/** What a Perl construct RE2 lacks is, for the hint; keyed by how it starts. */
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
 * Go's `regexp.Compile(pattern)` (Go src/regexp/regexp.go `Compile`: RE2
 * syntax with Perl flags, leftmost-first matching), as source-controller
 * compiles `semverFilter` and image-reflector-controller `filterTags.pattern`
 * and `exclusionList` (fluxcd/image-reflector-controller
 * `internal/policy/filter.go`, `internal/controller/imagerepository_controller.go`
 * @debe2aaa). Results are cached per pattern; the compiled `RE2JS` is
 * immutable and safe to share.
 *
 * @example compileGoRegexp('(rc').ok // false; reason: error parsing regexp: missing closing ): `(rc`
 */
export function compileGoRegexp(pattern: string): GoRegexpCompilation {
  const cached = cache.get(pattern);
  if (cached) return cached;
  const compiled = compile(pattern);
  if (cache.size >= CACHE_LIMIT) cache.delete(cache.keys().next().value!);
  cache.set(pattern, compiled);
  return compiled;
}

function compile(pattern: string): GoRegexpCompilation {
  // Go reads the pattern as UTF-8; a lone surrogate has no UTF-8 form.
  const lone = /[\uD800-\uDFFF]/u.exec(pattern);
  if (lone) return { ok: false, reason: `error parsing regexp: invalid UTF-8: \`${pattern.slice(lone.index)}\`` };
  // Loaded with the first pattern: most manifests have none, and re2js is a large module.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { RE2JS: Engine, RE2JSSyntaxException } = require('re2js') as typeof import('re2js');
  try {
    return { ok: true, regexp: Engine.compile(pattern) };
  } catch (e) {
    if (!(e instanceof RE2JSSyntaxException)) throw e;
    return { ...goReason(pattern, e.message), cause: e };
  }
}

/** re2js's message in Go's exact words, plus what the construct is when RE2 lacks it. */
function goReason(pattern: string, message: string): { ok: false; reason: string; hint?: string } {
  // Go's *syntax.Error always ends in ": `expr`", empty for a trailing backslash.
  const reason = /: `[^]*`$/.test(message) ? message : `${message}: \`\``;
  const expr = /: `([^]*)`$/.exec(reason)![1];
  let hint: string | undefined;
  // The snippet may occur more than once (`(?P<n>a)(?P=n)` fails at the second `(?P`).
  for (let at = pattern.indexOf(expr); expr !== '' && at >= 0 && hint === undefined; at = pattern.indexOf(expr, at + 1)) {
    hint = HINTS.find(([start]) => pattern.startsWith(start, at))?.[1];
  }
  if (hint === undefined && /^\\[1-9]/.test(expr)) hint = `${NO_RE2} backreferences`;
  if (/^\\[pP]\{/.test(expr)) {
    hint = 'Go 1.25 and later also accept long and lowercase Unicode class names such as \\p{Letter} or \\p{greek}; '
      + "flux-oci's RE2 engine (re2js) does not, so write the short name, e.g. \\p{L} or \\p{Greek}";
  }
  if (reason.includes('duplicate capture group name')) {
    hint = "Go accepts a repeated group name, but flux-oci's RE2 engine (re2js) does not; rename one, names do not affect matching";
  }
  return hint === undefined ? { ok: false, reason } : { ok: false, reason, hint };
}

/** A Go error text with flux-oci's hint in parentheses, as flux-oci's own messages show it (Go's text first, unchanged). */
export function withHint(text: string, hint: string | undefined): string {
  return hint === undefined ? text : `${text} (${hint})`;
}
