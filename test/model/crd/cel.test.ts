import { compileRule } from '../../../src/model/crd/cel/engine';
import { CelNode, evaluateNode } from '../../../src/model/crd/cel/validations';
import { escapeProperty, toCel } from '../../../src/model/crd/cel/values';

const objectShape = (properties: Record<string, unknown>) => ({ type: 'object', properties }) as CelNode['shape'];

describe('compileRule', () => {
  test('runs the standard library and the strings extension', () => {
    const rule = compileRule('self.name.startsWith(\'a\') && self.items.all(x, x.size() <= 3) && self.name.lowerAscii() == \'abc\'');
    expect(rule.evaluate({ self: { name: 'abc', items: ['a', 'bc'] } })).toEqual({ value: true });
    expect(rule.evaluate({ self: { name: 'abc', items: ['abcd'] } })).toEqual({ value: false });
  });

  test('rejects a function or variable the environment lacks, naming it', () => {
    expect(() => compileRule('isURL(self.url)')).toThrow('uses function isURL, which this CEL environment does not provide');
    expect(() => compileRule('self.a == request.b')).toThrow('uses variable request');
    expect(() => compileRule('quantity(self.q).isGreaterThan(quantity(\'1Mi\'))')).toThrow(/function isGreaterThan, function quantity/);
  });

  test('a syntax the parser does not know (optional field selection) throws', () => {
    expect(() => compileRule('self.?chart.hasValue()')).toThrow();
  });

  test('comprehension variables and type names are bound', () => {
    expect(compileRule('self.exists(k, k == \'a\')').evaluate({ self: { a: 1n } })).toEqual({ value: true });
    expect(compileRule('type(self) == int').evaluate({ self: 3n })).toEqual({ value: true });
  });

  test('notes transition rules', () => {
    expect(compileRule('self == oldSelf').usesOldSelf).toBe(true);
    expect(compileRule('has(self.a)').usesOldSelf).toBe(false);
  });
});

describe('toCel: JSON typed by the schema, as the API server does', () => {
  test('integer fields are CEL ints, number fields doubles', () => {
    const shape = objectShape({ replicas: { type: 'integer' }, ratio: { type: 'number' } });
    expect(toCel({ replicas: 3, ratio: 1 }, shape)).toEqual({ replicas: 3n, ratio: 1 });
    const rule = compileRule('self.replicas == 3 && self.ratio == 1.0');
    expect(rule.evaluate({ self: toCel({ replicas: 3, ratio: 1 }, shape) })).toEqual({ value: true });
  });

  test('undeclared fields are gone (pruned), nulls of non-nullable fields too; map keys stay as written', () => {
    const shape = objectShape({
      a: { type: 'string' },
      maybe: { type: 'string', nullable: true },
      labels: { type: 'object', additionalProperties: { type: 'string' } },
    });
    expect(toCel({ a: null, maybe: null, extra: 1, labels: { 'app.kubernetes.io/name': 'x' } }, shape))
      .toEqual({ maybe: null, labels: { 'app.kubernetes.io/name': 'x' } });
  });

  test('declared property names are escaped (k8s.io/apiserver/pkg/cel/escaping.go)', () => {
    expect(escapeProperty('namespace')).toBe('__namespace__');
    expect(escapeProperty('x-prop')).toBe('x__dash__prop');
    expect(escapeProperty('redact__d')).toBe('redact__underscores__d');
    expect(escapeProperty('a.b/c')).toBe('a__dot__b__slash__c');
    expect(escapeProperty('1st')).toBeUndefined();
    expect(escapeProperty('a b')).toBeUndefined();
    const shape = objectShape({ 'namespace': { type: 'string' }, 'x-prop': { type: 'string' } });
    expect(compileRule('self.__namespace__ == \'web\' && self.x__dash__prop == \'y\'')
      .evaluate({ self: toCel({ 'namespace': 'web', 'x-prop': 'y' }, shape) })).toEqual({ value: true });
  });

  test('below preserve-unknown-fields (no schema) integers are still ints', () => {
    expect(toCel({ values: { n: 2, f: 1.5, list: [1] } }, objectShape({ values: { type: 'object' } })))
      .toEqual({ values: { n: 2n, f: 1.5, list: [1n] } });
  });
});

describe('evaluateNode: the API server\'s semantics', () => {
  const shape = objectShape({ a: { type: 'string' }, b: { type: 'string' } });

  test('the message, or `failed rule: <rule>` without one', () => {
    const node: CelNode = { rules: [{ rule: 'has(self.a)', message: 'a is required' }, { rule: 'has(self.b)' }], shape };
    expect(evaluateNode({}, node)).toEqual([
      { rule: 'has(self.a)', message: 'a is required', pointer: '' },
      { rule: 'has(self.b)', message: 'failed rule: has(self.b)', pointer: '' },
    ]);
    expect(evaluateNode({ a: 'x', b: 'y' }, node)).toEqual([]);
  });

  test('messageExpression wins when it yields a non-empty string', () => {
    const node: CelNode = { rules: [{ rule: 'self.a == \'x\'', message: 'static', messageExpression: '\'a is \' + self.a' }], shape };
    expect(evaluateNode({ a: 'y' }, node)).toEqual([{ rule: 'self.a == \'x\'', message: 'a is y', pointer: '' }]);
    const empty: CelNode = { rules: [{ rule: 'self.a == \'x\'', message: 'static', messageExpression: '\'\'' }], shape };
    expect(evaluateNode({ a: 'y' }, empty)[0].message).toBe('static');
  });

  test('a rule that errors (reads an absent field) fails, with the error', () => {
    const node: CelNode = { rules: [{ rule: 'self.a == \'x\'', message: 'a must be x' }], shape };
    expect(evaluateNode({}, node)).toEqual([
      { rule: 'self.a == \'x\'', message: expect.stringMatching(/^a must be x \(rule evaluation error: .*a/), pointer: '' },
    ]);
  });

  test('a rule that does not return a bool fails', () => {
    const node: CelNode = { rules: [{ rule: 'self.a', message: 'm' }], shape };
    expect(evaluateNode({ a: 'x' }, node)).toEqual([{ rule: 'self.a', message: 'm (rule returned string, not a bool)', pointer: '' }]);
  });

  test('transition rules are skipped: a written manifest is a create', () => {
    const node: CelNode = { rules: [{ rule: 'self.a == oldSelf.a', message: 'a is immutable' }], shape };
    expect(evaluateNode({ a: 'x' }, node)).toEqual([]);
  });

  test('fieldPath moves the finding below the node', () => {
    const node: CelNode = { rules: [{ rule: 'has(self.a)', message: 'a is required', pointer: '/a' }], shape };
    expect(evaluateNode({}, node)).toEqual([{ rule: 'has(self.a)', message: 'a is required', pointer: '/a' }]);
  });
});
