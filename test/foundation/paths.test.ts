import { join, resolve } from 'node:path';
import { isBelow, isWithin } from '../../src/foundation/paths';

const root = resolve('repo');

test('isWithin: the folder itself and what lies below it; not its parent, a sibling, or a path elsewhere', () => {
  expect(isWithin(root, root)).toBe(true);
  expect(isWithin(root, join(root, 'apps', 'web.yaml'))).toBe(true);
  // A name that merely starts with two dots is below the folder, not above it.
  expect(isWithin(root, join(root, '..web', 'x.yaml'))).toBe(true);
  expect(isWithin(root, resolve('repo-other', 'x.yaml'))).toBe(false);
  expect(isWithin(root, resolve('.'))).toBe(false);
  expect(isWithin(join(root, 'apps'), join(root, 'apps-old', 'x.yaml'))).toBe(false);
});

test('isBelow: as isWithin, but not the folder itself', () => {
  expect(isBelow(root, root)).toBe(false);
  expect(isBelow(root, join(root, 'apps'))).toBe(true);
  expect(isBelow(root, join(root, '..web'))).toBe(true);
  expect(isBelow(root, resolve('.'))).toBe(false);
});
