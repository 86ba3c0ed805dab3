import { AND_GROUP, FIND_TERMS, HYPHEN_RANGE, TERM } from '../../../src/versions/semver/grammar';

// Masterminds' patterns transcribed literally (Go's \s spelled out). On short
// input a backtracking engine picks the same leftmost-first matches as RE2, so
// they are the reference the rewritten, backtracking-safe patterns must equal.
const S = '[\\t\\n\\f\\r ]';
const OPS = '=||!=|>|<|>=|=>|<=|=<|~|~>|\\^';
const CV = 'v?([0-9|x|X|\\*]+)(\\.[0-9|x|X|\\*]+)?(\\.[0-9|x|X|\\*]+)?(-([0-9A-Za-z\\-]+(\\.[0-9A-Za-z\\-]+)*))?(\\+([0-9A-Za-z\\-]+(\\.[0-9A-Za-z\\-]+)*))?';
const GO_VALID = new RegExp(`^(${S}*(${OPS})${S}*(${CV})${S}*)((?:${S}+|,${S}*)(${OPS})${S}*(${CV})${S}*)*$`);
const GO_FIND = new RegExp(`(${OPS})${S}*(${CV})`, 'g');
const GO_TERM = new RegExp(`^${S}*(${OPS})${S}*(${CV})${S}*$`);
const GO_RANGE = new RegExp(`${S}*(${CV})${S}+-${S}+(${CV})${S}*`, 'g');

const PIECES = ['1', '2', '0', '.', 'x', '*', '|', '-', '+', 'a', 'v', ' ', ',', '=', '>', '<', '~', '^', '!', ' - ', '\t'];

/** A small deterministic generator, so a failure reproduces. */
function* randomInputs(count: number): Generator<string> {
  let seed = 42;
  const next = (n: number): number => {
    seed = (seed * 1103515245 + 12345) % 2147483648;
    return seed % n;
  };
  for (let i = 0; i < count; i++) {
    let s = '';
    for (let len = 1 + next(12); len > 0; len--) s += PIECES[next(PIECES.length)];
    yield s;
  }
}

test('the rewritten constraint patterns agree with the Go originals on 20000 random inputs', () => {
  const mismatches: string[] = [];
  for (const s of randomInputs(20000)) {
    if (GO_VALID.test(s) !== AND_GROUP.test(s)) mismatches.push(`valid ${JSON.stringify(s)}`);
    if (JSON.stringify(s.match(GO_FIND)) !== JSON.stringify(s.match(FIND_TERMS))) mismatches.push(`find ${JSON.stringify(s)}`);
    const a = GO_TERM.exec(s);
    const b = TERM.exec(s);
    const parts = (m: RegExpExecArray | null, idx: number[]): string | null => (m ? JSON.stringify(idx.map((i) => m[i] ?? '')) : null);
    if (parts(a, [1, 2, 3, 4, 5, 6]) !== parts(b, [1, 2, 3, 4, 5, 6])) mismatches.push(`term ${JSON.stringify(s)}`);
    const ra = [...s.matchAll(GO_RANGE)].map((m) => [m[0], m[1], m[11]]);
    const rb = [...s.matchAll(HYPHEN_RANGE)].map((m) => [m[0], m[1], m[2]]);
    if (JSON.stringify(ra) !== JSON.stringify(rb)) mismatches.push(`range ${JSON.stringify(s)}`);
  }
  expect(mismatches.slice(0, 10)).toEqual([]);
});
