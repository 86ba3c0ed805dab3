/**
 * `parseGoFloat` against Go's `strconv.ParseFloat(s, 64)` (src/strconv/atof.go,
 * go1.26): which strings it accepts, the value, and ErrSyntax versus
 * ErrRange. The underscore and range rows are cases of Go's own
 * src/strconv/atof_test.go.
 */
import { parseGoFloat } from '../../../src/versions/image-policy/go-parse-float';

const MAX = Number.MAX_VALUE;
const MIN_SUBNORMAL = Number.MIN_VALUE;

describe('strconv.ParseFloat accepts', () => {
  test.each<[string, number]>([
    ['1', 1],
    ['+1', 1],
    ['-1.5', -1.5],
    ['.5', 0.5],
    ['+.5', 0.5],
    ['-.5e-1', -0.05],
    ['5.', 5],
    ['0.', 0],
    ['00012', 12],
    ['1e3', 1000],
    ['1E-3', 0.001],
    ['1e+3', 1000],
    ['625e-3', 0.625],
    ['1606364286', 1606364286],
    ['-0', -0],
    ['0e+01234567890123456789', 0],
    // Go literals' underscores, decimal included
    ['1_000', 1000],
    ['0_1', 1],
    ['1e1_0', 1e10],
    ['1_23.50_0_0e+1_2', 1.235e14],
    // hexadecimal mantissa, binary exponent
    ['0x1p-2', 0.25],
    ['0X1P-2', 0.25],
    ['0x1.8p3', 12],
    ['-0x1p0', -1],
    ['0x.8p1', 1],
    ['0x1.p1', 2],
    ['0x1ep3', 240],
    ['0x0p0', 0],
    ['-0x0p0', -0],
    ['0x_1p0', 1],
    ['0x_1_2.3_4_5p+1_2', 74565],
    ['0x1.fffffffffffffp1023', MAX],
    ['0x1p-1022', 2 ** -1022],
    ['0x1p-1074', MIN_SUBNORMAL],
    ['0x1.8p-1075', MIN_SUBNORMAL], // above half the smallest subnormal: rounds up
    ['0x1p-1075', 0], // exactly half: to even, 0
    ['0x3p-1075', 2 * MIN_SUBNORMAL], // 1.5 subnormal units: to even, 2
    ['0x1p-1076', 0],
    ['0x1.00000000000008p0', 1], // halfway: to even (down)
    ['0x1.00000000000018p0', 1.0000000000000004], // halfway: to even (up)
    ['0x1.000000000000081p0', 1.0000000000000002], // just above halfway
    ['0x1.fffffffffffff7ffffp1023', MAX], // just below the overflow threshold
    // decimal range edges (atof_test.go)
    ['1.7976931348623157e308', MAX],
    ['1.7976931348623158e308', MAX],
    ['1e308', 1e308],
    ['4e-324', MIN_SUBNORMAL],
    ['2e-324', 0],
    ['1e-400', 0], // underflow is no error in Go: 0
    ['-1e-400', -0],
    ['1e-400000', 0],
    // special values
    ['inf', Infinity],
    ['+inf', Infinity],
    ['-Inf', -Infinity],
    ['INF', Infinity],
    ['infinity', Infinity],
    ['+INFINITY', Infinity],
    ['-Infinity', -Infinity],
    ['nan', NaN],
    ['NaN', NaN],
    ['NAN', NaN],
  ])('%p = %p', (input, value) => {
    const parsed = parseGoFloat(input);
    expect(parsed.ok).toBe(true);
    expect(Object.is(parsed.ok && parsed.value, value)).toBe(true);
  });
});

describe('strconv.ParseFloat rejects', () => {
  test.each([
    '', ' 1', '1 ', '\t1', '1\n', '+', '-', '.', '.e1', 'e1', '1e', '1e+', '1e-', '1x', '1.1.', '1,5', '1.2.3', 'v1',
    '0x10', '0x1', '0x', '0xp1', '0x.p1', '0x1p', '0x1p+', '0x1e3', '0b1', '0o7', '0x1g', '0x1p1.5',
    '+nan', '-nan', 'nanx', 'na', 'in', 'infin', 'infinit', 'infinityx', 'inf ', '++1', '+-1', '--1',
    '١', '１', '1\u00a0',
    // underscores in the wrong place (atof_test.go)
    '_1', '1_', '1__0', '1_.5', '1._5', '1e_5',
    '-_123.5e+12', '+_123.5e+12', '_123.5e+12', '1__23.5e+12', '123_.5e+12', '123._5e+12', '123.5_e+12', '123.5__0e+12',
    '123.5e_+12', '123.5e+_12', '123.5e_-12', '123.5e-_12', '123.5e+1__2', '123.5e+12_',
    '-_0x12.345p+12', '+_0x12.345p+12', '_0x12.345p+12', '0x__12.345p+12', '0x1__2.345p+12', '0x12_.345p+12', '0x12._345p+12',
    '0x12.3__45p+12', '0x12.345_p+12', '0x12.345p_+12', '0x12.345p+_12', '0x12.345p+1__2', '0x12.345p+12_',
  ])('%p: syntax error', (input) => {
    expect(parseGoFloat(input)).toEqual({ ok: false, error: 'syntax' });
  });

  test.each([
    '1e400', '-1e400', '2e308', '1e309', '1e400000', '1e+4294967296', '1.7976931348623159e308', '1.797693134862315808e308',
    '0x1p1024', '-0x1p1024', '0x1.fffffffffffff8p1023', '0x2p1023',
  ])('%p: out of range (ErrRange)', (input) => {
    expect(parseGoFloat(input)).toEqual({ ok: false, error: 'range' });
  });
});
