import { passesByPresence } from '../../../src/model/crd/cel/presence';
import { CelNode, evaluateNode } from '../../../src/model/crd/cel/validations';
import schemas from '../../../src/model/crd/generated/schemas.json';

const shape = (properties: Record<string, unknown>) => ({ type: 'object', properties }) as CelNode['shape'];
const AB = shape({ a: { type: 'string' }, b: { type: 'string' }, name: { type: 'string' } });

/** Every CEL node of the packaged schemas. */
function celNodes(): { where: string; node: CelNode }[] {
  const found: { where: string; node: CelNode }[] = [];
  const walk = (value: unknown, where: string): void => {
    if (typeof value !== 'object' || value === null) return;
    const cel = (value as { k8sCel?: CelNode }).k8sCel;
    if (cel) found.push({ where, node: cel });
    for (const [k, v] of Object.entries(value)) walk(v, `${where}/${k}`);
  };
  walk(schemas, '');
  return found;
}

/** Objects with every combination of the fields a rule reads set or absent (string fields set to a value the rule names, or not). */
function objectsFor(rule: string, node: CelNode): Record<string, unknown>[] {
  const fields = [...new Set([...rule.matchAll(/self\.([a-zA-Z_][a-zA-Z0-9_]*)/g)].map((m) => m[1]))];
  const literals = [...rule.matchAll(/'([^']*)'/g)].map((m) => m[1]);
  const valuesOf = (field: string): unknown[] => {
    const type = node.shape.properties?.[field]?.type;
    if (type === 'string') return [undefined, 'other', ...literals];
    if (type === 'object') return [undefined, {}, { kind: 'HelmRepository', name: 'x' }, { kind: 'OCIRepository', name: 'x' }];
    return [undefined, 'x'];
  };
  let objects: Record<string, unknown>[] = [{}];
  for (const field of fields) {
    objects = objects.flatMap((o) => valuesOf(field).map((v) => (v === undefined ? o : { ...o, [field]: v })));
  }
  return objects;
}

describe('passesByPresence: decides only what the CEL engine would pass', () => {
  test('for every rule of the packaged CRDs, on every combination of its fields, a pass here is a pass on the engine', () => {
    const nodes = celNodes();
    expect(nodes.length).toBeGreaterThan(0);
    let decided = 0;
    for (const { where, node } of nodes) {
      for (const validation of node.rules) {
        for (const obj of objectsFor(validation.rule, node)) {
          if (!passesByPresence(validation.rule, obj, node.shape)) continue;
          decided++;
          const single: CelNode = { rules: [validation], shape: node.shape };
          expect({ where, obj, failures: evaluateNode(obj, single) }).toEqual({ where, obj, failures: [] });
        }
      }
    }
    // The shortcut must matter: HelmRelease's chart/chartRef rule and the retryInterval rules on objects without one.
    expect(decided).toBeGreaterThan(10);
  });

  test('presence tests combined with !, && and || and parentheses', () => {
    const rule = '(has(self.a) && !has(self.b)) || (!has(self.a) && has(self.b))';
    expect(passesByPresence(rule, { a: 'x' }, AB)).toBe(true);
    expect(passesByPresence(rule, { b: 'x' }, AB)).toBe(true);
    expect(passesByPresence(rule, { a: 'x', b: 'y' }, AB)).toBe(false);
    expect(passesByPresence(rule, {}, AB)).toBe(false);
  });

  test('other terms are unknown: a pass needs the presence tests to settle it (true || unknown)', () => {
    const rule = "!has(self.a) || self.name != 'x'";
    expect(passesByPresence(rule, { name: 'x' }, AB)).toBe(true);
    expect(passesByPresence(rule, { a: 'y', name: 'z' }, AB)).toBe(false);
    expect(passesByPresence("has(self.a) && self.name == 'x'", { a: 'y', name: 'x' }, AB)).toBe(false);
  });

  test('leaves to the engine what it cannot read safely', () => {
    // a conditional binds looser than ||
    expect(passesByPresence('has(self.a) || has(self.b) ? false : false', { a: 'x' }, AB)).toBe(false);
    // an operator inside a string literal is not an operator
    expect(passesByPresence("self.name == 'a || b' || has(self.a)", { name: 'a || b' }, AB)).toBe(false);
    // a comparison of presence tests, a negated comparison
    expect(passesByPresence('has(self.a) == has(self.b)', { a: 'x', b: 'y' }, AB)).toBe(false);
    expect(passesByPresence('!has(self.a) == false', { a: 'x' }, AB)).toBe(false);
    // a null (pruned or not), a field the schema does not declare, an escaped name
    expect(passesByPresence('has(self.a)', { a: null }, AB)).toBe(false);
    expect(passesByPresence('has(self.c)', { c: 'x' }, AB)).toBe(false);
    expect(passesByPresence('has(self.__namespace__)', { namespace: 'x' }, shape({ namespace: { type: 'string' } }))).toBe(false);
    // transition rules run on updates only, which the engine knows
    expect(passesByPresence('has(self.a) || self == oldSelf', {}, AB)).toBe(false);
  });

  test('a map (no declared fields) has the keys as written', () => {
    const map = { type: 'object', additionalProperties: { type: 'string' } } as CelNode['shape'];
    expect(passesByPresence('has(self.a)', { a: 'x' }, map)).toBe(true);
    expect(passesByPresence('has(self.a)', { b: 'x' }, map)).toBe(false);
  });
});
