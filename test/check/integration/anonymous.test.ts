import { readFileSync } from 'node:fs';
import { FAST, requestFor, tempLockfile } from './support';
import { Lockfile } from '../../../src/check/lockfile';
import { Resolver } from '../../../src/check/resolver';
import { pushTestChart, pushTestTags, PushedChart, skopeoListTags, startHostileFront, startPaginatingFront, startRegistry, TestRegistry } from '../../support/registry';

let registry: TestRegistry;
const pushed: Record<string, PushedChart> = {};

beforeAll(async () => {
  registry = await startRegistry({ mode: 'anonymous' });
  for (const version of ['1.0.0', '1.2.0', '1.2.3', '1.3.0+build.1', '2.0.0-rc.1']) {
    pushed[version] = await pushTestChart(registry, { repository: 'charts/web', version });
  }
  await pushTestTags(registry, 'charts/web', ['latest', 'v1.4.0', 'main']);
  await pushTestChart(registry, { repository: 'charts/api', version: '0.1.0' });
  // One version under two tags, as two different charts: which one Flux pulls is a matter of listing order.
  for (const tag of ['1.5.0', 'v1.5.0']) pushed[`tie ${tag}`] = await pushTestChart(registry, { repository: 'charts/tie', version: '1.5.0', tag, description: tag });
});
afterAll(() => registry.stop());

// FLUX_OCI_RESOLVE (jest's setup sets 'off') would override these modes, as it does a program's: unset here, as on a user's machine.
const resolver = (more = {}) => new Resolver({ lockfile: false, mode: 'online', env: {}, ...FAST, ...more });

test('the seeded tags are what skopeo sees (the fixture is real)', async () => {
  const tags = await skopeoListTags(registry, 'charts/web');
  expect([...tags].sort()).toEqual(['1.0.0', '1.2.0', '1.2.3', '1.3.0_build.1', '2.0.0-rc.1', 'latest', 'main', 'v1.4.0']);
});

describe('exact versions', () => {
  test('present: one manifest HEAD, the pushed digest, no listing', async () => {
    const report = await resolver().resolve([requestFor(registry, 'charts/web', '1.2.3')]);
    expect(report.failures).toEqual([]);
    expect(report.outcomes[0]).toEqual({ ok: true, from: 'registry', resolved: { version: '1.2.3', tag: '1.2.3', digest: pushed['1.2.3'].digest } });
    expect(report.registryRequests).toBe(1);
  });

  test('build metadata is looked up as the _ tag Helm stores', async () => {
    const report = await resolver().resolve([requestFor(registry, 'charts/web', '1.3.0+build.1')]);
    expect(report.outcomes[0]).toMatchObject({ ok: true, resolved: { version: '1.3.0+build.1', tag: '1.3.0_build.1', digest: pushed['1.3.0+build.1'].digest } });
  });

  test('absent: version-not-found, with the nearest versions and the newest stable', async () => {
    const report = await resolver().resolve([requestFor(registry, 'charts/web', '1.2.4')]);
    const failure = report.failures[0];
    expect(failure).toMatchObject({ path: 'test/charts/web', cause: 'version-not-found', version: '1.2.4' });
    expect(failure.available?.nearest).toEqual(expect.arrayContaining(['1.2.3', '1.2.0']));
    expect(failure.available?.newestStable).toBe('1.3.0+build.1');
    expect(failure.message).toMatch(/version 1\.2\.4 is not in oci:\/\/127\.0\.0\.1:\d+\/charts\/web; nearest: 1\.2\.3/);
    expect(failure.message).toMatch(/3 ignored as not SemVer \(latest, main, v1\.4\.0\)|ignored as not SemVer/);
  });
});

describe('ranges', () => {
  test('HelmRepository rules: strict SemVer tags only, `_` read as `+`, prereleases excluded', async () => {
    const report = await resolver().resolve([requestFor(registry, 'charts/web', '>=1.0.0 <2.0.0')]);
    expect(report.outcomes[0]).toMatchObject({ ok: true, resolved: { version: '1.3.0+build.1', tag: '1.3.0_build.1', digest: pushed['1.3.0+build.1'].digest } });
  });

  test.each([
    [['v1.5.0', '1.5.0'], 'v1.5.0'],
    [['1.5.0', 'v1.5.0'], '1.5.0'],
  ])("two tags of one version: the one Flux's sort leaves first in the registry's listing %j", async (listed, expected) => {
    // source-controller sorts the matching versions in the order the registry listed them (Go's sort.Sort
    // keeps equal neighbours of a short list in place), so the listing order decides; sorting it would not.
    const front = await startHostileFront(registry, { tags: listed });
    try {
      const report = await resolver().resolve([requestFor(front, 'charts/tie', '1.x', { ruleSet: 'oci-repository' })]);
      expect(report.outcomes[0]).toMatchObject({ ok: true, resolved: { version: '1.5.0', tag: expected, digest: pushed[`tie ${expected}`].digest } });
    } finally {
      await front.stop();
    }
  });

  test("OCIRepository rules: a 'v' tag counts", async () => {
    const report = await resolver().resolve([requestFor(registry, 'charts/web', '1.x', { ruleSet: 'oci-repository' })]);
    expect(report.outcomes[0]).toMatchObject({ ok: true, resolved: { version: '1.4.0', tag: 'v1.4.0' } });
  });

  test('a prerelease only when the range names one', async () => {
    const report = await resolver().resolve([
      requestFor(registry, 'charts/web', '>=2.0.0-0'),
      requestFor(registry, 'charts/web', '2.x'),
    ]);
    expect(report.outcomes[0]).toMatchObject({ ok: true, resolved: { version: '2.0.0-rc.1' } });
    expect(report.outcomes[1]).toMatchObject({ ok: false, failure: { cause: 'no-matching-version', available: { newestStable: '1.3.0+build.1' } } });
    expect(report.failures[0].message).toMatch(/no version in .* matches '2\.x' \(HelmRepository rules/);
  });

  test('semverFilter runs on raw tags before the range', async () => {
    const report = await resolver().resolve([requestFor(registry, 'charts/web', '*', { ruleSet: 'oci-repository', semverFilter: '^1\\.2\\.' })]);
    expect(report.outcomes[0]).toMatchObject({ ok: true, resolved: { version: '1.2.3' } });
  });

  test('many ranges on one repository share one listing; each distinct tag one HEAD', async () => {
    const report = await resolver().resolve([
      requestFor(registry, 'charts/web', '^1.0.0'),
      requestFor(registry, 'charts/web', '>=1.2.0 <2.0.0'),
      requestFor(registry, 'charts/web', '~1.2.0'),
    ]);
    expect(report.failures).toEqual([]);
    // one tags/list, HEAD 1.3.0_build.1 (twice asked, once sent), HEAD 1.2.3
    expect(report.registryRequests).toBe(3);
  });

  test('more tags than one page: every page is read', async () => {
    const front = await startPaginatingFront(registry, { pageSize: 2, linkStyle: 'relative' });
    try {
      const report = await resolver().resolve([requestFor(front, 'charts/web', '>=1.0.0')]);
      expect(report.outcomes[0]).toMatchObject({ ok: true, resolved: { version: '1.3.0+build.1' } });
      expect(front.count(/tags\/list/, 'GET')).toBe(4);
    } finally {
      await front.stop();
    }
  });
});

test('a wrong repository path is reported as the path, not the version', async () => {
  const report = await resolver().resolve([requestFor(registry, 'charts/wbe', '1.2.3'), requestFor(registry, 'charts/wbe', '1.x')]);
  expect(report.failures.map((f) => f.cause)).toEqual(['repository-not-found', 'repository-not-found']);
  expect(report.failures[0].registryCode).toBe('NAME_UNKNOWN');
});

describe('lockfile', () => {
  test('auto: looks up what the lockfile lacks, writes it sorted, then answers with no request', async () => {
    const file = tempLockfile();
    const requests = [requestFor(registry, 'charts/web', '~1.2.0'), requestFor(registry, 'charts/api', '0.1.0')];
    const first = await resolver({ mode: 'auto', lockfile: file }).resolve(requests);
    expect(first.lockfileWritten).toBe(true);
    const text = readFileSync(file, 'utf8');
    const parsed = JSON.parse(text);
    expect(Object.keys(parsed.charts)).toEqual([...Object.keys(parsed.charts)].sort());
    expect(Object.values(parsed.charts)).toEqual(expect.arrayContaining([
      expect.objectContaining({ reference: `oci://${registry.host}/charts/web`, constraint: '~1.2.0', version: '1.2.3', digest: pushed['1.2.3'].digest }),
    ]));

    const second = await resolver({ mode: 'auto', lockfile: file }).resolve(requests);
    expect(second.registryRequests).toBe(0);
    expect(second.lockfileWritten).toBe(false);
    expect(second.outcomes.map((o) => o?.ok && o.from)).toEqual(['lockfile', 'lockfile']);
    expect(readFileSync(file, 'utf8')).toBe(text);
  });

  test('locked: a missing entry fails without a request; online: looks up again and keeps entries it did not ask for', async () => {
    const file = tempLockfile();
    await resolver({ mode: 'auto', lockfile: file }).resolve([requestFor(registry, 'charts/api', '0.1.0')]);
    const locked = await resolver({ mode: 'locked', lockfile: file }).resolve([requestFor(registry, 'charts/web', '1.2.3')]);
    expect(locked.registryRequests).toBe(0);
    expect(locked.failures[0]).toMatchObject({ cause: 'not-locked' });
    expect(locked.failures[0].message).toMatch(/run 'flux-oci lock'/);

    const online = await resolver({ mode: 'online', lockfile: file }).resolve([requestFor(registry, 'charts/web', '1.2.3'), requestFor(registry, 'charts/api', '0.1.0')]);
    expect(online.outcomes.map((o) => o?.ok && o.from)).toEqual(['registry', 'registry']);
    const refreshed = await resolver({ mode: 'online', lockfile: file }).resolve([requestFor(registry, 'charts/web', '1.2.3')]);
    expect(refreshed.registryRequests).toBeGreaterThan(0);
    // Another program may still need charts/api: only `flux-oci lock --prune` removes entries.
    expect([...Lockfile.load(file).entries().values()].map((e) => e.reference).sort()).toEqual([`oci://${registry.host}/charts/api`, `oci://${registry.host}/charts/web`]);
  });

  test('a failed run writes no lockfile', async () => {
    const file = tempLockfile();
    const report = await resolver({ mode: 'auto', lockfile: file }).resolve([requestFor(registry, 'charts/api', '0.1.0'), requestFor(registry, 'charts/api', '9.9.9')]);
    expect(report.failures).toHaveLength(1);
    expect(report.lockfileWritten).toBe(false);
    expect(() => readFileSync(file)).toThrow(/ENOENT/);
  });
});
