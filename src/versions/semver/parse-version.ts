import { InvalidVersionError, VersionParser } from '../errors';
import {
  EMPTY_STRING,
  INVALID_CHARACTERS,
  INVALID_SEMVER,
  isDigits,
  parseUint64,
  SEGMENT_STARTS_ZERO,
  validateMetadata,
  validatePrerelease,
  VersionFailure,
} from './identifiers';
import { MastermindsRelease, mastermindsBehaviour, NEWEST_MASTERMINDS_RELEASE } from './masterminds-release';
import { parsePlainRelease } from './plain-release';
import { SemVer } from './version';

/** Settings of Masterminds' strict parser. */
export interface StrictVersionOptions {
  /**
   * The Masterminds release whose `StrictNewVersion` to apply: up to 3.3.0
   * it accepts empty identifiers (`1.2.3-`, `1.2.3-rc..1`), which Helm's tag
   * listing in Flux 2.0–2.4 and 2.6 therefore keeps.
   * @default '3.5.0'
   */
  readonly masterminds?: MastermindsRelease;
}

/**
 * Which fluxcd/pkg `version.ParseVersion` applies (how source-controller
 * reads OCIRepository tags and decides whether a HelmChart version is exact):
 *
 * - `'strict'`: fluxcd/pkg `version/v0.9.0` and before, Flux 2.0–2.6
 *   (`fluxcd/pkg@version/v0.9.0:version/version.go#L28`): one leading `v`
 *   dropped, then `StrictNewVersion`; `v1.2.3` yes, `1.2`, `01.2.3` no.
 * - `'lenient'`: since 622aa13e (`version/v0.10.0`, source-controller
 *   v1.7.0, Flux 2.7; `fluxcd/pkg@622aa13e:version/version.go#L30`): the
 *   string must hold at least two dots anywhere, then Masterminds' coercing
 *   `NewVersion`; leading zeros (`2025.01.02`) and partial versions whose
 *   prerelease or metadata brings the dots (`1.2-rc.1` → 1.2.0-rc.1) pass.
 *
 * Every string the strict rule accepts the lenient rule accepts too, with
 * the same value.
 */
export type FluxParseRule = 'strict' | 'lenient';

/** Settings of Masterminds' lenient parser (package globals in Go). */
export interface ParseVersionOptions {
  /**
   * Coerce leading zeros (`01.2.3` → `1.2.3`). When false the numbers must be
   * valid SemVer, though a `v` prefix and partial versions are still accepted.
   * @default true
   */
  readonly coerceNewVersion?: boolean;
  /**
   * With `coerceNewVersion: false`, say which part is wrong instead of the
   * generic `invalid semantic version`.
   * @default true
   */
  readonly detailedNewVersionErrors?: boolean;
}

// Masterminds' regular expressions; \d is ASCII in Go and in JS.
const LOOSE = /^v?([0-9]+)(\.[0-9]+)?(\.[0-9]+)?(-([0-9A-Za-z-]+(\.[0-9A-Za-z-]+)*))?(\+([0-9A-Za-z-]+(\.[0-9A-Za-z-]+)*))?$/;
const PRE_ID = '(?:0|[1-9]\\d*|\\d*[a-zA-Z-][0-9a-zA-Z-]*)';
const SEMVER = new RegExp(
  '^v?(0|[1-9]\\d*)(?:\\.(0|[1-9]\\d*))?(?:\\.(0|[1-9]\\d*))?' +
  `(?:-(${PRE_ID}(?:\\.${PRE_ID})*))?` +
  '(?:\\+([0-9a-zA-Z-]+(?:\\.[0-9a-zA-Z-]+)*))?$',
);

type Outcome = SemVer | VersionFailure;

function isFailure(x: Outcome): x is VersionFailure {
  return !(x instanceof SemVer);
}

function build(input: string, major: string, minor: string, patch: string, pre: string, meta: string): Outcome {
  const ma = parseUint64(major, true);
  if (typeof ma !== 'bigint') return ma;
  const mi = minor === '' ? 0n : parseUint64(minor, true);
  if (typeof mi !== 'bigint') return mi;
  const pa = patch === '' ? 0n : parseUint64(patch, true);
  if (typeof pa !== 'bigint') return pa;
  const badPre = pre === '' ? undefined : validatePrerelease(pre);
  if (badPre) return badPre;
  const badMeta = meta === '' ? undefined : validateMetadata(meta);
  if (badMeta) return badMeta;
  return new SemVer(ma, mi, pa, pre, meta, input);
}

function coerce(input: string): Outcome {
  const m = LOOSE.exec(input);
  if (!m) return INVALID_SEMVER;
  return build(input, m[1], (m[2] ?? '').slice(1), (m[3] ?? '').slice(1), m[5] ?? '', m[8] ?? '');
}

function noCoerce(input: string, detailed: boolean): Outcome {
  const m = SEMVER.exec(input);
  if (m) return build(input, m[1], m[2] ?? '', m[3] ?? '', m[4] ?? '', m[5] ?? '');
  if (!detailed) return INVALID_SEMVER;
  const loose = LOOSE.exec(input);
  if (!loose) return INVALID_SEMVER;
  return explainLoose(loose) ?? INVALID_SEMVER;
}

/** Masterminds' `validateVersion`: the first specific problem in a loose match. */
function explainLoose(m: RegExpExecArray): VersionFailure | undefined {
  for (const segment of [m[1], (m[2] ?? '').slice(1), (m[3] ?? '').slice(1)]) {
    if (segment === '') continue;
    if (segment.length > 1 && segment[0] === '0') return SEGMENT_STARTS_ZERO;
    const n = parseUint64(segment, true);
    if (typeof n !== 'bigint') return n;
  }
  if (m[5]) {
    const bad = validatePrerelease(m[5]);
    if (bad) return bad;
  }
  if (m[8]) return validateMetadata(m[8]);
  return undefined;
}

/**
 * Masterminds' `StrictNewVersion`, step for step (its checks run in this
 * order in 3.3.0+; 3.2.1 checks the same things in another order, so only
 * which error text wins differs).
 */
function strict(input: string, allowEmptyIdentifiers = false): Outcome {
  if (input.length === 0) return EMPTY_STRING;
  const parts = splitN(input, '.', 3);
  if (parts.length !== 3) return INVALID_SEMVER;
  let rest = parts[2];
  let meta = '';
  let pre = '';
  const plus = rest.indexOf('+');
  if (plus >= 0) {
    meta = rest.slice(plus + 1);
    rest = rest.slice(0, plus);
    const bad = validateMetadata(meta, allowEmptyIdentifiers);
    if (bad) return bad;
  }
  const dash = rest.indexOf('-');
  if (dash >= 0) {
    pre = rest.slice(dash + 1);
    rest = rest.slice(0, dash);
    const bad = validatePrerelease(pre, allowEmptyIdentifiers);
    if (bad) return bad;
  }
  const numbers = [parts[0], parts[1], rest];
  for (const p of numbers) {
    if (!isDigits(p)) return INVALID_CHARACTERS;
    if (p.length > 1 && p[0] === '0') return SEGMENT_STARTS_ZERO;
  }
  const [ma, mi, pa] = numbers.map((p) => parseUint64(p, false));
  for (const n of [ma, mi, pa]) if (typeof n !== 'bigint') return n;
  return new SemVer(ma as bigint, mi as bigint, pa as bigint, pre, meta, input);
}

/** Go's `strings.SplitN`: at most `n` pieces, the last holding the rest. */
function splitN(s: string, sep: string, n: number): string[] {
  const out: string[] = [];
  let rest = s;
  while (out.length < n - 1) {
    const i = rest.indexOf(sep);
    if (i < 0) break;
    out.push(rest.slice(0, i));
    rest = rest.slice(i + sep.length);
  }
  out.push(rest);
  return out;
}

// Each entry point tries the plain-release fast path first; it returns undefined for anything the full parsers must see.

function lenient(input: string, options: ParseVersionOptions | undefined): Outcome {
  return parsePlainRelease(input, true) ?? fullLenient(input, options);
}

function strictFor(input: string, options: StrictVersionOptions | undefined): Outcome {
  return parsePlainRelease(input, false) ?? fullStrict(input, options);
}

function flux(input: string, rule: FluxParseRule): Outcome {
  return parsePlainRelease(input, true) ?? fullFlux(input, rule);
}

function fullLenient(input: string, options: ParseVersionOptions | undefined): Outcome {
  if (options?.coerceNewVersion ?? true) return coerce(input);
  return noCoerce(input, options?.detailedNewVersionErrors ?? true);
}

function fullStrict(input: string, options: StrictVersionOptions | undefined): Outcome {
  const release = options?.masterminds ?? NEWEST_MASTERMINDS_RELEASE;
  return strict(input, mastermindsBehaviour(release).strictAllowsEmptyIdentifiers);
}

function fullFlux(input: string, rule: FluxParseRule): Outcome {
  if (rule === 'lenient') return splitN(input, '.', 3).length === 3 ? coerce(input) : INVALID_SEMVER;
  const hasV = input.startsWith('v');
  const v = strict(hasV ? input.slice(1) : input);
  if (isFailure(v) || !hasV) return v;
  // NewVersion(input) reads the same segments once strict parsing passed; only `original` differs.
  return new SemVer(v.major, v.minor, v.patch, v.prerelease, v.metadata, input);
}

/**
 * @internal the parsers without the plain-release fast path, so tests can
 * show that both ways give the same version or the same failure
 */
export const FULL_PARSERS = { lenient: fullLenient, strict: fullStrict, flux: fullFlux } as const;

function orThrow(input: string, outcome: Outcome, parser: VersionParser): SemVer {
  if (isFailure(outcome)) throw new InvalidVersionError(input, outcome.errorName, outcome.reason, parser);
  return outcome;
}

function orUndefined(outcome: Outcome): SemVer | undefined {
  return isFailure(outcome) ? undefined : outcome;
}

/**
 * Masterminds' lenient `NewVersion`: accepts a `v` prefix and partial
 * versions (`1`, `1.2`), and by default coerces leading zeros. This is how
 * Helm reads `--version` and how constraints read their versions.
 *
 * @throws InvalidVersionError when the string is not a version
 * @example parseVersion('v1.2').toString() // '1.2.0'
 */
export function parseVersion(input: string, options?: ParseVersionOptions): SemVer {
  return orThrow(input, lenient(input, options), 'lenient');
}

/** `parseVersion` without the exception, for loops over many tags. */
export function tryParseVersion(input: string, options?: ParseVersionOptions): SemVer | undefined {
  return orUndefined(lenient(input, options));
}

/**
 * Masterminds' `StrictNewVersion`: exactly `MAJOR.MINOR.PATCH[-PRE][+BUILD]`,
 * no `v`, no leading zeros. Helm keeps only tags that pass this when it lists
 * a repository (HelmRepository `type: oci`).
 *
 * @throws InvalidVersionError when the string is not a strict version
 */
export function parseStrictVersion(input: string, options?: StrictVersionOptions): SemVer {
  return orThrow(input, strictFor(input, options), 'strict');
}

/** `parseStrictVersion` without the exception, for loops over many tags. */
export function tryParseStrictVersion(input: string, options?: StrictVersionOptions): SemVer | undefined {
  return orUndefined(strictFor(input, options));
}

/**
 * fluxcd/pkg `version.ParseVersion` under `rule` (see `FluxParseRule`).
 * `original` keeps the input as written, `v` and leading zeros included.
 *
 * @param rule `'lenient'` (Flux ≥ 2.7) by default
 * @throws InvalidVersionError when the string is not such a version
 * @example parseFluxVersion('2025.01.02').toString() // '2025.1.2'
 * @example parseFluxVersion('2025.01.02', 'strict') // throws: version segment starts with 0
 */
export function parseFluxVersion(input: string, rule: FluxParseRule = 'lenient'): SemVer {
  return orThrow(input, flux(input, rule), rule === 'lenient' ? 'flux-lenient' : 'flux-strict');
}

/** `parseFluxVersion` without the exception, for loops over many tags. */
export function tryParseFluxVersion(input: string, rule: FluxParseRule = 'lenient'): SemVer | undefined {
  return orUndefined(flux(input, rule));
}
