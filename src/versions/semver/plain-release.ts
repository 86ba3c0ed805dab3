import { MAX_SAFE_DIGITS, uint64 } from './identifiers';
import { refillVersion, SemVer } from './version';

/**
 * The fast path every parser tries first: a plain release `MAJOR.MINOR.PATCH`,
 * optionally after one `v`, read with one scan of char codes and no
 * substrings, regular expressions or bigints for small numbers. Nearly every
 * listed tag has this form, and parsing tag lists was most of a range
 * lookup's CPU and garbage.
 *
 * It accepts only what every parser reads alike: exactly three segments of
 * 1 to 15 ASCII digits (so a Number holds them exactly and none overflows
 * uint64) with no leading zero, and nothing else. For such a string
 * Masterminds' `StrictNewVersion` (any release), `NewVersion` (coercing or
 * not), and fluxcd/pkg `ParseVersion` (strict or lenient) all return the
 * three numbers, no prerelease, no metadata, and the input as `original`;
 * `StrictNewVersion` alone refuses the `v`, hence `allowV`. Anything else
 * (`v` where it is refused, leading zeros, longer segments, prerelease,
 * metadata, partial versions) returns `undefined` and goes the full way;
 * test/versions/semver/plain-release.test.ts checks both ways agree.
 *
 * @param allowV whether a leading `v` is part of the grammar (all but `StrictNewVersion`)
 * @param into a version to overwrite (see `refillVersion`) instead of allocating one
 */
export function parsePlainRelease(input: string, allowV: boolean, into?: SemVer): SemVer | undefined {
  const length = input.length;
  let i = 0;
  if (length > 0 && input.charCodeAt(0) === V) {
    if (!allowV) return undefined;
    i = 1;
  }
  let major = 0;
  let minor = 0;
  let patch = 0;
  for (let segment = 0; segment < 3; segment++) {
    const start = i;
    let n = 0;
    for (; i < length; i++) {
      const digit = input.charCodeAt(i) - ZERO;
      if (digit < 0 || digit > 9) break;
      n = n * 10 + digit;
    }
    const digits = i - start;
    if (digits === 0 || digits > MAX_SAFE_DIGITS) return undefined;
    if (digits > 1 && input.charCodeAt(start) === ZERO) return undefined;
    if (segment === 0) major = n;
    else if (segment === 1) minor = n;
    else patch = n;
    if (segment < 2) {
      if (i === length || input.charCodeAt(i) !== DOT) return undefined;
      i++;
    }
  }
  if (i !== length) return undefined;
  if (into) return refillVersion(into, uint64(major), uint64(minor), uint64(patch), input);
  return new SemVer(uint64(major), uint64(minor), uint64(patch), '', '', input);
}

const V = 0x76;
const ZERO = 0x30;
const DOT = 0x2e;
