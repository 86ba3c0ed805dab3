import { pointerAsField, pointerKeys, pointerSegment, valueAtPointer } from '../../src/foundation/json-pointer';

describe('pointerSegment', () => {
  test.each([
    ['replicaCount', 'replicaCount'],
    ['app.kubernetes.io/name', 'app.kubernetes.io~1name'],
    ['a~b', 'a~0b'],
    // `~` is escaped first, so a literal `~1` stays two characters, not a slash.
    ['~1', '~01'],
    [3, '3'],
  ])('%s → %s', (segment, expected) => {
    expect(pointerSegment(segment)).toBe(expected);
  });
});

describe('pointerKeys', () => {
  test('the whole document names no key; a lone slash names the empty key', () => {
    expect(pointerKeys('')).toEqual([]);
    expect(pointerKeys('/')).toEqual(['']);
  });

  test('undoes pointerSegment for every key', () => {
    const keys = ['metadata', 'annotations', 'app.kubernetes.io/name', 'a~b', '~1'];
    expect(pointerKeys(`/${keys.map(pointerSegment).join('/')}`)).toEqual(keys);
  });
});

describe('valueAtPointer', () => {
  const doc = { spec: { values: { 'hosts': [{ host: 'a.example.com' }], 'a/b': 1, 'zero': 0 } } };

  test.each([
    ['', doc],
    ['/spec/values/hosts/0/host', 'a.example.com'],
    ['/spec/values/a~1b', 1],
    ['/spec/values/zero', 0],
  ])('%s', (pointer, expected) => {
    expect(valueAtPointer(doc, pointer)).toEqual(expected);
  });

  test.each([
    '/spec/missing',
    '/spec/values/hosts/1',
    '/spec/values/hosts/first',
    '/spec/values/zero/deeper',
    // Only an object's own keys: nothing is read from its prototype.
    '/spec/toString',
    '/spec/values/hosts/length',
  ])('%s names nothing', (pointer) => {
    expect(valueAtPointer(doc, pointer)).toBeUndefined();
  });
});

describe('pointerAsField', () => {
  test.each([
    ['/spec/chartRef', 'spec.chartRef'],
    ['/spec/dependsOn/0', 'spec.dependsOn[0]'],
    ['/patches/2/path', 'patches[2].path'],
    ['/metadata/annotations/app.kubernetes.io~1name', 'metadata.annotations.app.kubernetes.io/name'],
  ])('%s → %s', (pointer, field) => {
    expect(pointerAsField(pointer)).toBe(field);
  });
});
