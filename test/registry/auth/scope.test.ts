import { mergeScopes, repositoryScope } from '../../../src/registry';
import { parseScope, scopeSetKey } from '../../../src/registry/auth/scope';

test('repositoryScope', () => {
  expect(repositoryScope('charts/app')).toBe('repository:charts/app:pull');
  expect(repositoryScope('charts/app', ['pull', 'push'])).toBe('repository:charts/app:pull,push');
});

test('parseScope: the type ends at the first colon, the actions start after the last', () => {
  expect(parseScope('repository:localhost:5000/x:pull,push')).toEqual({ type: 'repository', name: 'localhost:5000/x', actions: ['pull', 'push'] });
  expect(parseScope('registry:catalog:*')).toEqual({ type: 'registry', name: 'catalog', actions: ['*'] });
  expect(parseScope('nonsense')).toBeUndefined();
});

test('mergeScopes joins actions per resource and keeps first-seen order', () => {
  expect(mergeScopes(['repository:a:pull'], ['repository:b:pull', 'repository:a:push,pull'])).toEqual(['repository:a:pull,push', 'repository:b:pull']);
  expect(mergeScopes(['weird'], ['weird', 'repository:a:pull'])).toEqual(['weird', 'repository:a:pull']);
});

test('scopeSetKey ignores order of scopes and of actions', () => {
  expect(scopeSetKey(['repository:b:pull', 'repository:a:push,pull'])).toBe(scopeSetKey(['repository:a:pull,push', 'repository:b:pull']));
  expect(scopeSetKey(['repository:a:pull'])).not.toBe(scopeSetKey(['repository:a:pull,push']));
});
