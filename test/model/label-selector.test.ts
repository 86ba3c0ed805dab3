import { labelSelectorMatches } from '../../src/model/label-selector';

/** metav1.LabelSelectorAsSelector + Selector.Matches (kubernetes/apimachinery), term by term. */
describe('labelSelectorMatches', () => {
  const labels = { app: 'web', tier: 'front' };
  test.each([
    ['no selector', undefined, true],
    ['an empty selector', {}, true],
    ['matchLabels equal', { matchLabels: { app: 'web' } }, true],
    ['matchLabels differ', { matchLabels: { app: 'api' } }, false],
    ['matchLabels on a missing label', { matchLabels: { env: 'prod' } }, false],
    ['In holds', { matchExpressions: [{ key: 'tier', operator: 'In', values: ['front', 'back'] }] }, true],
    ['In without the label', { matchExpressions: [{ key: 'env', operator: 'In', values: ['prod'] }] }, false],
    ['NotIn holds without the label', { matchExpressions: [{ key: 'env', operator: 'NotIn', values: ['prod'] }] }, true],
    ['NotIn fails on a listed value', { matchExpressions: [{ key: 'app', operator: 'NotIn', values: ['web'] }] }, false],
    ['Exists', { matchExpressions: [{ key: 'app', operator: 'Exists' }] }, true],
    ['DoesNotExist', { matchExpressions: [{ key: 'app', operator: 'DoesNotExist' }] }, false],
    ['every term must hold', { matchLabels: { app: 'web' }, matchExpressions: [{ key: 'tier', operator: 'In', values: ['back'] }] }, false],
  ])('%s', (_title, selector, matches) => {
    expect(labelSelectorMatches(selector, labels)).toEqual({ matches });
  });

  test.each([
    ['In without values', { matchExpressions: [{ key: 'a', operator: 'In', values: [] }] }, "for 'In', 'a' must have at least one value"],
    ['Exists with values', { matchExpressions: [{ key: 'a', operator: 'Exists', values: ['x'] }] }, "values set must be empty for 'Exists', 'a'"],
    ['an unknown operator', { matchExpressions: [{ key: 'a', operator: 'Equals', values: ['x'] }] }, "'Equals' is not a valid label selector operator"],
  ])('refused: %s', (_title, selector, invalid) => {
    expect(labelSelectorMatches(selector, labels)).toEqual({ invalid });
  });
});
