import { helmReleaseFor } from '../../src/model/flux-version';
import { compileValuesSchema, detectDraft, SchemaViolation } from '../../src/values/schema';

const NEW = helmReleaseFor('2.9'); // Helm 4.2: santhosh-tekuri/jsonschema v6
const OLD = helmReleaseFor('2.6'); // Helm 3.17: gojsonschema

function check(schema: unknown, values: unknown, helm = NEW, redact = (_: string) => false): SchemaViolation[] | string {
  const compiled = compileValuesSchema(JSON.stringify(schema), helm);
  return compiled.ok ? compiled.validate(values, redact) : compiled.error;
}
const lines = (v: SchemaViolation[] | string) => (typeof v === 'string' ? v : v.map((x) => `${x.pointer}: ${x.message}`).sort());

describe('the draft Helm picks', () => {
  test.each([
    [undefined, '2020-12', 'hybrid'],
    ['https://json-schema.org/draft/2020-12/schema', '2020-12', 'hybrid'],
    ['http://json-schema.org/draft/2019-09/schema#', '2019-09', 'hybrid'],
    ['http://json-schema.org/draft-07/schema#', 'draft-07', 'draft-07'],
    ['https://json-schema.org/draft-06/schema#', 'draft-06', 'hybrid'],
    ['http://json-schema.org/draft-04/schema', 'draft-04', 'draft-04'],
  ])('$schema %s: %s for Helm ≥ 3.18.5, %s before', (declared, santhosh, gojsonschema) => {
    const schema = declared === undefined ? {} : { $schema: declared };
    expect(detectDraft(schema, 'jsonschema-v6')).toEqual({ draft: santhosh });
    expect(detectDraft(schema, 'gojsonschema')).toEqual({ draft: gojsonschema });
  });

  test('an unknown $schema is an error for Helm ≥ 3.18.5 (it would try to download it)', () => {
    expect(detectDraft({ $schema: 'https://example.com/my-meta' }, 'jsonschema-v6')).toEqual({ error: expect.stringContaining('not a JSON Schema draft Helm knows') });
  });
});

test('2020-12: $defs, unevaluatedProperties, minimum, required, type', () => {
  const schema = {
    $schema: 'https://json-schema.org/draft/2020-12/schema',
    type: 'object',
    $defs: { image: { type: 'object', properties: { repository: { type: 'string' }, tag: { type: 'string' } }, required: ['repository'] } },
    properties: { image: { $ref: '#/$defs/image', unevaluatedProperties: false }, replicas: { type: 'integer', minimum: 1 } },
    allOf: [{ properties: { extra: { type: 'boolean' } } }],
    unevaluatedProperties: false,
  };
  expect(check(schema, { image: { repository: 'nginx', tag: '1.0' }, replicas: 2, extra: true })).toEqual([]);
  expect(lines(check(schema, { image: { repository: 'nginx', tgs: '1.0' }, replicas: 0, typo: 1 }))).toEqual([
    '/image/tgs: not allowed by the schema (unevaluatedProperties: false)',
    '/replicas: minimum: got 0, want 1',
    '/typo: not allowed by the schema (unevaluatedProperties: false)',
  ]);
  expect(lines(check(schema, { image: { tag: 1 } }))).toEqual(['/image/tag: got number, want string', "/image: missing property 'repository'"]);
});

test('draft-04 boolean exclusiveMaximum; without $schema it is a schema error for Helm ≥ 3.18.5 and accepted before', () => {
  const props = { pct: { type: 'number', maximum: 100, exclusiveMaximum: true } };
  expect(lines(check({ $schema: 'http://json-schema.org/draft-04/schema#', properties: props }, { pct: 100 }))).toEqual(['/pct: exclusiveMaximum: got 100, want 100']);
  expect(check({ properties: props }, { pct: 1 })).toMatch(/not a valid 2020-12 schema: at '\/properties\/pct\/exclusiveMaximum': must be number/);
  expect(lines(check({ properties: props }, { pct: 100 }, OLD))).toEqual(['/pct: exclusiveMaximum: got 100, want 100']);
});

test('formats: asserted for draft-07 (and always by gojsonschema), annotations in 2020-12; unknown formats ignored', () => {
  const props = { mail: { type: 'string', format: 'email' }, odd: { format: 'int32' } };
  expect(lines(check({ $schema: 'http://json-schema.org/draft-07/schema#', properties: props }, { mail: 'not-an-email', odd: 'x' })))
    .toEqual(["/mail: 'not-an-email' is not valid email"]);
  expect(check({ $schema: 'https://json-schema.org/draft/2020-12/schema', properties: props }, { mail: 'not-an-email' })).toEqual([]);
  expect(lines(check({ properties: props }, { mail: 'not-an-email' }, OLD))).toEqual(["/mail: 'not-an-email' is not valid email"]);
});

test('draft-06: additionalProperties false, const, enum, a Go-style pattern escape', () => {
  const schema = {
    $schema: 'https://json-schema.org/draft-06/schema#',
    type: 'object',
    additionalProperties: false,
    properties: { a: { const: 1 }, b: { enum: ['x', 'y'] }, c: { type: 'string', pattern: '^[a-z\\_]+$' } },
  };
  expect(check(schema, { a: 1, b: 'x', c: 'a_b' })).toEqual([]);
  expect(lines(check(schema, { a: 2, b: 'z', c: 'A', d: 1 }))).toEqual([
    '/a: value must be 1; got 2',
    "/b: value must be one of 'x', 'y'; got 'z'",
    "/c: 'A' does not match pattern '^[a-z\\_]+$'",
    '/d: not allowed by the schema (additionalProperties: false)',
  ]);
});

test('external $refs are not fetched: permissive, with a warning naming them', () => {
  const compiled = compileValuesSchema(JSON.stringify({
    $schema: 'https://json-schema.org/draft/2019-09/schema',
    type: 'object',
    properties: { res: { $ref: 'https://kubernetesjsonschema.dev/v1.18.1/_definitions.json#/definitions/x' }, u: { $ref: 'urn:example:thing' } },
    dependentRequired: { tls: ['cert'] },
  }), NEW);
  expect(compiled.ok && compiled.warnings).toEqual([
    expect.stringContaining("$ref 'https://kubernetesjsonschema.dev/v1.18.1/_definitions.json' points outside values.schema.json and is not fetched"),
    expect.stringContaining("$ref 'urn:example:thing'"),
  ]);
  expect(compiled.ok && lines(compiled.validate({ tls: true, res: 5 }, () => false))).toEqual([": properties 'cert' required, if 'tls' exists"]);
});

test('a lookaround Go cannot compile fails the schema, as it fails Helm', () => {
  expect(check({ properties: { a: { type: 'string', pattern: '^(?!x)' } } }, {})).toMatch(/Go's regexp \(RE2\) cannot compile; Helm fails on this schema/);
});

test('a value from a Secret is never shown', () => {
  const schema = { properties: { password: { type: 'string', minLength: 1, pattern: '^[a-z]+$' } } };
  const found = check(schema, { password: 'S3cret!' }, NEW, (p) => p === '/password');
  expect(JSON.stringify(found)).not.toContain('S3cret');
  expect(lines(found)).toEqual(["/password: (value from a Secret) does not match pattern '^[a-z]+$'"]);
});
