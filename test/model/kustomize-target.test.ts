import { compileTarget, SelectableObject } from '../../src/model/kustomize-target';
import type { KustomizeSelector } from '../../src/model/release-options';

const object = (over: Partial<SelectableObject> & { labels?: Record<string, string> } = {}): SelectableObject => ({
  apiVersion: 'helm.toolkit.fluxcd.io/v2',
  kind: 'HelmRelease',
  name: 'web-frontend',
  namespace: 'apps',
  value: { metadata: { labels: over.labels ?? { 'tier': 'web', 'gitops.example/defaults': 'on' } } },
  ...over,
});

function selects(target: KustomizeSelector, o: SelectableObject = object()): boolean {
  const compiled = compileTarget(target);
  if ('error' in compiled) throw new Error(compiled.error);
  return compiled.selects(o);
}

test('group, version and kind match whole, as Go regular expressions; an empty field matches anything', () => {
  expect(selects({})).toBe(true);
  expect(selects({ group: 'helm.toolkit.fluxcd.io', kind: 'HelmRelease' })).toBe(true);
  expect(selects({ group: 'helm.toolkit.fluxcd.io', version: 'v2' })).toBe(true);
  expect(selects({ kind: 'Helm' })).toBe(false);
  expect(selects({ kind: 'Helm.*' })).toBe(true);
  expect(selects({ group: 'kustomize.toolkit.fluxcd.io' })).toBe(false);
});

test('name and namespace are anchored regular expressions; the namespace an object lands in counts too, and none is default', () => {
  expect(selects({ name: 'web' })).toBe(false);
  expect(selects({ name: 'web-.*' })).toBe(true);
  expect(selects({ namespace: 'apps|infra' })).toBe(true);
  expect(selects({ namespace: 'default' }, object({ namespace: undefined }))).toBe(true);
  expect(selects({ namespace: 'prod' }, object({ namespace: undefined, appliedNamespace: 'prod' }))).toBe(true);
});

test('label selectors as Kubernetes parses them: =, ==, !=, in, notin, exists, !exists; != and notin match a missing label', () => {
  expect(selects({ labelSelector: 'tier=web' })).toBe(true);
  expect(selects({ labelSelector: 'tier==web,gitops.example/defaults=on' })).toBe(true);
  expect(selects({ labelSelector: 'gitops.example/defaults!=disabled' })).toBe(true);
  expect(selects({ labelSelector: 'gitops.example/defaults!=disabled' }, object({ labels: {} }))).toBe(true);
  expect(selects({ labelSelector: 'gitops.example/defaults!=disabled' }, object({ labels: { 'gitops.example/defaults': 'disabled' } }))).toBe(false);
  expect(selects({ labelSelector: 'tier in (api, web)' })).toBe(true);
  expect(selects({ labelSelector: 'tier notin (api,web)' })).toBe(false);
  expect(selects({ labelSelector: 'tier' })).toBe(true);
  expect(selects({ labelSelector: '!tier' })).toBe(false);
  expect(selects({ annotationSelector: 'a=b' })).toBe(false);
});

test('a target kustomize cannot compile is an error, not a silent no-match', () => {
  expect(compileTarget({ name: 'web-(' })).toEqual({ error: expect.stringContaining("'web-(' is not a regular expression Go accepts") });
  expect(compileTarget({ labelSelector: 'tier in web' })).toEqual({ error: "labelSelector 'tier in web' is not a label selector Kubernetes parses (at 'tier in web')" });
});
