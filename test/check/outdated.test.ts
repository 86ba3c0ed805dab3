import type { LockEntry } from '../../src/check/lockfile';
import { changesOf, createdOf, fluxVersionOfKey, planOutdated } from '../../src/check/outdated';
import { LATEST_FLUX_VERSION } from '../../src/model/flux-version';

const entry = (fields: Partial<LockEntry>): LockEntry => ({
  reference: 'oci://ghcr.io/acme/charts/web', ruleSet: 'oci-repository', constraint: '~1.0', version: '1.0.0', tag: '1.0.0', digest: 'sha256:0', ...fields,
});
const TAGS = ['1.0.0', '1.0.1', '1.0.2-rc.1', '1.1.0', '2.0.0', '3.0.0-beta.1', 'latest'];

test('newest in range and newest stable by the entry\'s rules; the versions in between, newest first', () => {
  const key = 'oci://ghcr.io/acme/charts/web oci-repository ~1.0';
  expect(planOutdated(key, entry({}), TAGS)).toEqual({
    status: 'update',
    wanted: { version: '1.0.1', tag: '1.0.1', jump: 'patch' },
    latest: { version: '2.0.0', tag: '2.0.0', jump: 'major' },
    newer: ['1.0.1'],
  });
  // semverFilter applies to both columns, as Flux applies it before the constraint.
  const filtered = planOutdated(`${key} filter=^1\\.`, entry({ constraint: '*', semverFilter: '^1\\.' }), TAGS);
  expect(filtered).toMatchObject({ status: 'update', wanted: { version: '1.1.0', jump: 'minor' }, latest: { version: '1.1.0' }, newer: ['1.1.0', '1.0.1'] });
  expect(planOutdated(key, entry({ version: '1.0.1', tag: '1.0.1' }), TAGS)).toMatchObject({ status: 'current', wanted: { jump: 'none' } });
  expect(planOutdated(key, entry({ constraint: '~4.0' }), TAGS)).toMatchObject({ status: 'no-match', latest: { version: '2.0.0' } });
  // The Flux release a key was locked for (requestKey's ` flux=<v>`) picks the rules.
  expect(fluxVersionOfKey('oci://ghcr.io/acme/charts/web oci-repository flux=2.3 ~1.0', entry({}))).toBe('2.3');
  expect(fluxVersionOfKey(key, entry({}))).toBe(LATEST_FLUX_VERSION);
});

test('a tag taken as written stays pinned; a chart pinned by tag is shown beside the newest stable version, a digest or an artifact tag is not', () => {
  expect(planOutdated('oci://x ref=1.0.0', entry({ literal: true, constraint: '1.0.0' }), TAGS)).toEqual({
    status: 'pinned', latest: { version: '2.0.0', tag: '2.0.0', jump: 'major' }, newer: [],
  });
  expect(planOutdated('oci://x ref=latest', entry({ literal: true, constraint: 'latest', tag: 'latest' }), TAGS)).toEqual({
    status: 'pinned', latest: { version: '2.0.0', tag: '2.0.0', jump: 'none' }, newer: [],
  });
  expect(planOutdated('oci://x ref=sha256:0', entry({ literal: true, constraint: 'sha256:0', tag: 'sha256:0' }), TAGS)).toEqual({ status: 'pinned', newer: [] });
  expect(planOutdated('oci://x ref=1.0.0', entry({ literal: true, constraint: '1.0.0' }), TAGS, true)).toEqual({ status: 'pinned', newer: [] });
});

test('artifacthub.io/changes in both forms, bounded; created ignores the reproducible epoch', () => {
  const changes = (text: string) => changesOf({ 'artifacthub.io/changes': text });
  expect(changes('- kind: added\n  description: a values.schema.json\n  links: []\n- plain\n')).toEqual(['added: a values.schema.json', 'plain']);
  expect(changes('not: a list')).toEqual([]);
  expect(changes('- [unclosed')).toEqual([]);
  expect(changes(Array.from({ length: 30 }, (_, i) => `- line ${i}`).join('\n'))).toHaveLength(20);
  expect(changes(`- ${'x'.repeat(500)}`)[0]).toHaveLength(200);
  expect(createdOf({ 'org.opencontainers.image.created': '1970-01-01T00:00:00Z' })).toBeUndefined();
  expect(createdOf({ 'org.opencontainers.image.created': 'yesterday' })).toBeUndefined();
  expect(createdOf({ 'org.opencontainers.image.created': '2026-01-10T12:00:00Z' })).toBe('2026-01-10T12:00:00Z');
});
