/**
 * The schema generator (scripts/schemas/): the translation of Kubernetes
 * structural schemas, the custom keywords, and the standalone code it
 * writes, which must behave like a fresh compile of the committed JSON.
 */
import { createAjv } from '../../scripts/schemas/ajv';
import { SchemaCompileError } from '../../scripts/schemas/errors';
import { CRD_FILES, crdSources, releasesNewestFirst } from '../../scripts/schemas/sources';
import { toJsonSchema } from '../../scripts/schemas/structural';
import type { PackagedCatalog } from '../../src/model/crd/catalog';
import packaged from '../../src/model/crd/generated/catalog.json';
import schemas from '../../src/model/crd/generated/schemas.json';
import type { GeneratedValidator } from '../../src/model/crd/generated/validators.generated';

describe('schema translation fails loudly on what it does not implement', () => {
  test('a CEL rule the engine cannot run is a build failure naming the rule and what is missing', () => {
    const schema = { 'type': 'object', 'x-kubernetes-validations': [{ rule: 'isURL(self.url)', message: 'url must be a URL' }] };
    expect(() => toJsonSchema(schema, 'test.yaml Foo v1')).toThrow(SchemaCompileError);
    expect(() => toJsonSchema(schema, 'test.yaml Foo v1'))
      .toThrow('test.yaml Foo v1 /: CEL expression "isURL(self.url)" cannot run on the engine: uses function isURL, which this CEL environment does not provide');
    const optional = { 'type': 'object', 'x-kubernetes-validations': [{ rule: 'self.?a.hasValue()' }] };
    expect(() => toJsonSchema(optional, 'x')).toThrow(/CEL expression "self.\?a.hasValue\(\)" cannot run on the engine/);
    const badMessage = { 'type': 'object', 'x-kubernetes-validations': [{ rule: 'has(self.a)', messageExpression: 'isURL(self.a) ? \'a\' : \'b\'' }] };
    expect(() => toJsonSchema(badMessage, 'x')).toThrow(/CEL expression .*isURL.* cannot run on the engine: uses function isURL/);
  });

  test('unknown format, keyword, list type, and optionalOldSelf', () => {
    expect(() => toJsonSchema({ type: 'string', format: 'uuid' }, 'x')).toThrow(/unknown format "uuid"/);
    expect(() => toJsonSchema({ type: 'object', oneOf: [] }, 'x')).toThrow(/unsupported schema keyword "oneOf"/);
    expect(() => toJsonSchema({ 'type': 'array', 'x-kubernetes-list-type': 'bag' }, 'x')).toThrow(/unknown x-kubernetes-list-type "bag"/);
    const optionalOldSelf = { 'type': 'object', 'x-kubernetes-validations': [{ rule: 'self == oldSelf', optionalOldSelf: true }] };
    expect(() => toJsonSchema(optionalOldSelf, 'x')).toThrow(/unsupported x-kubernetes-validations field "optionalOldSelf"/);
  });

  test('rules keep their message, messageExpression and fieldPath (as a pointer)', () => {
    const schema = {
      'type': 'object',
      'properties': { 'a.b': { type: 'string' }, 'c': { type: 'object', properties: { d: { type: 'integer' } } } },
      'x-kubernetes-validations': [
        { rule: 'has(self.c)', message: 'c is required', fieldPath: '.c.d', reason: 'FieldValueRequired' },
        { rule: 'self.c.d > 0', messageExpression: '\'d is \' + string(self.c.d)', fieldPath: '[\'a.b\']' },
      ],
    };
    expect(toJsonSchema(schema, 'x').k8sCel).toEqual({
      rules: [
        { rule: 'has(self.c)', message: 'c is required', pointer: '/c/d' },
        { rule: 'self.c.d > 0', messageExpression: '\'d is \' + string(self.c.d)', pointer: '/a.b' },
      ],
      shape: { type: 'object', properties: { 'a.b': { type: 'string' }, 'c': { type: 'object', properties: { d: { type: 'integer' } } } } },
    });
    expect(() => toJsonSchema({ ...schema, 'x-kubernetes-validations': [{ rule: 'true', fieldPath: '.list[0]' }] }, 'x'))
      .toThrow(/unsupported fieldPath ".list\[0\]"/);
  });
});

describe('Kubernetes extensions', () => {
  const compile = (schema: unknown) => createAjv().compile(toJsonSchema(schema, 'test'));

  test('int-or-string accepts integers and strings only (and null when nullable)', () => {
    const validate = compile({
      type: 'object',
      properties: { port: { 'x-kubernetes-int-or-string': true }, maxSurge: { 'x-kubernetes-int-or-string': true, 'nullable': true } },
    });
    expect(validate({ port: 80, maxSurge: '25%' })).toBe(true);
    expect(validate({ port: 'http', maxSurge: null })).toBe(true);
    expect(validate({ port: 1.5 })).toBe(false);
    expect(validate({ port: true })).toBe(false);
    expect(validate({ port: null })).toBe(false);
  });

  test('preserve-unknown-fields allows extra fields at that node only', () => {
    const validate = compile({
      type: 'object',
      properties: { values: { 'type': 'object', 'x-kubernetes-preserve-unknown-fields': true }, known: { type: 'string' } },
    });
    expect(validate({ values: { any: { thing: 1 } } })).toBe(true);
    expect(validate({ values: {}, other: 1 })).toBe(false);
  });

  test('list-type set and map enforce uniqueness', () => {
    const validate = compile({
      type: 'object',
      properties: {
        set: { 'type': 'array', 'items': { type: 'string' }, 'x-kubernetes-list-type': 'set' },
        map: {
          'type': 'array',
          'x-kubernetes-list-type': 'map',
          'x-kubernetes-list-map-keys': ['name'],
          'items': { type: 'object', required: ['name'], properties: { name: { type: 'string' }, value: { type: 'string' } } },
        },
      },
    });
    expect(validate({ set: ['a', 'b'], map: [{ name: 'a', value: '1' }, { name: 'b', value: '1' }] })).toBe(true);
    expect(validate({ set: ['a', 'a'] })).toBe(false);
    expect(validate({ map: [{ name: 'a', value: '1' }, { name: 'a', value: '2' }] })).toBe(false);
    expect(validate.errors?.[0]).toMatchObject({ instancePath: '/map', params: { problems: [{ pointer: '/1' }] } });
  });

  test('nullable allows null; embedded-resource requires apiVersion and kind', () => {
    const validate = compile({
      type: 'object',
      properties: {
        maybe: { type: 'string', nullable: true },
        template: { 'type': 'object', 'x-kubernetes-embedded-resource': true, 'x-kubernetes-preserve-unknown-fields': true },
      },
    });
    expect(validate({ maybe: null, template: { apiVersion: 'v1', kind: 'ConfigMap', data: {} } })).toBe(true);
    expect(validate({ template: { data: {} } })).toBe(false);
  });

  test('formats used by the CRDs: int64 and date-time', () => {
    const validate = compile({
      type: 'object',
      properties: { n: { type: 'integer', format: 'int64' }, t: { type: 'string', format: 'date-time' } },
    });
    expect(validate({ n: 3, t: '2024-05-08T10:00:00Z' })).toBe(true);
    expect(validate({ t: '2024-02-30T10:00:00Z' })).toBe(false);
    expect(validate({ t: 'yesterday' })).toBe(false);
  });

  test('CEL rules on array and string nodes run too', () => {
    const validate = compile({
      type: 'object',
      properties: {
        tags: { 'type': 'array', 'items': { type: 'string' }, 'x-kubernetes-validations': [{ rule: 'self.size() <= 2', message: 'at most two tags' }] },
        name: { 'type': 'string', 'x-kubernetes-validations': [{ rule: 'self.startsWith(\'app-\')', message: 'name must start with app-' }] },
      },
    });
    expect(validate({ tags: ['a', 'b'], name: 'app-x' })).toBe(true);
    expect(validate({ tags: ['a', 'b', 'c'], name: 'x' })).toBe(false);
    expect(validate.errors?.map((e) => [e.instancePath, e.params.problems[0].message])).toEqual([
      ['/tags', 'at most two tags'],
      ['/name', 'name must start with app-'],
    ]);
  });
});

describe('sources', () => {
  test('every CRD file in reference/ is listed with its release, and every listed file is read', () => {
    const read = new Set(crdSources().map((s) => s.file));
    expect([...read].sort()).toEqual(CRD_FILES.map((f) => f.file).sort());
  });

  test('legacy releases sort newest first per controller', () => {
    expect(releasesNewestFirst(['helm-controller-v1.3.0', 'source-controller-v1.7.4', 'helm-controller-v1.4.5', 'helm-controller-v1.10.0']))
      .toEqual(['helm-controller-v1.10.0', 'helm-controller-v1.4.5', 'helm-controller-v1.3.0', 'source-controller-v1.7.4']);
  });
});

describe('the generated standalone validators', () => {
  const catalog = packaged as PackagedCatalog;
  const ajv = createAjv();
  // the module's exports object, as src/model/crd/validate.ts loads it
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const generated = require('../../src/model/crd/generated/validators.generated.js') as Record<string, GeneratedValidator>;

  /** Objects that reach many code paths of a schema: bare, empty spec, wrong types, unknown fields, CEL failures. */
  function samples(apiVersion: string, kind: string): unknown[] {
    const metadata = { name: 'x', namespace: 'y' };
    return [
      { apiVersion, kind, metadata },
      { apiVersion, kind, metadata, spec: {} },
      { apiVersion, kind, metadata, spec: { interval: 5, url: 'ftp://x', unknown: true, type: 'git' } },
      { apiVersion, kind, metadata, spec: { interval: '10m', chart: { spec: {} }, chartRef: { kind: 'Nope' }, kubeConfig: {}, values: { a: [1] } } },
      { apiVersion, kind, metadata, spec: { interval: '10m', install: { strategy: { name: 'RemediateOnFailure', retryInterval: '1m' } } } },
      // deep in the schema, in the subschemas the generator splits into functions of their own
      {
        apiVersion,
        kind,
        metadata,
        spec: {
          interval: '1m',
          chartRef: { kind: 'OCIRepository', name: 'a' },
          upgrade: { remediation: { retries: 'x' } },
          postRenderers: [{ kustomize: { patches: [{ patch: 1, target: { kind: 2 } }], images: [{ name: 3 }] } }],
          driftDetection: { mode: 'bad', ignore: [{ paths: 'x' }] },
          patches: [{ patch: '', target: { group: 1 } }],
        },
      },
      { apiVersion, kind, metadata, data: { k: 'not base64!' }, type: 'kubernetes.io/tls', immutable: 'yes' },
    ];
  }

  test('exist for every schema, and for no other', () => {
    expect(Object.keys(generated).sort()).toEqual(Object.keys(schemas).sort());
  });

  /**
   * What src/model/crd/describe.ts reads of an error. `schemaPath` differs
   * by design: the generated code has large subschemas split off
   * (scripts/schemas/split.ts), and names them.
   */
  const described = (errors: GeneratedValidator['errors']) =>
    (errors ?? []).map(({ instancePath, keyword, params }) => ({ instancePath, keyword, params }));

  test.each(catalog.entries.map((e) => [`${e.apiVersion} ${e.kind} (${e.origin})`, e] as const))('%s: same verdicts and errors as a fresh compile', (_name, entry) => {
    const fresh = ajv.compile((schemas as Record<string, object>)[entry.schema]);
    const standalone = generated[entry.schema];
    for (const sample of samples(entry.apiVersion, entry.kind)) {
      expect(standalone(sample)).toBe(fresh(sample));
      expect(described(standalone.errors)).toEqual(described(fresh.errors));
    }
  });
});
