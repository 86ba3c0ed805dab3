import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { FIXTURES, TempDirs } from './support';
import { ChartError, loadChartMetadata, parseChartYaml, sanitizeString } from '../../src/archives';
import { FluxOciError } from '../../src/foundation/errors';

const FILE = '/charts/demo/Chart.yaml';
const BASE = 'apiVersion: v2\nname: demo\nversion: 1.0.0\n';

function failure(text: string): ChartError {
  try {
    parseChartYaml(text, FILE);
  } catch (e) {
    return e as ChartError;
  }
  throw new Error('expected parseChartYaml to throw');
}

describe('parseChartYaml accepts what Helm accepts for an OCI chart', () => {
  test('reads every Chart.yaml field into Helm\'s JSON shape, in Go field order', () => {
    const metadata = parseChartYaml([
      'apiVersion: v2', 'name: demo', 'version: 1.2.3-rc.1+build.5', 'appVersion: "1.0"', 'type: library',
      'kubeVersion: ">=1.25.0-0"', 'description: a demo', 'home: https://example.com', 'icon: https://example.com/i.png',
      'deprecated: true', 'keywords: [a, b]', 'sources: [https://github.com/acme/demo]',
      'maintainers: [{name: Jane, email: jane@example.com, url: https://jane.dev}]',
      'annotations: {x/y: "1", z: yes}',
      'dependencies:', '  - {name: dep, version: ^1.0.0, repository: oci://r.example.com/c, condition: dep.enabled, enabled: true, tags: [t], alias: d_1, import-values: [a, {child: c, parent: p}]}',
    ].join('\n'), FILE);
    expect(metadata).toStrictEqual({
      name: 'demo',
      home: 'https://example.com',
      sources: ['https://github.com/acme/demo'],
      version: '1.2.3-rc.1+build.5',
      description: 'a demo',
      keywords: ['a', 'b'],
      maintainers: [{ name: 'Jane', email: 'jane@example.com', url: 'https://jane.dev' }],
      icon: 'https://example.com/i.png',
      apiVersion: 'v2',
      appVersion: '1.0',
      deprecated: true,
      annotations: { 'x/y': '1', 'z': 'true' },
      kubeVersion: '>=1.25.0-0',
      dependencies: [{
        'name': 'dep',
        'version': '^1.0.0',
        'repository': 'oci://r.example.com/c',
        'condition': 'dep.enabled',
        'tags': ['t'],
        'enabled': true,
        'import-values': ['a', { child: 'c', parent: 'p' }],
        'alias': 'd_1',
      }],
      type: 'library',
    });
    expect(Object.keys(metadata)).toEqual([
      'name', 'home', 'sources', 'version', 'description', 'keywords', 'maintainers', 'icon', 'apiVersion',
      'appVersion', 'deprecated', 'annotations', 'kubeVersion', 'dependencies', 'type',
    ]);
  });

  test('leaves out empty fields as Go omitempty does, but keeps a dependency\'s empty repository', () => {
    const metadata = parseChartYaml(`${BASE}description: ""\nkeywords: []\ndeprecated: false\ndependencies: [{name: x}]\n`, FILE);
    expect(metadata).toStrictEqual({ name: 'demo', version: '1.0.0', apiVersion: 'v2', dependencies: [{ name: 'x', repository: '' }] });
  });

  test('sanitises text fields as Helm does (white space to spaces, unprintable characters removed)', () => {
    const metadata = parseChartYaml(`${BASE}description: "two\\nlines\\tand\\u200bzero-width"\n`, FILE);
    expect(metadata.description).toBe('two lines andzero-width');
    expect(sanitizeString('a\u00a0b\u0007c\ufeffd')).toBe('a bcd');
  });

  test('reads YAML 1.1 like Helm: unknown keys ignored, case-insensitive field names, a BOM dropped', () => {
    const metadata = parseChartYaml(`\ufeff${BASE}Description: upper\nx-custom: ignored\n`, FILE);
    expect(metadata.description).toBe('upper');
    expect(metadata).not.toHaveProperty('x-custom');
  });
});

describe('parseChartYaml rejects with the file, the field, the value and the fix', () => {
  const cases: Array<[string, string, string, RegExp]> = [
    ['apiVersion v1', 'apiVersion: v1\nname: demo\nversion: 1.0.0\n', 'apiVersion', /"v1" is a Helm 2 chart; Helm 3 OCI registries need "apiVersion: v2"/],
    ['apiVersion missing', 'name: demo\nversion: 1.0.0\n', 'apiVersion', /is required.*apiVersion: v2/],
    ['apiVersion unknown', 'apiVersion: v9\nname: demo\nversion: 1.0.0\n', 'apiVersion', /"v9" is not valid; use "v2"/],
    ['name missing', 'apiVersion: v2\nversion: 1.0.0\n', 'name', /is required/],
    ['name with a slash', 'apiVersion: v2\nname: a/b\nversion: 1.0.0\n', 'name', /"a\/b" is not a valid chart name/],
    ['name ..', 'apiVersion: v2\nname: ".."\nversion: 1.0.0\n', 'name', /"\.\." is not a valid chart name/],
    ['version missing', 'apiVersion: v2\nname: demo\n', 'version', /is required; use a SemVer 2 version such as "0\.1\.0"/],
    ['version partial', 'apiVersion: v2\nname: demo\nversion: "1.2"\n', 'version', /"1\.2" is not a strict SemVer 2 version.*"1\.2\.3"/],
    ['version with v', 'apiVersion: v2\nname: demo\nversion: v1.2.3\n', 'version', /"v1\.2\.3" is not a strict SemVer 2 version.*no "v" prefix/],
    ['version leading zero', 'apiVersion: v2\nname: demo\nversion: 01.2.3\n', 'version', /"01\.2\.3" is not a strict SemVer 2 version/],
    ['version as a YAML number', 'apiVersion: v2\nname: demo\nversion: 1.10\n', 'version', /must be a string, got the number 1\.1; quote it \(Helm would read it as "1\.1"\)/],
    ['appVersion as a YAML number', `${BASE}appVersion: 1.10\n`, 'appVersion', /must be a string, got the number 1\.1; quote it/],
    ['type unknown', `${BASE}type: app\n`, 'type', /"app" is not a chart type; use "application" or "library"/],
    ['deprecated as a string', `${BASE}deprecated: "yes"\n`, 'deprecated', /must be true or false, got a string/],
    ['sources not a list', `${BASE}sources: https://x.example.com\n`, 'sources', /must be a list of strings, got a string/],
    ['source not a URL', `${BASE}sources: [github.com/acme]\n`, 'sources[0]', /"github\.com\/acme" is not a URL; use an absolute URL/],
    ['keywords mapping', `${BASE}keywords: {a: b}\n`, 'keywords', /must be a list of strings, got a mapping/],
    ['maintainer null', `${BASE}maintainers: [~]\n`, 'maintainers[0]', /is empty/],
    ['maintainer without name', `${BASE}maintainers: [{email: a@b.c}]\n`, 'maintainers[0].name', /is required; each maintainer needs a name/],
    ['annotations list', `${BASE}annotations: [a]\n`, 'annotations', /must be a mapping of string keys to string values, got a list/],
    ['annotation value mapping', `${BASE}annotations: {a: {b: c}}\n`, 'annotations.a', /must be a string, got a mapping/],
    ['kubeVersion not a constraint', `${BASE}kubeVersion: ">= banana"\n`, 'kubeVersion', /">= banana" is not a version constraint; use a SemVer range/],
    ['dependencies mapping', `${BASE}dependencies: {a: b}\n`, 'dependencies', /must be a list of \{name, version, repository, …\}, got a mapping/],
    ['dependency null', `${BASE}dependencies: [~]\n`, 'dependencies[0]', /is empty/],
    ['dependency without name', `${BASE}dependencies: [{version: 1.0.0}]\n`, 'dependencies[0].name', /is required; it must equal the name in the subchart's Chart\.yaml/],
    ['dependency alias', `${BASE}dependencies: [{name: a, alias: "b.c"}]\n`, 'dependencies[0].alias', /"b\.c" has disallowed characters; use letters, digits, "_" and "-" only/],
    ['dependency twice', `${BASE}dependencies: [{name: a}, {name: b, alias: a}]\n`, 'dependencies[1]', /more than one dependency with name or alias "a" \(also dependencies\[0\]\)/],
    ['dependency tags', `${BASE}dependencies: [{name: a, tags: t}]\n`, 'dependencies[0].tags', /must be a list of strings, got a string/],
    ['dependency enabled', `${BASE}dependencies: [{name: a, enabled: "true"}]\n`, 'dependencies[0].enabled', /must be true or false/],
    ['import-values shape', `${BASE}dependencies: [{name: a, import-values: [{child: c}]}]\n`, 'dependencies[0].import-values[0]', /must be a string .* or a mapping \{child: <path>, parent: <path>\}/],
  ];

  test.each(cases)('%s', (_title, text, field, message) => {
    const error = failure(text);
    expect(error).toBeInstanceOf(ChartError);
    expect(error).toBeInstanceOf(FluxOciError);
    expect(error.code).toBe('FLUX_OCI_INVALID_CHART');
    expect(error.file).toBe(FILE);
    expect(error.field).toBe(field);
    expect(error.message).toMatch(message);
    expect(error.message.startsWith(`${FILE}: ${field}: `)).toBe(true);
  });

  test('unparsable YAML names the file', () => {
    const error = failure('apiVersion: v2\nname: [unclosed\n');
    expect(error.field).toBeUndefined();
    expect(error.message).toMatch(/^\/charts\/demo\/Chart\.yaml: unable to parse YAML: /);
  });

  test('a document that is not a mapping names the file', () => {
    expect(failure('- a\n- b\n').message).toMatch(/must be a YAML mapping of chart fields .* got a list/);
  });

  test('a base ChartError is not an instance of other flux-oci error classes', () => {
    const error = failure('name: demo\n');
    expect(error instanceof ChartError).toBe(true);
    expect({} instanceof ChartError).toBe(false);
    expect(new FluxOciError('x') instanceof ChartError).toBe(false);
  });
});

describe('loadChartMetadata', () => {
  const temp = new TempDirs();
  afterAll(() => temp.cleanup());

  test('reads <dir>/Chart.yaml', async () => {
    const metadata = await loadChartMetadata(join(FIXTURES, 'redis'));
    expect(metadata).toStrictEqual({ name: 'redis', version: '6.1.0', apiVersion: 'v2', appVersion: '7.2.4' });
  });

  test('a directory without Chart.yaml is a ChartError naming the missing file', async () => {
    const dir = await temp.make();
    await mkdir(join(dir, 'templates'));
    await expect(loadChartMetadata(dir)).rejects.toMatchObject({
      code: 'FLUX_OCI_INVALID_CHART', file: join(dir, 'Chart.yaml'), message: expect.stringContaining('Chart.yaml file is missing'),
    });
  });

  test('validation errors carry the real path', async () => {
    const dir = await temp.make();
    await writeFile(join(dir, 'Chart.yaml'), 'apiVersion: v2\nname: x\nversion: "1"\n');
    await expect(loadChartMetadata(dir)).rejects.toMatchObject({ file: join(dir, 'Chart.yaml'), field: 'version' });
  });
});
