import { CelExpr, CelMacro, positionOf } from '../../../src/model/flux-cel/ast';
import { parseCel } from '../../../src/model/flux-cel/parser';

/**
 * parseCel against google/cel-go v0.26.1 (8e7beb65) parser/parser_test.go
 * `testCases`. That table runs a parser made by `newTestParser`: all of
 * parser.AllMacros, MaxRecursionDepth(32), the optional syntax off and
 * identifier escapes off, unless a case sets `Opts`. Flux's `cel.NewEnv`
 * parser differs: the optional syntax is on, `existsOne` is not a macro
 * (cel/macro.go `StandardMacros`), and the recursion limit is 250. So:
 *
 * - cases that hold in both configurations are ported as they are
 *   (`ACCEPTED`, `REFUSED` with the line and column of cel-go's first error);
 * - cases whose outcome depends on the configuration are in
 *   `FLUX_CONFIGURATION`, with the outcome Flux's parser gives and why;
 * - the recursion cases keep the table's limit of 32 (parseCel takes the
 *   limits as an optional argument); cel-go places those errors at -1:0,
 *   parseCel at offset 0;
 * - left out: the `P`, `L` and `M` columns (cel-go's debug rendering, node
 *   ids and macro-call tracking, which `PopulateMacroCalls` fills and Flux
 *   does not set; the AST this parser returns is tested below instead), the
 *   `EnableHiddenAccumulatorName(false)` variants (inputs already ported),
 *   and `TestExpressionSizeCodePointLimit`/`TestParserOptionErrors` (other
 *   option values; the default size limit is tested instead).
 */

/** Where cel-go reports the first error: `<input>:line:column`. */
function firstError(source: string, limits?: Parameters<typeof parseCel>[1]): { line: number; column: number } | undefined {
  const [problem] = parseCel(source, limits).problems;
  return problem && positionOf(source, problem.offset);
}

/** A short test title for an input. */
function title(source: string): string {
  const text = JSON.stringify(source);
  return text.length > 70 ? `${text.slice(0, 67)}...` : text;
}

const LIMIT_32 = { maxRecursionDepth: 32, expressionSizeCodePointLimit: 100_000 };

/** parser_test.go inputs with a `P` (parsed) result and no `Opts`. */
const ACCEPTED: readonly string[] = [
  '"A"',
  'true',
  'false',
  '0',
  '42',
  '0xF',
  '0u',
  '23u',
  '24u',
  '0xFu',
  '-1',
  '4--4',
  '4--4.1',
  'b"abc"',
  '23.39',
  '!a',
  'null',
  'a',
  'a?b:c',
  'a || b',
  'a || b || c || d || e || f ',
  'a && b',
  'a && b && c && d && e && f && g',
  'a && b && c && d || e && f && g && h',
  'a + b',
  'a - b',
  'a * b',
  'a / b',
  'a % b',
  'a in b',
  'a == b',
  'a != b',
  'a > b',
  'a >= b',
  'a < b',
  'a <= b',
  'a.b',
  'a.b.c',
  'a[b]',
  'foo{ }',
  'foo{ a:b }',
  'foo{ a:b, c:d }',
  '{}',
  '{a:b, c:d}',
  '[]',
  '[a]',
  '[a, b, c]',
  '(a)',
  '((a))',
  'a()',
  'a(b)',
  'a(b, c)',
  'a.b()',
  'a.b(c)',
  'has(m.f)',
  'm.exists(v, f)',
  'm.all(v, f)',
  'm.existsOne(v, f)',
  'm.map(v, f)',
  'm.map(v, p, f)',
  'm.filter(v, p)',
  'x * 2',
  'x * 2u',
  'x * 2.0',
  '"\\u2764"',
  '"❤"',
  '! false',
  '-a',
  'a.b(5)',
  'a[3]',
  'SomeMessage{foo: 5, bar: "xyz"}',
  '[3, 4, 5]',
  '[3, 4, 5,]',
  '{foo: 5, bar: "xyz"}',
  '{foo: 5, bar: "xyz", }',
  'a > 5 && a < 10',
  'a < 5 || a > 10',
  '[] + [1,2,3,] + [4]',
  '{1:2u, 2:3u}',
  'TestAllTypes{single_int32: 1, single_int64: 2}',
  'size(x) == x.size()',
  '"\\""',
  '[1,3,4][0]',
  'x["a"].single_int32 == 23',
  'x.single_nested_message != null',
  'false && !true || false ? 2 : 3',
  'b"abc" + B"def"',
  '1 + 2 * 3 - 1 / 2 == 6 % 1',
  '"abc" + "def"',
  '"\\xC3\\XBF"',
  '"\\303\\277"',
  '"hi\\u263A \\u263Athere"',
  '"\\U000003A8\\?"',
  '"\\a\\b\\f\\n\\r\\t\\v\'\\"\\\\\\? Legal escapes"',
  '"😁" in ["😁", "😑", "😦"]',
  'x.filter(y, y.filter(z, z > 0))',
  'has(a.b).filter(c, c)',
  'x.filter(y, y.exists(z, has(z.a)) && y.exists(z, has(z.b)))',
  '(has(a.b) || has(c.d)).string()',
  'has(a.b).asList().exists(c, c)',
  '[has(a.b), has(c.d)].exists(e, e)',
];

/** parser_test.go inputs with an `E` (error) result and no `Opts`: [input, line, column of the first error]. */
const REFUSED: readonly (readonly [string, number, number])[] = [
  ['0xFFFFFFFFFFFFFFFFF', 1, 1],
  ['0xFFFFFFFFFFFFFFFFFu', 1, 1],
  ['1.99e90000009', 1, 1],
  ['*@a | b', 1, 1],
  ['a | b', 1, 3],
  ['has(m)', 1, 5],
  ['m.map(__result__, __result__)', 1, 7],
  ['m.filter(__result__, false)', 1, 10],
  ['m.filter(a.b, false)', 1, 11],
  ['{', 1, 2],
  ['TestAllTypes(){}', 1, 15],
  ['TestAllTypes{}()', 1, 15],
  ['1 + $', 1, 5],
  ['1 + 2\n3 +', 2, 1],
  ['1.all(2, 3)', 1, 7],
  ['1 + +', 1, 5],
  ['{"a": 1}."a"', 1, 10],
  ['"\\xFh"', 1, 1],
  ['"\\a\\b\\f\\n\\r\\t\\v\\\'\\"\\\\\\? Illegal escape \\>"', 1, 1],
  ['      \'😁\' in [\'😁\', \'😑\', \'😦\']\n\t\t\t&& in.😁', 2, 7],
  ['as', 1, 1],
  ['break', 1, 1],
  ['const', 1, 1],
  ['continue', 1, 1],
  ['else', 1, 1],
  ['for', 1, 1],
  ['function', 1, 1],
  ['if', 1, 1],
  ['import', 1, 1],
  ['in', 1, 1],
  ['let', 1, 1],
  ['loop', 1, 1],
  ['package', 1, 1],
  ['namespace', 1, 1],
  ['return', 1, 1],
  ['var', 1, 1],
  ['void', 1, 1],
  ['while', 1, 1],
  ['[1, 2, 3].map(var, var * var)', 1, 15],
  ['func{{a}}', 1, 6],
  ['msg{:a}', 1, 5],
  ['{a}', 1, 3],
  ['{:a}', 1, 2],
  ['ind[a{b}]', 1, 8],
  ['--', 1, 3],
  ['?', 1, 1],
  ['a ? b ((?))', 1, 9],
  ['self.true == 1', 1, 6],
  ['x{.', 1, 3],
  ['\'\\udead\' == \'\\ufffd\'', 1, 1],
];

/** parser_test.go inputs refused at the table's MaxRecursionDepth(32) with `<input>:-1:0` (a recursion limit). */
const REFUSED_AT_DEPTH_32: readonly string[] = [
  '[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[\n\t\t\t[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[\'too many\']]]]]]]]]]]]]]]]]]]]]]]]]]]]\n\t\t\t]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]',
  'y!=y!=y!=y!=y!=y!=y!=y!=y!=-y!=-y!=-y!=-y-y!=-y!=-y!=-y-y!=-y!=-y!=-y-y!=-y\n\t\t!=-y!=-y-y!=-y!=-y!=-y-y!=-y!=-y!=-y-y!=-y!=-y!=-y-y!=-y!=-y!=-y-y!=-y!=-y!=-y-y\n\t\t!=-y!=-y!=-y-y!=-y!=-y!=-y-y!=-y!=-y!=-y-y!=-y!=-y!=-y-y!=-y!=-y!=-y-y!=-y!=-y\n\t\t!=-y-y!=-y!=-y!=-y-y!=-y!=-y!=-y-y!=-y!=-y!=-y-y!=-y!=-y!=-y-y!=-y!=-y!=-y-y!=-y\n\t\t!=-y!=-y-y!=-y!=-y!=-y-y!=-y!=-y!=-y-y!=-y!=-y!=-y-y!=-y!=-y!=-y-y!=-y!=-y!=-y-y\n\t\t!=-y!=-y!=-y-y!=-y!=-y!=-y-y!=-y!=-y!=-y-y!=-y',
  '[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[\'not fine\']]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]',
  '1 + 2 + 3 + 4 + 5 + 6 + 7 + 8 + 9 + 10\n\t\t+ 11 + 12 + 13 + 14 + 15 + 16 + 17 + 18 + 19 + 20\n\t\t+ 21 + 22 + 23 + 24 + 25 + 26 + 27 + 28 + 29 + 30\n\t\t+ 31 + 32 + 33 + 34',
  'a.b.c.d.e.f.g.h.i.j.k.l.m.n.o.p.q.r.s.t.u.v.w.x.y.z.A.B.C.D.E.F.G.H',
  'a[1][2][3][4][5][6][7][8][9][10][11][12][13][14][15][16][17][18][19][20]\n\t\t     [21][22][23][24][25][26][27][28][29][30][31][32][33]',
  'a < 1 < 2 < 3 < 4 < 5 < 6 < 7 < 8 < 9 < 10 < 11\n\t\t      < 12 < 13 < 14 < 15 < 16 < 17 < 18 < 19 < 20 < 21\n\t\t\t  < 22 < 23 < 24 < 25 < 26 < 27 < 28 < 29 < 30 < 31\n\t\t\t  < 32 < 33',
  'a[1][2][3][4][5][6][7][8][9][10][11][12][13][14][15][16][17][18][19][20] !=\n\t\ta[1][2][3][4][5][6][7][8][9][10][11][12][13][14][15][16][17][18][19][20] !=\n\t\ta[1][2][3][4][5][6][7][8][9][10][11][12][13][14][15][16][17][18][19][20] !=\n\t\ta[1][2][3][4][5][6][7][8][9][10][11][12][13][14][15][16][17][18][19][20] !=\n\t\ta[1][2][3][4][5][6][7][8][9][10][11][12][13][14][15][16][17][18][19][20] !=\n\t\ta[1][2][3][4][5][6][7][8][9][10][11][12][13][14][15][16][17][18][19][20] !=\n\t\ta[1][2][3][4][5][6][7][8][9][10][11][12][13][14][15][16][17][18][19][20] !=\n\t\ta[1][2][3][4][5][6][7][8][9][10][11][12][13][14][15][16][17][18][19][20] !=\n\t\ta[1][2][3][4][5][6][7][8][9][10][11][12][13][14][15][16][17][18][19][20] !=\n\t\ta[1][2][3][4][5][6][7][8][9][10][11][12][13][14][15][16][17][18][19][20] !=\n\t\ta[1][2][3][4][5][6][7][8][9][10][11][12][13][14][15][16][17][18][19][20] !=\n\t\ta[1][2][3][4][5][6][7][8][9][10][11][12][13][14][15][16][17][18][19][20] !=\n\t\ta[1][2][3][4][5][6][7][8][9][10][11][12][13][14][15][16][17][18][19][20] !=\n\t\ta[1][2][3][4][5][6][7][8][9][10][11][12][13][14][15][16][17][18][19][20]',
];

/** parser_test.go cases whose outcome differs in Flux's configuration: [input, line, column] or [input] when accepted, and why. */
const FLUX_CONFIGURATION: readonly (readonly [string, string, number?, number?])[] = [
  ['[].existsOne(__result__, __result__)', 'refused at 1:14 upstream: existsOne is no macro in cel.NewEnv, so a plain call'],
  ['m.existsOne(v, f)', 'a plain call too (accepted either way)'],
  ['a.?b && a[?b]', 'refused at 1:2 upstream (optional syntax off); OptionalTypes turns it on'],
  ['[?a, ?b]', 'refused at 1:2 upstream; accepted with EnableOptionalSyntax(true), as Flux has it'],
  ['Msg{?field: value} && {?\'key\': value}', 'refused at 1:5 upstream'],
  ['a.?b[?0] && a[?c]', 'Opts: EnableOptionalSyntax(true)'],
  ['{?\'key\': value}', 'Opts: EnableOptionalSyntax(true)'],
  ['[?a[?b]]', 'Opts: EnableOptionalSyntax(true)'],
  ['Msg{?field: value}', 'Opts: EnableOptionalSyntax(true)'],
  ['noop_macro(123)', 'Opts: a custom macro that declines to expand; with none it is a plain call'],
  ['x{?.', 'refused at 1:3 upstream ("unsupported syntax \'?\'"); with the optional syntax on the first error is the \'.\'', 1, 4],
  ['a.`b-c`', 'Opts: EnableIdentEscapeSyntax(false) gives 1:3; Flux never enables escapes', 1, 3],
  ['a.`b c`', 'accepted with EnableIdentEscapeSyntax(true) only', 1, 3],
  ['a.`b.c`', 'EnableIdentEscapeSyntax(false)', 1, 3],
  ['a.`in`', 'EnableIdentEscapeSyntax(false)', 1, 3],
  ['a.`/foo`', 'EnableIdentEscapeSyntax(false)', 1, 3],
  ['Message{`in`: true}', 'EnableIdentEscapeSyntax(false): reported at the start of the field list', 1, 9],
  ['`b-c`', 'a syntax error with or without escapes', 1, 1],
  ['`b-c`()', 'a syntax error with or without escapes', 1, 1],
  ['a.`$b`', 'a lexer error with or without escapes', 1, 3],
  ['a.`b.c`()', 'refused at 1:8 with escapes on; off, the escape at 1:3 comes first', 1, 3],
  ['\'3# < 10" \'& tru ^^', 'Opts: ErrorReportingLimit(2) only cuts later errors', 1, 12],
  ['-[-1--1--1--1---1--1--1--0--1--1--1--1--0--2--1--1--0--1--1--1--1--0--1--1--1\n\t\t--3-[-1--1--1--1---1--1--1--0--1--1--1--1--0--3--1--1--0--1--1--1--1--0--1--1--1\n\t\t--3-[-1--1--1--1---1--1--1--0-/1--1--1--1--0--2--1--1--0--1--1--1--1--0--1--1--1\n\t\t--3-[-1--1--1--1---1--1--1--0--1--1--1--1--0--2--1--1--0--1--1--1--1--0--1--1--1\n\t\t--3-[-1--1--1--1---1--1--1--0--1--1--1--1--0--2--1--1--0--1--1--1--1--0--1--1--1\n\t\t--3-[-1--1--1--1---1--1--1--0--1--1--1--1--0--2--1--1--0--1--1--1--1--0--1--1--1\n\t\t--3-[-1--1--1--1---1--1--1--0--1--1--1--1--0--3--1--1--0--1--1--1--1--0--1--1--1\n\t\t--3-[-1--1--1--1---1--1--1--0-/1--1--1--1--0--2--1--1--0--1--1--1--1--0--1--1--1\n\t\t--3-[-1--1--1--1---1-1--1--1--1--0--2--1--1--0--1--1--1--1--0--1--1--1--3-[-1--1\n\t\t--1--1---1--1--1--0--1--1--1--1--0--2--1--1--0--1--1--1--1--0--1--1--1--3-[-1--1\n\t\t--1--1---1--1-À1--0--1--1--1--1--0--2--1--1--0--1--1--1--1--0--1--1--1--3-[-1--1\n\t\t--1--1---1--1--1--0--1--1--1--1--0--2--1--1--0--1--1--1--1--0--1--1--1--3-[-1--1\n\t\t--1--1---1--1--1--0--1--1--1--1--0--3--1--1--0--1--1--1--1--0--1--1--1--3-[-1--1\n\t\t--1--1---1--1--1--0-/1--1--1--1--0--2--1--1--0--1--1--1--1--0--1--1--1--3-[-1--1\n\t\t--1--1---1--1--1--0--1--1--1--1--0--2--1--1--0--1--1--1--1--0--1--1--1--3-[-1--1\n\t\t--1--1---1--1--1--0--1--1--1--1--0--2--1--1--0--1--1--1--1--0--1--1--1--3-[-1--1\n\t\t--1--1---1--1--1--0--1--1--1--1--0--2--1--1--0--1--1--1--1--0--1--1--1--3-[-1--1\n\t\t--1--1---1--1--1--0--1--1--1--1--0--3--1--1--0--1--1--1\n\t\t--1--0--1--1--1--3-[-1--1--1--1---1--1--1--0-/1--1--1--1--0--2--1--1--0--1--1--1\n\t\t--1--0--1--1--1--3-[-1--1--1--1---1--1--1--0--1--1--1--1--0--2--1--1--0--1--1--1\n\t\t--1--0--1--1--1--3-[-1--1--1--1---1--1--1--0--1--1--1--1--0--2--1--1--0--1--1--1\n\t\t--1--0--1--1--1--3-[-1--1--1--1---1--1--1--0--1--1--1--1--0--2--1--1--0--1--1--1\n\t\t--1--0--1--1--1--3-[-1--1--1--1---1--1--1--0--1--1--1--1--0--3--1--1--0--1--1--1\n\t\t--1--0--1--1--1--3-[-1--1--1--1---1--1--1--0-/1--1--1--1--0--2--1--1--0--1--1--1\n\t\t--1--0--1--1--1--3-[-1--1--1--1---1--1--1--0--1--1--1--1--0--1--1--1--3-[-1--1--1\n\t\t--1---1--1--1--0--1--1--1--1--0--2--1--1--0--1--1--1--1--0--1--1--1--3-[-1--1--1\n\t\t--1---1--1--1--0--1--1--1--1--0--2--1--1--0--1--1--1--1--0--1--1--1--3-[-1--1--1\n\t\t--1---1--1--1--0--1--1--1--1--0--2--1--1--0--1--1--1--1--0--1--1--1--3-[-1--1--1\n\t\t--1---1--1--1--0--1--1--1--1--0--3--1--1--0--1--1--1--1--0--1--1--1--3-[-1--1--1\n\t\t--1---1--1--1--0-/1--1--1--1--0--2--1--1--0--1--1--1--1--0--1--1--1--3-[-1--1--1\n\t\t--1---1--1--1--0--1--1--1--1--0--2--1--1--0--1--1--1--1--0--1--1--1--3-[-1--1--1\n\t\t--1---1--1--1--0--1--1--1--1--0--2--1--1--0--1--1--1--1--0--1--1--1--3-[-1--1--1\n\t\t--1---1--1--1--0--1--1--1--1--0--2--1--1--0--1--1--1--1--0--1--1--1--3-[-1--1--1\n\t\t--1---1--1--1--0--1--1--1--1--0--3--1--1--0--1', 'at depth 32 cel-go first reports the recursion limit it meets after recovering from this error; at 250 it does not', 3, 33],
  ['ó ¢\n\t\tó 0 \n\t\t0"""\\""\\"""\\""\\"""\\""\\"""\\""\\"""\\"\\"""\\""\\"""\\""\\"""\\""\\"""\\"!\\"""\\""\\"""\\""\\"', 'the -1:0 lookahead error needs ErrorRecoveryLookaheadTokenLimit(4); the first placed error is the \'ó\'', 1, 1],
];

describe('parseCel: parser_test.go', () => {
  test.each(ACCEPTED.map((source) => [title(source), source]))('accepts %s', (_title, source) => {
    const parsed = parseCel(source);
    expect(parsed.problems).toEqual([]);
    expect(parsed.expr).toBeDefined();
  });

  test.each(REFUSED.map(([source, line, column]) => [title(source), source, line, column]))('refuses %s at %d:%d', (_title, source, line, column) => {
    expect(firstError(source)).toEqual({ line, column });
  });

  test.each(REFUSED_AT_DEPTH_32.map((source) => [title(source), source]))('refuses %s at depth 32', (_title, source) => {
    const [problem] = parseCel(source, LIMIT_32).problems;
    expect(problem).toEqual({ offset: 0, message: expect.stringMatching(/nests more than 32 (levels|operations) deep/) });
  });

  test.each(FLUX_CONFIGURATION.map(([source, why, line, column]) => [title(source), why, source, line, column]))(
    'in Flux\'s configuration %s (%s)', (_title, _why, source, line, column) => {
      expect(firstError(source)).toEqual(line === undefined ? undefined : { line, column });
    });
});

describe('parseCel: limits of a cel.NewEnv parser', () => {
  const nest = (depth: number, open: string, inner: string, close: string): string => open.repeat(depth) + inner + close.repeat(depth);
  test.each([
    // The ANTLR listener counts each rule's nested invocations: n lists nest n + 1 `expr` rules.
    ['249 nested lists', nest(249, '[', '1', ']'), true],
    ['250 nested lists', nest(250, '[', '1', ']'), false],
    ['249 nested parentheses', nest(249, '(', '1', ')'), true],
    ['250 nested parentheses', nest(250, '(', '1', ')'), false],
    // A relation's right side is a nested `relation` rule: two per level, and one more for the innermost `(b)`.
    ['124 relations nested on the right', nest(124, 'a < (', 'b', ')'), true],
    ['125 relations nested on the right', nest(125, 'a < (', 'b', ')'), false],
    // `? :` nests its third part as an `expr`.
    ['249 chained conditionals', 'a ? b : '.repeat(249) + 'c', true],
    ['250 chained conditionals', 'a ? b : '.repeat(250) + 'c', false],
    // The visitor counts operators along a left-nested chain.
    ['250 additions', Array.from({ length: 251 }, (_, i) => i).join(' + '), true],
    ['251 additions', Array.from({ length: 252 }, (_, i) => i).join(' + '), false],
    ['250 selects', 'a' + '.b'.repeat(250), true],
    ['251 selects', 'a' + '.b'.repeat(251), false],
    ['250 indexes', 'a' + '[0]'.repeat(250), true],
    ['251 indexes', 'a' + '[0]'.repeat(251), false],
    // `&&` and `||` are balanced trees and are not counted.
    ['1000 conjunctions', Array.from({ length: 1001 }, () => 'a').join(' && '), true],
    ['1000 negations', '!'.repeat(1000) + 'a', true],
    // 100,000 code points: the emoji are two UTF-16 units each but one code point.
    ['100,000 code points', `'${'😁'.repeat(99_998)}'`, true],
    ['100,001 code points', `'${'😁'.repeat(99_999)}'`, false],
  ])('%s', (_title, source, accepted) => {
    const parsed = parseCel(source);
    if (accepted) {
      expect(parsed.problems).toEqual([]);
    } else {
      expect(parsed.problems[0]).toEqual({ offset: 0, message: expect.stringMatching(/limit/) });
    }
  });
});

describe('parseCel: lexer and literals', () => {
  test.each([
    // CEL.g4 NUM_FLOAT needs digits after the point: `1.e5` is the int 1 and a select of `e5`.
    ['1.e5', undefined],
    ['1e', [1, 2]],
    // `.5` is a double token, so it cannot follow a name as a field.
    ['a.5', [1, 2]],
    ['.5 + 1.5e-3 + 2E+2', undefined],
    // Only a lowercase `0x` starts a hex literal.
    ['0X1', [1, 2]],
    ['0x1fu', undefined],
    // VisitInt folds the sign into the literal: the most negative int64 is in range, its negation is not.
    ['-9223372036854775808', undefined],
    ['- 9223372036854775808', undefined],
    ['9223372036854775808', [1, 1]],
    ['-(9223372036854775808)', [1, 3]],
    ['--9223372036854775808', [1, 3]],
    ['-0x8000000000000000', undefined],
    ['18446744073709551615u', undefined],
    ['18446744073709551616u', [1, 1]],
    ['1e308', undefined],
    ['1e-400', undefined],
    ['1e309', [1, 1]],
    ['-1u', undefined],
    // String prefixes and quotes.
    ['r"\\q" + R\'\\d\' + b"\\xff" + B\'\\377\' + br"\\u" + bR\'x\' + Br"x" + BR\'x\'', undefined],
    ['rb"x"', [1, 3]],
    ['"""multi\nline""" + \'\'\'it\'s\'\'\' + r"""\\n"""', undefined],
    ['"single\nline"', [1, 1]],
    ['"""abc', [1, 3]],
    ['"""a""""', [1, 8]],
    ['r\'abc', [1, 2]],
    ['\'\\q\'', [1, 1]],
    ['\'\\400\'', [1, 1]],
    ['\'\\x4g\'', [1, 1]],
    ['b\'\\u0041\'', [1, 1]],
    ['\'\\U00110000\'', [1, 1]],
    ['\'\\U0010FFFF\' + \'\\uFFFF\'', undefined],
    // Whitespace is tab, space, CR, LF and form feed; not vertical tab. Comments run to the end of the line.
    ['a\f+\r\nb // comment', undefined],
    ['a\v', [1, 2]],
    ['a /* no */', [1, 4]],
    ['a =b', [1, 3]],
    ['a & b', [1, 3]],
    ['😁 + 1', [1, 1]],
    ['"😁" + 😁', [1, 7]],
  ])('%j', (source, position) => {
    expect(firstError(source)).toEqual(position && { line: position[0], column: position[1] });
  });
});

describe('parseCel: grammar', () => {
  test.each([
    ['[,]', undefined],
    ['{,}', undefined],
    ['Msg{,}', undefined],
    ['[1,,2]', [1, 4]],
    ['[,1]', [1, 3]],
    ['f(1,)', [1, 5]],
    ['f(,)', [1, 3]],
    // The middle of `? :` is a conditionalOr, not an expr.
    ['a ? b ? c : d : e', [1, 7]],
    ['a ? b : c ? d : e', undefined],
    ['a < b < c == d in e', undefined],
    ['!-1', undefined],
    ['!--1', [1, 3]],
    ['-!a', [1, 2]],
    ['---a', undefined],
    // Reserved words: refused as names, allowed as fields, methods and message type names.
    ['x.var + x.if() + if.b{} + x.?while', undefined],
    ['var.x', [1, 1]],
    ['.if', [1, 1]],
    ['in(1)', [1, 1]],
    ['a.in', [1, 3]],
    ['a.true', [1, 3]],
    ['null.x + true.y', undefined],
    ['a.b.?c{}', [1, 7]],
    ['a.?b(1)', [1, 5]],
    ['a[?]', [1, 4]],
    ['a.', [1, 3]],
    ['(a', [1, 3]],
    ['a)', [1, 2]],
    // Macros: the first argument must be a plain name other than the accumulator's.
    ['x.all(.y, true)', undefined],
    ['x.exists_one(__result__, true)', [1, 14]],
    ['x.optMap(__result__, 1)', undefined],
    ['x.optFlatMap(a.b, 1)', [1, 15]],
    ['x.map(var, 1)', [1, 7]],
    ['x.map(a)', undefined],
    ['x.filter(a, b, c)', undefined],
    ['has(a.?b)', [1, 6]],
    ['has(a[0])', [1, 6]],
    ['has(a, b) + .has(a) + x.has(a)', undefined],
    ['has(has(a.b))', undefined],
  ])('%j', (source, position) => {
    expect(firstError(source)).toEqual(position && { line: position[0], column: position[1] });
  });
});

describe('parseCel: the AST', () => {
  const ident = (name: string, offset: number): CelExpr => ({ kind: 'ident', name, offset });
  const literal = (type: string, offset: number): CelExpr => ({ kind: 'literal', type, offset } as CelExpr);
  const select = (operand: CelExpr, field: string, offset: number, flags: { optional?: boolean; test?: boolean } = {}): CelExpr =>
    ({ kind: 'select', operand, field, offset, optional: flags.optional ?? false, test: flags.test ?? false });
  const call = (fn: string, offset: number, args: CelExpr[], target?: CelExpr): CelExpr => ({ kind: 'call', fn, offset, args, target });
  const macro = (name: CelMacro['macro'], offset: number, range: CelExpr, iterVar: string, args: CelExpr[]): CelExpr =>
    ({ kind: 'macro', macro: name, offset, range, iterVar, args });

  test.each<[string, CelExpr]>([
    ["self.status.conditions.exists(c, c.type == 'Ready' && c.status == 'True')", macro(
      'exists', 29, select(select(ident('self', 0), 'status', 4), 'conditions', 11), 'c', [call('_&&_', 51, [
        call('_==_', 40, [select(ident('c', 33), 'type', 34), literal('string', 43)]),
        call('_==_', 63, [select(ident('c', 54), 'status', 55), literal('string', 66)]),
      ])],
    )],
    // has() is a presence test placed at its '(' (parser_test.go: `m^#2[1,4]#.f~test-only~^#4[1,3]#`).
    ['has(dep.status)', select(ident('dep', 4), 'status', 3, { test: true })],
    ['a.?b', select(ident('a', 0), 'b', 1, { optional: true })],
    ['[?x]', { kind: 'list', offset: 0, elements: [ident('x', 2)], optional: [true] }],
    ["{?'k': v}", { kind: 'map', offset: 0, entries: [{ key: literal('string', 2), value: ident('v', 7), optional: true }] }],
    // A namespaced function is left as a member call on an identifier; the checker resolves it.
    ['optional.of(1)', call('of', 11, [literal('int', 12)], ident('optional', 0))],
    ['a ? b : c', call('_?_:_', 2, [ident('a', 0), ident('b', 4), ident('c', 8)])],
    ['x in y', call('@in', 2, [ident('x', 0), ident('y', 5)])],
    ['-1', literal('int', 0)],
    ['--1', literal('int', 2)],
    ['-a', call('-_', 0, [ident('a', 1)])],
    ['!!a', ident('a', 2)],
    ['a[0]', call('_[_]', 1, [ident('a', 0), literal('int', 2)])],
    ['a[?0]', call('_[?_]', 1, [ident('a', 0), literal('int', 3)])],
    // A member call is placed at its '(' (parser_test.go: `a^#1[1,0]#.b(c^#3[1,4]#)^#2[1,3]#`).
    ["'abc'.size()", call('size', 10, [], literal('string', 0))],
    ["size('abc')", call('size', 4, [literal('string', 5)])],
    ['deps.generation', select(ident('deps', 0), 'generation', 4)],
    ['.a.b', select(ident('.a', 1), 'b', 2)],
    ['google.protobuf.Duration{seconds: 1}', {
      kind: 'struct', offset: 24, typeName: 'google.protobuf.Duration', fields: [{ name: 'seconds', value: literal('int', 34), optional: false }],
    }],
    ['.google.protobuf.Duration{?seconds: 1}', {
      kind: 'struct', offset: 25, typeName: '.google.protobuf.Duration', fields: [{ name: 'seconds', value: literal('int', 36), optional: true }],
    }],
    // helper.go balancedTree: the middle operator is the root (parser_test.go `a || b || c || d || e || f`).
    ['a || b || c || d || e || f', call('_||_', 12, [
      call('_||_', 7, [call('_||_', 2, [ident('a', 0), ident('b', 5)]), ident('c', 10)]),
      call('_||_', 22, [call('_||_', 17, [ident('d', 15), ident('e', 20)]), ident('f', 25)]),
    ])],
    ['1 + 2 * 3 - 4', call('_-_', 10, [call('_+_', 2, [literal('int', 0), call('_*_', 6, [literal('int', 4), literal('int', 8)])]), literal('int', 12)])],
    ['x.map(v, v > 0, v * 2)', macro('map', 5, ident('x', 0), 'v', [
      call('_>_', 11, [ident('v', 9), literal('int', 13)]), call('_*_', 18, [ident('v', 16), literal('int', 20)]),
    ])],
    ['x.?y.optMap(v, v.z)', macro('optMap', 11, select(ident('x', 0), 'y', 1, { optional: true }), 'v', [select(ident('v', 15), 'z', 16)])],
    // cel.NewEnv's macros are cel.StandardMacros, without `existsOne`.
    ['x.existsOne(v, v)', call('existsOne', 11, [ident('v', 12), ident('v', 15)], ident('x', 0))],
    ['x.exists_one(v, v)', macro('exists_one', 12, ident('x', 0), 'v', [ident('v', 16)])],
    ['[1u, 2.0, b"", null, true]', {
      kind: 'list',
      offset: 0,
      optional: [false, false, false, false, false],
      elements: [literal('uint', 1), literal('double', 5), literal('bytes', 10), literal('null_type', 15), literal('bool', 21)],
    }],
  ])('%s', (source, expected) => {
    const parsed = parseCel(source);
    expect(parsed.problems).toEqual([]);
    expect(parsed.expr).toEqual(expected);
  });

  test('offsets are UTF-16 offsets; positionOf counts code points', () => {
    const source = '"😁" + x';
    const parsed = parseCel(source);
    expect(parsed.expr).toEqual(call('_+_', 5, [literal('string', 0), ident('x', 7)]));
    expect(positionOf(source, 7)).toEqual({ line: 1, column: 7 });
  });

  test('every problem is reported, sorted by position', () => {
    const { problems } = parseCel('[1, 2, 3].map(var, var * var)');
    expect(problems.map((p) => p.offset)).toEqual([14, 14, 19, 25]);
    expect(problems[0].message).toBe("'var' is a reserved word and cannot be used as an identifier");
  });
});
