import { parse } from 'yaml';
import { goYamlKeyCompare, marshalGoYaml } from '../../src/archives/go-yaml';
import { parseHelmYaml } from '../../src/archives/yaml-input';

/** Reads YAML back the way Helm does (YAML 1.1, timestamps as text). */
function readBack(text: string): Record<string, unknown> {
  return parseHelmYaml(text, 'test.yaml') as Record<string, unknown>;
}

/** The expected texts follow go-yaml v2.4's emitter rules (libyaml's), worked out by hand. */
describe('marshalGoYaml writes what sigs.k8s.io/yaml writes', () => {
  test.each([
    ['plain', 'hello world', 'k: hello world\n'],
    ['a float-like string is double-quoted', '1.0', 'k: "1.0"\n'],
    ['an int-like string', '010', 'k: "010"\n'],
    ['a hex-like string', '0x1F', 'k: "0x1F"\n'],
    ['a YAML 1.1 boolean', 'yes', 'k: "yes"\n'],
    ['a single-letter boolean', 'y', 'k: "y"\n'],
    ['null-like', '~', 'k: "~"\n'],
    ['empty string', '', 'k: ""\n'],
    ['a timestamp-like string', '2024-05-01', 'k: "2024-05-01"\n'],
    ['an invalid date stays plain', '2024-13-01', 'k: 2024-13-01\n'],
    ['a base-60 float', '1:20', 'k: "1:20"\n'],
    ['a version', '1.2.3-rc.1+build.5', 'k: 1.2.3-rc.1+build.5\n'],
    ['a leading indicator is single-quoted', '>=1.25.0-0', "k: '>=1.25.0-0'\n"],
    ['a leading star', '*', "k: '*'\n"],
    ['a dash and space', '- item', "k: '- item'\n"],
    ['a single quote inside is doubled', "'quoted' text", "k: '''quoted'' text'\n"],
    ['colon-space inside', 'a: b', "k: 'a: b'\n"],
    ['space-hash inside', 'a #b', "k: 'a #b'\n"],
    ['a URL stays plain', 'https://example.com/a?b=c', 'k: https://example.com/a?b=c\n'],
    ['trailing space', 'x ', "k: 'x '\n"],
    ['a tab is escaped', 'a\tb', 'k: "a\\tb"\n'],
    ['an emoji is escaped (libyaml treats it as unprintable)', 'hi 😀', 'k: "hi \\U0001F600"\n'],
    ['accented letters stay plain', 'café', 'k: café\n'],
    ['multi-line text is a literal block', 'line one\nline two\n', 'k: |\n  line one\n  line two\n'],
    ['without final newline: strip chomping', 'a\nb', 'k: |-\n  a\n  b\n'],
    ['with two final newlines: keep chomping', 'a\n\n', 'k: |+\n  a\n\n'],
    ['a leading space in a block needs an indentation hint', ' a\nb', 'k: |2-\n   a\n  b\n'],
  ])('%s', (_title, value, expected) => {
    expect(marshalGoYaml({ k: value })).toBe(expected);
    expect(readBack(marshalGoYaml({ k: value })).k).toBe(value);
  });

  test('folds a long plain string at the first space past column 80, continuation indented', () => {
    const words = Array.from({ length: 30 }, (_, i) => `word${i}`).join(' ');
    const out = marshalGoYaml({ description: words });
    const lines = out.split('\n');
    // "description: " is 13 columns; the first break comes at a space once the column exceeds 80.
    expect(lines[0]).toBe('description: word0 word1 word2 word3 word4 word5 word6 word7 word8 word9 word10 word11');
    expect(lines[1].startsWith('  word12 ')).toBe(true);
    expect(parse(out).description).toBe(words);
  });

  test('folds quoted strings only at a single space past column 80', () => {
    const value = `"${'x'.repeat(85)}  y: z`;
    // The double space cannot be a fold point (a fold reads back as one space); the space after "y:" can.
    const out = marshalGoYaml({ k: value });
    expect(out).toBe(`k: '"${'x'.repeat(85)}  y:\n  z'\n`);
    expect(readBack(out).k).toBe(value);
    const escaped = `\t${'word '.repeat(20)}end`;
    const folded = marshalGoYaml({ k: escaped });
    expect(folded.startsWith('k: "\\tword word')).toBe(true);
    expect(folded.split('\n').length).toBe(3);
    expect(readBack(folded).k).toBe(escaped);
  });

  test('sorts keys, nests mappings by two spaces and leaves sequences in a mapping unindented', () => {
    expect(marshalGoYaml({
      b: [{ y: '1', x: 'a' }, 'plain'],
      a: { z: true, c: [] },
      empty: {},
    })).toBe('a:\n  c: []\n  z: true\nb:\n- x: a\n  "y": "1"\n- plain\nempty: {}\n');
  });

  test('a long key becomes an explicit ? key', () => {
    const key = 'k'.repeat(130);
    expect(marshalGoYaml({ [key]: 'v' })).toBe(`? ${key}\n: v\n`);
  });

  test('go-yaml key order: non-letters first, digit runs numerically', () => {
    expect(['b', 'a10', 'a2', 'A', '_x', '1'].sort(goYamlKeyCompare)).toEqual(['_x', '1', 'A', 'a2', 'a10', 'b']);
    expect(['apiVersion', 'appVersion', 'annotations'].sort(goYamlKeyCompare)).toEqual(['annotations', 'apiVersion', 'appVersion']);
  });
});

/** Expected outputs from go-yaml v2.4.0's own encode_test.go (marshalTests, TestLineWrapping, TestSortedOutput). */
describe('marshalGoYaml against go-yaml v2.4.0 test vectors', () => {
  test.each([
    [{ v: 'hi' }, 'v: hi\n'],
    [{ v: 'true' }, 'v: "true"\n'],
    [{ v: 'false' }, 'v: "false"\n'],
    [{ v: true }, 'v: true\n'],
    [{ v: 10 }, 'v: 10\n'],
    [{ v: -10 }, 'v: -10\n'],
    [{ v: '10' }, 'v: "10"\n'],
    [{ v: 0.1 }, 'v: 0.1\n'],
    [{ v: null }, 'v: null\n'],
    [{ v: '' }, 'v: ""\n'],
    [{ v: ['A', 'B'] }, 'v:\n- A\n- B\n'],
    [{ v: ['A', 'B\nC'] }, 'v:\n- A\n- |-\n  B\n  C\n'],
    [{ v: ['A', 1, { B: [2, 3] }] }, 'v:\n- A\n- 1\n- B:\n  - 2\n  - 3\n'],
    [{ a: { b: 'c' } }, 'a:\n  b: c\n'],
    [{ a: '-' }, "a: '-'\n"],
    [{ a: '<foo>' }, 'a: <foo>\n'],
    [{ a: '1:1' }, 'a: "1:1"\n'],
    [{ a: '\x00' }, 'a: "\\0"\n'],
    [{ a: '你好' }, 'a: 你好\n'],
    [{ a: '2015-02-24T18:19:39Z' }, 'a: "2015-02-24T18:19:39Z"\n'],
    [{ a: 'b: c' }, "a: 'b: c'\n"],
    [{ a: 'Hello #comment' }, "a: 'Hello #comment'\n"],
    [{ a: '你好 #comment' }, "a: '你好 #comment'\n"],
    [
      { a: 'abcdefghijklmnopqrstuvwxyz ABCDEFGHIJKLMNOPQRSTUVWXYZ 1234567890 abcdefghijklmnopqrstuvwxyz ABCDEFGHIJKLMNOPQRSTUVWXYZ 1234567890 ' },
      "a: 'abcdefghijklmnopqrstuvwxyz ABCDEFGHIJKLMNOPQRSTUVWXYZ 1234567890 abcdefghijklmnopqrstuvwxyz\n  ABCDEFGHIJKLMNOPQRSTUVWXYZ 1234567890 '\n",
    ],
  ])('%j', (value, expected) => {
    expect(marshalGoYaml(value)).toBe(expected);
  });

  test('string key order', () => {
    const order = ['', '.1', '.2', '.a', '1', '2', 'a!10', 'a/0001', 'a/002', 'a/3', 'a/10', 'a/11', 'a/0012', 'a/100', 'a~10',
      'ab/1', 'b/1', 'b/01', 'b/2', 'b/02', 'b/3', 'b/03', 'b1', 'b01', 'b3', 'c2.10', 'c10.2', 'd1', 'd7', 'd7abc', 'd12', 'd12a'];
    expect([...order].reverse().sort(goYamlKeyCompare)).toEqual(order);
  });
});
