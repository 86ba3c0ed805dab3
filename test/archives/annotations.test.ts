import {
  ArtifactError, chartAnnotations, chartConfigJson, ChartMetadata, fluxArtifactAnnotations, parseChartYaml, REPRODUCIBLE_CREATED,
} from '../../src/archives';

/** As pulled from a registry: Helm's annotation code also sees maintainers without a name. */
const METADATA: ChartMetadata = {
  name: 'shop',
  home: 'https://shop.example.com',
  sources: ['https://github.com/acme/shop', 'https://github.com/acme/other'],
  version: '1.0.0+build.3',
  description: 'Shop <front> & back',
  maintainers: [{ name: 'Ann', email: 'ann@example.com' }, { email: 'ops@example.com' }, { name: 'Bob' }],
  apiVersion: 'v2',
  annotations: {
    'org.opencontainers.image.title': 'not-shop',
    'org.opencontainers.image.version': '9.9.9',
    'org.opencontainers.image.description': 'from annotations',
    'zeta': '1',
    'alpha': 'a',
  },
  dependencies: [{ name: 'db', version: '1.x', repository: 'oci://r.example.com/c' }],
  type: 'application',
};

describe('chartConfigJson', () => {
  test('is Go\'s json.Marshal of Helm\'s Metadata: struct order, omitempty, sorted annotations, HTML-safe', () => {
    // Hand-written from helm pkg/chart/v2 Metadata's field order and encoding/json's rules.
    const metadata: ChartMetadata = parseChartYaml([
      'type: application', 'apiVersion: v2', 'version: 1.0.0', 'name: shop', 'description: "<b> & \\u2028"',
      'annotations: {zeta: "1", alpha: a, "10": ten, "9": nine, line: "a\\u2028b"}',
      'dependencies: [{name: db, repository: "", alias: store, import-values: [{parent: p, child: c}]}]',
    ].join('\n'), '/x/Chart.yaml');
    expect(chartConfigJson(metadata)).toBe(
      // The description's U+2028 is white space to Helm's sanitizer (a space); annotations are not sanitised.
      '{"name":"shop","version":"1.0.0","description":"\\u003cb\\u003e \\u0026  ","apiVersion":"v2",' +
      '"annotations":{"10":"ten","9":"nine","alpha":"a","line":"a\\u2028b","zeta":"1"},' +
      '"dependencies":[{"name":"db","repository":"","import-values":[{"child":"c","parent":"p"}],"alias":"store"}],' +
      '"type":"application"}');
  });

  test('parses back to the metadata object', () => {
    expect(JSON.parse(chartConfigJson(METADATA))).toEqual(JSON.parse(JSON.stringify(METADATA)));
  });
});

describe('chartAnnotations', () => {
  test('writes the helm push annotations, lets chart annotations override all but title and version', () => {
    expect(chartAnnotations(METADATA, { created: new Date('2024-05-01T12:34:56.789Z') })).toStrictEqual({
      'alpha': 'a',
      'org.opencontainers.image.authors': 'Ann (ann@example.com),  (ops@example.com), Bob',
      'org.opencontainers.image.created': '2024-05-01T12:34:56Z',
      'org.opencontainers.image.description': 'from annotations',
      'org.opencontainers.image.source': 'https://github.com/acme/shop',
      'org.opencontainers.image.title': 'shop',
      'org.opencontainers.image.url': 'https://shop.example.com',
      'org.opencontainers.image.version': '1.0.0+build.3',
      'zeta': '1',
    });
  });

  test('leaves out blank values and uses a created string verbatim', () => {
    const minimal = parseChartYaml('apiVersion: v2\nname: tiny\nversion: 0.1.0\ndescription: "   "\n', '/x/Chart.yaml');
    expect(chartAnnotations(minimal, { created: REPRODUCIBLE_CREATED })).toStrictEqual({
      'org.opencontainers.image.created': '1970-01-01T00:00:00Z',
      'org.opencontainers.image.title': 'tiny',
      'org.opencontainers.image.version': '0.1.0',
    });
  });

  test('created defaults to now, RFC 3339 in UTC with whole seconds', () => {
    const before = Math.floor(Date.now() / 1000) * 1000;
    const created = chartAnnotations(METADATA)['org.opencontainers.image.created'];
    expect(created).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/);
    expect(Date.parse(created)).toBeGreaterThanOrEqual(before);
  });
});

describe('fluxArtifactAnnotations', () => {
  const base = { source: 'https://github.com/acme/config', revision: 'main@sha1:0123456789abcdef0123456789abcdef01234567' };

  test('reproducible: created is the Unix epoch', () => {
    expect(fluxArtifactAnnotations({ ...base, reproducible: true })).toStrictEqual({
      'org.opencontainers.image.created': '1970-01-01T00:00:00Z',
      'org.opencontainers.image.revision': base.revision,
      'org.opencontainers.image.source': base.source,
    });
  });

  test('a created date is RFC 3339 UTC seconds; extra annotations are added last and may replace', () => {
    expect(fluxArtifactAnnotations({
      ...base,
      created: new Date('2025-01-02T03:04:05.600Z'),
      extra: { 'org.opencontainers.image.licenses': 'Apache-2.0', 'org.opencontainers.image.source': 'https://mirror.example.com/config' },
    })).toStrictEqual({
      'org.opencontainers.image.created': '2025-01-02T03:04:05Z',
      'org.opencontainers.image.licenses': 'Apache-2.0',
      'org.opencontainers.image.revision': base.revision,
      'org.opencontainers.image.source': 'https://mirror.example.com/config',
    });
  });

  test('created defaults to now', () => {
    const created = fluxArtifactAnnotations(base)['org.opencontainers.image.created'];
    expect(created).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/);
    expect(created).not.toBe(REPRODUCIBLE_CREATED);
  });

  test('source and revision are required, created must be RFC 3339', () => {
    expect(() => fluxArtifactAnnotations({ ...base, source: '' })).toThrow(ArtifactError);
    expect(() => fluxArtifactAnnotations({ ...base, source: '' })).toThrow(/^source: is required \(flux push artifact --source\)/);
    expect(() => fluxArtifactAnnotations({ ...base, revision: '' })).toThrow(/<branch\|tag>@sha1:<commit>/);
    expect(() => fluxArtifactAnnotations({ ...base, created: 'yesterday' })).toThrow(/"yesterday" is not an RFC 3339 time/);
    expect(() => fluxArtifactAnnotations({ ...base, extra: { 'org.opencontainers.image.created': '2024-13-01T00:00:00Z' } })).toThrow(ArtifactError);
  });
});
