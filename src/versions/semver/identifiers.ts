/**
 * The pieces of Masterminds/semver v3 that the parsers and the comparison
 * share: uint64 segments, identifier validation and prerelease precedence.
 */

import type { VersionErrorName } from '../errors';
import { goQuote } from '../go-quote';

/** A parse failure as Masterminds reports it: the Go error value and its text. */
export interface VersionFailure {
  readonly errorName: VersionErrorName;
  readonly reason: string;
}

export const INVALID_SEMVER: VersionFailure = { errorName: 'ErrInvalidSemVer', reason: 'invalid semantic version' };
export const EMPTY_STRING: VersionFailure = { errorName: 'ErrEmptyString', reason: 'version string empty' };
export const INVALID_CHARACTERS: VersionFailure = { errorName: 'ErrInvalidCharacters', reason: 'invalid characters in version' };
export const SEGMENT_STARTS_ZERO: VersionFailure = { errorName: 'ErrSegmentStartsZero', reason: 'version segment starts with 0' };
export const INVALID_METADATA: VersionFailure = { errorName: 'ErrInvalidMetadata', reason: 'invalid metadata string' };
export const INVALID_PRERELEASE: VersionFailure = { errorName: 'ErrInvalidPrerelease', reason: 'invalid prerelease string' };

export const MAX_UINT64 = 18446744073709551615n;

const DIGITS = /^[0-9]*$/;
const IDENTIFIER = /^[0-9A-Za-z-]*$/;

/** Decimal digits that always fit a JavaScript number exactly (10^15 < 2^53). */
export const MAX_SAFE_DIGITS = 15;

/**
 * The bigints 0n…1023n, made once and shared by every version: a tag list
 * parses thousands of segments, nearly all of them small, and a bigint per
 * segment was a visible share of the garbage collector's work.
 */
const SMALL_UINT64: readonly bigint[] = smallUint64s(1024);

function smallUint64s(count: number): readonly bigint[] {
  const table: bigint[] = [];
  for (let i = 0; i < count; i++) table.push(BigInt(i));
  return Object.freeze(table);
}

/** A segment value as a bigint, shared for small values. `n` must be a non-negative safe integer. */
export function uint64(n: number): bigint {
  return n < SMALL_UINT64.length ? SMALL_UINT64[n] : BigInt(n);
}

/**
 * `strconv.ParseUint(s, 10, 64)`: a bigint, or the failure Go reports for an
 * empty/non-digit string or a value above 2^64-1. `wrap` adds the prefix the
 * lenient parser puts around strconv errors.
 */
export function parseUint64(s: string, wrap: boolean): bigint | VersionFailure {
  const prefix = wrap ? 'error parsing version segment: ' : '';
  if (s === '' || !DIGITS.test(s)) {
    return { errorName: 'ErrSyntax', reason: `${prefix}strconv.ParseUint: parsing ${goQuote(s)}: invalid syntax` };
  }
  // Up to 15 digits the value is below 2^53, so a Number reads it exactly and it cannot overflow uint64.
  if (s.length <= MAX_SAFE_DIGITS) return uint64(Number(s));
  const n = BigInt(s);
  if (n > MAX_UINT64) {
    return { errorName: 'ErrRange', reason: `${prefix}strconv.ParseUint: parsing ${goQuote(s)}: value out of range` };
  }
  return n;
}

export function isDigits(s: string): boolean {
  return DIGITS.test(s);
}

/**
 * Dot-separated, non-empty `[0-9A-Za-z-]` identifiers; numeric ones without
 * leading zeros. `allowEmpty`: Masterminds ≤ 3.3.0 let empty identifiers
 * through (`StrictNewVersion('1.2.3-rc..1')`).
 */
export function validatePrerelease(pre: string, allowEmpty = false): VersionFailure | undefined {
  for (const part of pre.split('.')) {
    if (part === '') {
      if (allowEmpty) continue;
      return INVALID_PRERELEASE;
    }
    if (DIGITS.test(part)) {
      if (part.length > 1 && part[0] === '0') return SEGMENT_STARTS_ZERO;
    } else if (!IDENTIFIER.test(part)) {
      return INVALID_PRERELEASE;
    }
  }
  return undefined;
}

/** Dot-separated, non-empty `[0-9A-Za-z-]` identifiers; leading zeros allowed. `allowEmpty` as for prereleases. */
export function validateMetadata(meta: string, allowEmpty = false): VersionFailure | undefined {
  for (const part of meta.split('.')) {
    if (part === '' ? !allowEmpty : !IDENTIFIER.test(part)) return INVALID_METADATA;
  }
  return undefined;
}

/**
 * Prerelease precedence as Masterminds implements it: identifiers compared
 * left to right, a missing identifier sorts first, numbers (what ParseUint
 * accepts, so `-2` is text) sort before text, text compares bytewise.
 */
export function comparePrerelease(a: string, b: string): -1 | 0 | 1 {
  const as = a.split('.');
  const bs = b.split('.');
  const n = Math.max(as.length, bs.length);
  for (let i = 0; i < n; i++) {
    const d = compareIdentifier(as[i] ?? '', bs[i] ?? '');
    if (d !== 0) return d;
  }
  return 0;
}

function compareIdentifier(s: string, o: string): -1 | 0 | 1 {
  if (s === o) return 0;
  if (s === '') return -1;
  if (o === '') return 1;
  const sn = asUint64(s);
  const on = asUint64(o);
  if (sn === undefined && on === undefined) return s > o ? 1 : -1;
  if (on === undefined) return -1;
  if (sn === undefined) return 1;
  return sn > on ? 1 : -1;
}

function asUint64(s: string): bigint | undefined {
  const n = parseUint64(s, false);
  return typeof n === 'bigint' ? n : undefined;
}
