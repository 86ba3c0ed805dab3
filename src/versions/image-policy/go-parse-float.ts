/* eslint-disable no-bitwise -- Go's ASCII lower-casing and the float64 bit layout, as atof.go does them */
/**
 * Go's `strconv.ParseFloat(s, 64)`, which the numerical ImagePolicy applies
 * to every tag (fluxcd/image-reflector-controller
 * `internal/policy/numerical.go` @debe2aaa). Follows Go src/strconv/atof.go
 * (`ParseFloat`, `special`, `readFloat`, `underscoreOK`, `atofHex`; go1.26):
 *
 * - The whole string must be the number: no spaces, nothing after it.
 * - Decimal: optional sign, digits with an optional `.` (`5.`, `.5`), an
 *   optional exponent `e`/`E` with optional sign and at least one digit.
 * - Hexadecimal: optional sign, `0x`/`0X`, hex digits with an optional
 *   `.`, and a mandatory binary exponent `p`/`P` (`0x1.8p3` = 12; `0x10`
 *   alone is a syntax error).
 * - Underscores: allowed in both forms, each between two digits (or after
 *   the `0x` prefix), as in Go literals: `1_000`, `0x_1p0`; not `_1`,
 *   `1__0`, `1_`, `1_.5`, `1e_5`.
 * - `inf`, `infinity` (optional sign) and `nan` (no sign), any case.
 * - A value too large for float64 is an error (`ErrRange`) even though Go
 *   returns ±Inf with it; a value too small rounds to 0 or a subnormal
 *   without error (`1e-400` is 0, as `atof_test.go` expects of `2e-324`).
 *
 * Values are correctly rounded, round half to even, like Go: decimal
 * strings through JavaScript's `Number` (also correctly rounded), hex ones
 * exactly with BigInt. Go caps an exponent at five digits of magnitude
 * while it reads it; that changes a result only for mantissas thousands of
 * digits long, far past the 128 characters an OCI tag may have.
 */

/** The outcome of `parseGoFloat`. */
export type GoFloatParse =
  | { readonly ok: true; readonly value: number }
  | { readonly ok: false; readonly error: 'syntax' | 'range' };

const SYNTAX: GoFloatParse = { ok: false, error: 'syntax' };
const RANGE: GoFloatParse = { ok: false, error: 'range' };

/** What `readFloat` found: where the number ends, and its parts. */
interface Scanned {
  readonly end: number;
  readonly hex: boolean;
  readonly negative: boolean;
  /** The mantissa digits, without `.` and `_`. */
  readonly digits: string;
  /** How many of `digits` come after the `.`. */
  readonly fractionDigits: number;
  /** The exponent as Go reads it (base 10, or base 2 for hex). */
  readonly exponent: number;
}

/**
 * `strconv.ParseFloat(s, 64)`: the float64 value, or Go's `ErrSyntax` /
 * `ErrRange`.
 *
 * @example parseGoFloat('1e3') // { ok: true, value: 1000 }
 * @example parseGoFloat('0x10') // { ok: false, error: 'syntax' }
 */
export function parseGoFloat(s: string): GoFloatParse {
  const special = readSpecial(s);
  if (special !== undefined) return special;
  const scanned = readFloat(s);
  if (scanned === undefined || scanned.end !== s.length) return SYNTAX;
  if (scanned.hex) return hexValue(scanned);
  const value = Number(s.replace(/_/g, ''));
  return Number.isFinite(value) ? { ok: true, value } : RANGE;
}

/** Go's `special`: infinities and NaN, which must then be the whole string. */
function readSpecial(s: string): GoFloatParse | undefined {
  const signed = s[0] === '+' || s[0] === '-';
  const body = signed ? s.slice(1) : s;
  const first = body[0];
  if (signed || first === 'i' || first === 'I') {
    let n = commonPrefixLengthIgnoringCase(body, 'infinity');
    // Longer than "inf" but short of "infinity": Go takes the "inf" only.
    if (n > 3 && n < 8) n = 3;
    if (n !== 3 && n !== 8) return undefined;
    if ((signed ? 1 : 0) + n !== s.length) return SYNTAX;
    return { ok: true, value: s[0] === '-' ? -Infinity : Infinity };
  }
  if (first === 'n' || first === 'N') {
    if (commonPrefixLengthIgnoringCase(body, 'nan') !== 3) return undefined;
    return s.length === 3 ? { ok: true, value: NaN } : SYNTAX;
  }
  return undefined;
}

function commonPrefixLengthIgnoringCase(s: string, lowerPrefix: string): number {
  const n = Math.min(s.length, lowerPrefix.length);
  for (let i = 0; i < n; i++) {
    if (s[i].toLowerCase() !== lowerPrefix[i] || s.charCodeAt(i) > 0x7f) return i;
  }
  return n;
}

/** Go's `lower`: ASCII letters to lower case by setting bit 5 (other bytes never compare equal to what it is compared with). */
function lower(s: string, i: number): number {
  return s.charCodeAt(i) | 0x20;
}

function isDigit(s: string, i: number): boolean {
  const c = s.charCodeAt(i);
  return c >= 0x30 && c <= 0x39;
}

function isHexLetter(s: string, i: number): boolean {
  const c = s.charCodeAt(i);
  return (c >= 0x41 && c <= 0x46) || (c >= 0x61 && c <= 0x66);
}

/** Go's `readFloat`: the longest number at the start of `s`, or undefined for a syntax error. */
function readFloat(s: string): Scanned | undefined {
  let i = 0;
  if (s.length === 0) return undefined;
  const negative = s[0] === '-';
  if (negative || s[0] === '+') i++;
  // A hex prefix needs something after it; "0x" alone reads as 0 followed by junk.
  const hex = i + 2 < s.length && s[i] === '0' && lower(s, i + 1) === 0x78;
  if (hex) i += 2;
  let underscores = false;
  let sawDot = false;
  let digits = '';
  let fractionDigits = 0;
  for (; i < s.length; i++) {
    if (s[i] === '_') {
      underscores = true;
    } else if (s[i] === '.') {
      if (sawDot) break;
      sawDot = true;
    } else if (isDigit(s, i) || (hex && isHexLetter(s, i))) {
      digits += s[i];
      if (sawDot) fractionDigits++;
    } else {
      break;
    }
  }
  if (digits === '') return undefined;
  let exponent = 0;
  if (i < s.length && lower(s, i) === (hex ? 0x70 : 0x65)) {
    i++;
    let sign = 1;
    if (s[i] === '+') {
      i++;
    } else if (s[i] === '-') {
      i++;
      sign = -1;
    }
    if (i >= s.length || !isDigit(s, i)) return undefined;
    let e = 0;
    for (; i < s.length && (isDigit(s, i) || s[i] === '_'); i++) {
      if (s[i] === '_') underscores = true;
      // Go stops accumulating once the exponent reaches 10000.
      else if (e < 10000) e = e * 10 + (s.charCodeAt(i) - 0x30);
    }
    exponent = e * sign;
  } else if (hex) {
    return undefined;
  }
  if (underscores && !underscoreOK(s.slice(0, i))) return undefined;
  return { end: i, hex, negative, digits, fractionDigits, exponent };
}

/**
 * Go's `underscoreOK`: each `_` follows a digit (or the base prefix) and is
 * followed by a digit.
 */
function underscoreOK(number: string): boolean {
  let s = number;
  if (s[0] === '-' || s[0] === '+') s = s.slice(1);
  // 'digit' also stands for the base prefix; 'start' and 'other' are what Go calls '^' and '!'.
  let saw: 'start' | 'digit' | 'underscore' | 'other' = 'start';
  let i = 0;
  let hex = false;
  if (s.length >= 2 && s[0] === '0' && [0x62, 0x6f, 0x78].includes(lower(s, 1))) {
    i = 2;
    saw = 'digit';
    hex = lower(s, 1) === 0x78;
  }
  for (; i < s.length; i++) {
    if (isDigit(s, i) || (hex && isHexLetter(s, i))) {
      saw = 'digit';
    } else if (s[i] === '_') {
      if (saw !== 'digit') return false;
      saw = 'underscore';
    } else {
      if (saw === 'underscore') return false;
      saw = 'other';
    }
  }
  return saw !== 'underscore';
}

const MANTISSA_BITS = 52;
const MIN_EXPONENT = -1022;
const MAX_EXPONENT = 1023;

/**
 * A hex float's value, rounded once to float64 (half to even), as Go's
 * `atofHex` rounds it; ErrRange when it rounds past the largest float64.
 */
function hexValue(scanned: Scanned): GoFloatParse {
  const mantissa = BigInt(`0x${scanned.digits}`);
  if (mantissa === 0n) return { ok: true, value: scanned.negative ? -0 : 0 };
  // value = mantissa · 2^exp2
  const exp2 = scanned.exponent - 4 * scanned.fractionDigits;
  const top = mantissa.toString(2).length - 1 + exp2;
  if (top > MAX_EXPONENT) return RANGE;
  // The weight of the last bit kept: 53 significant bits, or fewer below the normal range.
  let quantum = Math.max(top, MIN_EXPONENT) - MANTISSA_BITS;
  let units = roundHalfEven(mantissa, quantum - exp2);
  if (units === 1n << BigInt(MANTISSA_BITS + 1)) {
    units >>= 1n;
    quantum++;
  }
  if (units !== 0n && units.toString(2).length - 1 + quantum > MAX_EXPONENT) return RANGE;
  return { ok: true, value: float64(scanned.negative, units, quantum) };
}

/** `value · 2^-shift` rounded to an integer, half to even. */
function roundHalfEven(value: bigint, shift: number): bigint {
  if (shift <= 0) return value << BigInt(-shift);
  const s = BigInt(shift);
  const kept = value >> s;
  const dropped = value - (kept << s);
  const half = 1n << (s - 1n);
  return dropped > half || (dropped === half && (kept & 1n) === 1n) ? kept + 1n : kept;
}

/** The float64 `units · 2^quantum`, which is exact: `units` < 2^53, and `quantum` is -1074 when `units` < 2^52. */
function float64(negative: boolean, units: bigint, quantum: number): number {
  const normal = units >> BigInt(MANTISSA_BITS) !== 0n;
  const biased = normal ? BigInt(quantum + MANTISSA_BITS + MAX_EXPONENT) : 0n;
  const fraction = units & ((1n << BigInt(MANTISSA_BITS)) - 1n);
  const bits = ((negative ? 1n : 0n) << 63n) | (biased << BigInt(MANTISSA_BITS)) | fraction;
  const view = new DataView(new ArrayBuffer(8));
  view.setBigUint64(0, bits);
  return view.getFloat64(0);
}
