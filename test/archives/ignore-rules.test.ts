import { FluxIgnore, HelmIgnore, HelmIgnoreSyntaxError } from '../../src/archives';
import { BadPatternError } from '../../src/archives/errors';
import { goPathMatch, isValidGoPattern } from '../../src/archives/go-glob';

describe('goPathMatch follows Go filepath.Match', () => {
  test.each([
    ['*.txt', 'a.txt', true],
    ['*.txt', 'dir/a.txt', false], // * never crosses /
    ['*', '', true],
    ['a*b*c', 'axxbyyc', true],
    ['a*b*c', 'axxbyy', false],
    ['?', 'é', true], // one character, not one byte
    ['?', '/', false],
    ['ru[c-e]?er.txt', 'rudder.txt', true],
    ['[^a]bc', 'xbc', true],
    ['[^a]bc', 'abc', false],
    ['[!a]bc', '!bc', true], // Go negates with ^ only
    ['\\*', '*', true],
    ['\\*', 'x', false],
    ['*[^~]', 'values.yaml~', false],
    ['*[^~]', 'values.yaml', true],
    ['templates/.?*', 'templates/.hidden', true],
    ['templates/.?*', 'templates/sub/.keep', false],
  ])('%s vs %s → %s', (pattern, name, expected) => {
    expect(goPathMatch(pattern, name)).toBe(expected);
  });

  test.each(['[', '[]a]', 'a\\', '[a-', '[z-', 'x*[', '[-a]'])('%s is a bad pattern, even when the name fails early', (pattern) => {
    expect(isValidGoPattern(pattern)).toBe(false);
    expect(() => goPathMatch(pattern, 'zzz')).toThrow(BadPatternError);
  });
});

/** Go's own vectors (src/path/filepath/match_test.go): [pattern, name, match, bad pattern]. */
describe('goPathMatch against Go\'s filepath.Match test vectors', () => {
  test.each([
    ['abc', 'abc', true, false], ['*', 'abc', true, false], ['*c', 'abc', true, false], ['a*', 'a', true, false],
    ['a*', 'abc', true, false], ['a*', 'ab/c', false, false], ['a*/b', 'abc/b', true, false], ['a*/b', 'a/c/b', false, false],
    ['a*b*c*d*e*/f', 'axbxcxdxe/f', true, false], ['a*b*c*d*e*/f', 'axbxcxdxexxx/f', true, false],
    ['a*b*c*d*e*/f', 'axbxcxdxe/xxx/f', false, false], ['a*b*c*d*e*/f', 'axbxcxdxexxx/fff', false, false],
    ['a*b?c*x', 'abxbbxdbxebxczzx', true, false], ['a*b?c*x', 'abxbbxdbxebxczzy', false, false],
    ['ab[c]', 'abc', true, false], ['ab[b-d]', 'abc', true, false], ['ab[e-g]', 'abc', false, false],
    ['ab[^c]', 'abc', false, false], ['ab[^b-d]', 'abc', false, false], ['ab[^e-g]', 'abc', true, false],
    ['a\\*b', 'a*b', true, false], ['a\\*b', 'ab', false, false], ['a?b', 'a☺b', true, false], ['a[^a]b', 'a☺b', true, false],
    ['a???b', 'a☺b', false, false], ['a[^a][^a][^a]b', 'a☺b', false, false], ['[a-ζ]*', 'α', true, false],
    ['*[a-ζ]', 'A', false, false], ['a?b', 'a/b', false, false], ['a*b', 'a/b', false, false],
    ['[\\]a]', ']', true, false], ['[\\-]', '-', true, false], ['[x\\-]', 'x', true, false], ['[x\\-]', '-', true, false],
    ['[x\\-]', 'z', false, false], ['[\\-x]', 'x', true, false], ['[\\-x]', '-', true, false], ['[\\-x]', 'a', false, false],
    ['[]a]', ']', false, true], ['[-]', '-', false, true], ['[x-]', 'x', false, true], ['[x-]', '-', false, true],
    ['[x-]', 'z', false, true], ['[-x]', 'x', false, true], ['[-x]', '-', false, true], ['[-x]', 'a', false, true],
    ['\\', 'a', false, true], ['[a-b-c]', 'a', false, true], ['[', 'a', false, true], ['[^', 'a', false, true],
    ['[^bc', 'a', false, true], ['a[', 'a', false, true], ['a[', 'ab', false, true], ['a[', 'x', false, true],
    ['a/b[', 'x', false, true], ['*x', 'xxx', true, false],
  ])('Match(%j, %j) = %s, bad pattern: %s', (pattern, name, match, bad) => {
    if (bad) expect(() => goPathMatch(pattern as string, name as string)).toThrow(BadPatternError);
    else expect(goPathMatch(pattern as string, name as string)).toBe(match);
  });
});

describe('HelmIgnore has Helm\'s semantics (helm pkg/ignore), not gitignore\'s', () => {
  // The cases of helm's own rules_test.go, plus the consequences of its negation rule.
  test.each([
    ['helm.txt', 'helm.txt', false, true],
    ['helm.*', 'helm.txt', false, true],
    ['helm.*', 'rudder.txt', false, false],
    ['*.txt', 'tiller.txt', false, true],
    ['*.txt', 'cargo/a.txt', false, true],
    ['cargo/*.txt', 'cargo/a.txt', false, true],
    ['cargo/*.*', 'cargo/a.txt', false, true],
    ['cargo/*.txt', 'mast/a.txt', false, false],
    ['ru[c-e]?er.txt', 'rudder.txt', false, true],
    ['templates/.?*', 'templates/.dotfile', false, true],
    ['.*', '.', true, false],
    ['.*', './', true, false],
    ['.*', '.joonix', false, true],
    ['.*', 'helm.txt', false, false],
    ['.*', '', false, false],
    ['cargo/', 'cargo', true, true],
    ['cargo/', 'mast', true, false],
    ['helm.txt/', 'helm.txt', false, false],
    ['!helm.txt', 'helm.txt', false, false],
    ['!helm.txt', 'tiller.txt', false, true], // a negation ignores whatever does not match it
    ['!*.txt', 'cargo', true, true],
    ['!cargo/', 'mast', true, true],
    ['!cargo/', 'cargo/a.txt', false, true], // and a directory-only negation ignores every file
    ['/a.txt', 'a.txt', false, true],
    ['/a.txt', 'cargo/a.txt', false, false],
    ['/cargo/a.txt', 'cargo/a.txt', false, true],
  ])('%s on %s (dir: %s) → ignored %s', (rule, path, isDir, expected) => {
    expect(HelmIgnore.parse(rule).ignores(path, isDir)).toBe(expected);
  });

  test('the first positive match wins: a later negation cannot re-include', () => {
    const rules = HelmIgnore.parse('*.tmp\n!keep.tmp\n');
    expect(rules.ignores('keep.tmp', false)).toBe(true);
    expect(rules.ignores('Chart.yaml', false)).toBe(true); // it fails the allow-list !keep.tmp
  });

  test('comments, blank lines and surrounding spaces are dropped; no inline comments', () => {
    const rules = HelmIgnore.parse('\ufeff# comment\n\n   *.log   \nfoo # not a comment\n');
    expect(rules.patterns).toEqual(['*.log', 'foo # not a comment', HelmIgnore.DEFAULT_RULE]);
    expect(rules.ignores('debug.log', false)).toBe(true);
    expect(rules.ignores('foo', false)).toBe(false);
  });

  test('templates/.?* is always added', () => {
    expect(HelmIgnore.defaults().ignores('templates/.env', false)).toBe(true);
    expect(HelmIgnore.defaults().ignores('templates/x.yaml', false)).toBe(false);
  });

  test('** and malformed globs are refused with the line', () => {
    expect(() => HelmIgnore.parse('ok\nfoo/**/bar\n')).toThrow(HelmIgnoreSyntaxError);
    expect(() => HelmIgnore.parse('ok\nfoo/**/bar\n')).toThrow(/line 2: "foo\/\*\*\/bar": double-star/);
    expect(() => HelmIgnore.parse('[z-\n')).toThrow(/line 1: "\[z-": syntax error in pattern/);
  });
});

describe('FluxIgnore has Flux\'s gitignore semantics (fluxcd/pkg sourceignore, from go-git)', () => {
  const defaults = new FluxIgnore(FluxIgnore.DEFAULT_PATTERNS);

  test.each([
    ['.git', true, true],
    ['.git/HEAD', false, true], // a name pattern matches any segment
    ['.git/objects/ab/cdef', false, true],
    ['sub/.git', false, false], // .git/ is directory-only: a file named .git is kept
    ['sub/.git/config', false, true],
    ['.gitignore', false, true],
    ['deep/dir/.gitmodules', false, true],
    ['logo.png', false, true],
    ['img/logo.PNG', false, false], // case-sensitive
    ['bundle.tar.gz', false, true],
    ['archive.zip', false, true],
    ['archive.zip/inner.yaml', false, true], // a matching directory takes its content along
    ['deploy/app.yaml', false, false],
    ['.', true, false],
  ])('default list on %s (dir: %s) → ignored %s', (path, isDir, expected) => {
    expect(defaults.ignores(path, isDir)).toBe(expected);
  });

  test('the last matching pattern decides, so ! re-includes even below an excluded directory', () => {
    const rules = new FluxIgnore(['*.png', '!logo.png', 'build/', '!build/keep.txt']);
    expect(rules.ignores('a.png', false)).toBe(true);
    expect(rules.ignores('img/logo.png', false)).toBe(false);
    expect(rules.ignores('build', true)).toBe(true);
    expect(rules.ignores('build/out.bin', false)).toBe(true);
    expect(rules.ignores('build/keep.txt', false)).toBe(false);
  });

  test('a pattern with a slash is anchored at the root; ** spans segments', () => {
    const rules = new FluxIgnore(['deploy/secret', '/only-root.txt', '**/generated', 'docs/**']);
    expect(rules.ignores('deploy/secret', true)).toBe(true);
    expect(rules.ignores('deploy/secret/key.pem', false)).toBe(true);
    expect(rules.ignores('other/deploy/secret', true)).toBe(false);
    expect(rules.ignores('only-root.txt', false)).toBe(true);
    expect(rules.ignores('sub/only-root.txt', false)).toBe(false);
    expect(rules.ignores('a/b/generated', true)).toBe(true);
    expect(rules.ignores('docs/x/y.md', false)).toBe(true);
  });

  test('a directory-only pattern does not match a file of that name', () => {
    const rules = new FluxIgnore(['cache/']);
    expect(rules.ignores('cache', false)).toBe(false);
    expect(rules.ignores('cache', true)).toBe(true);
    expect(rules.ignores('cache/x', false)).toBe(true);
  });

  test('comments and blank lines are skipped; trailing spaces trimmed', () => {
    const rules = new FluxIgnore(['# *.yaml', '', '*.md   ']);
    expect(rules.ignores('a.yaml', false)).toBe(false);
    expect(rules.ignores('a.md', false)).toBe(true);
  });

  test("patterns read in a folder apply only below it, anchored there (go-git pattern.Match's domain); the deciding pattern is reported with its line", () => {
    const rules = new FluxIgnore([
      { lines: '# docs\n/docs/\n', domain: '', origin: '.sourceignore' },
      { lines: '/local.yaml\n!/docs/\n', domain: 'apps/web', origin: 'apps/web/.sourceignore' },
    ]);
    expect(rules.excludedBy('docs/a.md', false)).toEqual({ pattern: '/docs/', origin: '.sourceignore', line: 2 });
    expect(rules.excludedBy('apps/web/local.yaml', false)).toEqual({ pattern: '/local.yaml', origin: 'apps/web/.sourceignore', line: 1 });
    expect(rules.ignores('local.yaml', false)).toBe(false);
    expect(rules.ignores('apps/local.yaml', false)).toBe(false);
    // The folder itself is not below its domain: only what is in it.
    expect(rules.ignores('apps/web', true)).toBe(false);
    expect(rules.ignores('apps/web/docs/a.md', false)).toBe(false);
    expect(rules.ignores('apps/web/other/docs/a.md', false)).toBe(false);
  });

  test("source-controller's defaults add CI files and .sops.yaml to the VCS patterns and extensions of flux build artifact", () => {
    const source = new FluxIgnore(FluxIgnore.SOURCE_DEFAULT_PATTERNS);
    const artifact = new FluxIgnore(FluxIgnore.DEFAULT_PATTERNS);
    for (const path of ['.github/workflows/ci.yaml', '.gitlab-ci.yml', 'deep/.sops.yaml', 'cloudbuild.yaml', 'x/.goreleaser.yml']) {
      expect([path, source.ignores(path, false), artifact.ignores(path, false)]).toEqual([path, true, false]);
    }
    expect(source.ignores('logo.png', false)).toBe(true);
    expect(FluxIgnore.SOURCE_DEFAULT_PATTERNS.slice(0, 4)).toEqual(FluxIgnore.VCS_PATTERNS);
  });
});
