/**
 * go-yaml v2's scalar decisions for the emitter: whether a string would read
 * back as another type (go-yaml `resolve`, so it must be quoted) and the
 * order of map keys (`keyList.Less`).
 */

const BOOL_OR_NULL = new Set([
  'y', 'Y', 'yes', 'Yes', 'YES', 'true', 'True', 'TRUE', 'on', 'On', 'ON',
  'n', 'N', 'no', 'No', 'NO', 'false', 'False', 'FALSE', 'off', 'Off', 'OFF',
  '', '~', 'null', 'Null', 'NULL',
  '.nan', '.NaN', '.NAN', '.inf', '.Inf', '.INF', '+.inf', '+.Inf', '+.INF', '-.inf', '-.Inf', '-.INF',
]);
const YAML_STYLE_FLOAT = /^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$/;
const GO_INT = /^([-+]?)(0[xX][0-9a-fA-F]+|0[oO][0-7]+|0[bB][01]+|0[0-7]*|[1-9][0-9]*)$/;
const BASE60_FLOAT = /^[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+(?:\.[0-9_]*)?$/;

/** go-yaml's `stringv`: plain style only for strings that resolve to `!!str` and are not YAML 1.1 base-60 floats. */
export function canUsePlain(s: string): boolean {
  return !resolvesToNonString(s) && !BASE60_FLOAT.test(s);
}

function resolvesToNonString(s: string): boolean {
  const first = s === '' ? 'N' : s[0];
  const hinted = /[-+0-9yYnNtTfFoO~.N]/.test(first);
  if (!hinted) return false;
  if (BOOL_OR_NULL.has(s)) return true;
  if (first === '.') return /^\.[0-9]+([eE][-+]?[0-9]+)?$/.test(s) && Number.isFinite(Number(s));
  if (!/[-+0-9]/.test(first)) return false;
  if (isTimestamp(s)) return true;
  const plain = s.replace(/_/g, '');
  const int = GO_INT.exec(plain);
  if (int && fitsGoInteger(int[1], int[2])) return true;
  return YAML_STYLE_FLOAT.test(plain) && Number.isFinite(Number(plain));
}

/** `strconv.ParseInt(s, 0, 64)` or, failing that, `ParseUint`. */
function fitsGoInteger(sign: string, digits: string): boolean {
  const prefix = digits.slice(0, 2).toLowerCase();
  let value: bigint;
  if (prefix === '0x' || prefix === '0o' || prefix === '0b') value = BigInt(`0${prefix[1]}${digits.slice(2)}`);
  else if (digits.length > 1 && digits[0] === '0') value = BigInt(`0o${digits.slice(1)}`);
  else value = BigInt(digits);
  if (sign === '-') return value <= 2n ** 63n;
  return value <= 2n ** 64n - 1n;
}

const TIMESTAMP = /^(\d{4})-(\d{1,2})-(\d{1,2})(?:(?:[Tt](\d{1,2}):(\d{1,2}):(\d{1,2})(?:[.,]\d{1,9})?(?:Z|[+-]\d{2}:\d{2}))|(?: (\d{1,2}):(\d{1,2}):(\d{1,2})(?:[.,]\d{1,9})?))?$/;

/** go-yaml's `parseTimestamp` (Go `time.Parse` with its four layouts, ranges checked). */
function isTimestamp(s: string): boolean {
  const m = TIMESTAMP.exec(s);
  if (!m) return false;
  const [year, month, day] = [Number(m[1]), Number(m[2]), Number(m[3])];
  if (month < 1 || month > 12 || day < 1) return false;
  const daysInMonth = new Date(Date.UTC(year, month, 0)).getUTCDate();
  if (day > daysInMonth) return false;
  const hour = m[4] ?? m[7];
  const minute = m[5] ?? m[8];
  const second = m[6] ?? m[9];
  if (hour === undefined) return true;
  return Number(hour) < 24 && Number(minute) < 60 && Number(second) < 60;
}

/**
 * go-yaml v2's map key order (`keyList.Less`): letters compare by code point,
 * a non-letter sorts before a letter, runs of digits compare as numbers.
 */
export function goYamlKeyCompare(a: string, b: string): number {
  if (a === b) return 0;
  return goYamlKeyLess(a, b) ? -1 : goYamlKeyLess(b, a) ? 1 : 0;
}

const LETTER = /^\p{L}$/u;
const DIGIT = /^\p{Nd}$/u;

function goYamlKeyLess(a: string, b: string): boolean {
  const ar = [...a];
  const br = [...b];
  for (let i = 0; i < ar.length && i < br.length; i++) {
    if (ar[i] === br[i]) continue;
    const al = LETTER.test(ar[i]);
    const bl = LETTER.test(br[i]);
    if (al && bl) return ar[i].codePointAt(0)! < br[i].codePointAt(0)!;
    if (al || bl) return bl;
    let an = 0;
    let bn = 0;
    if (ar[i] === '0' || br[i] === '0') {
      for (let j = i - 1; j >= 0 && DIGIT.test(ar[j]); j--) {
        if (ar[j] !== '0') {
          an = 1;
          bn = 1;
          break;
        }
      }
    }
    let ai = i;
    for (; ai < ar.length && DIGIT.test(ar[ai]); ai++) an = an * 10 + digitValue(ar[ai]);
    let bi = i;
    for (; bi < br.length && DIGIT.test(br[bi]); bi++) bn = bn * 10 + digitValue(br[bi]);
    if (an !== bn) return an < bn;
    if (ai !== bi) return ai < bi;
    return ar[i].codePointAt(0)! < br[i].codePointAt(0)!;
  }
  return ar.length < br.length;
}

/** Go computes `int64(r - '0')` even for non-ASCII digits; mirror that. */
function digitValue(ch: string): number {
  return ch.codePointAt(0)! - 0x30;
}
