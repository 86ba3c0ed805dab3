import { readFileSync, writeFileSync } from 'node:fs';
import { FAST, requestFor, tempLockfile } from './support';
import { Lockfile } from '../../../src/check/lockfile';
import { ResolveMode } from '../../../src/check/mode';
import { requestKey } from '../../../src/check/request';
import { Resolver } from '../../../src/check/resolver';
import { pushTestChart, PushedChart, startRegistry, TestRegistry } from '../../support/registry';

let registry: TestRegistry;
const pushed: Record<string, PushedChart> = {};

beforeAll(async () => {
  registry = await startRegistry({ mode: 'anonymous' });
  for (const version of ['1.2.0', '1.2.3']) pushed[version] = await pushTestChart(registry, { repository: 'charts/web', version });
  pushed.api = await pushTestChart(registry, { repository: 'charts/api', version: '0.1.0' });
});
afterAll(() => registry.stop());

// FLUX_OCI_RESOLVE (jest's setup sets 'off') would override these modes: unset here, as on a user's machine.
const resolver = (mode: ResolveMode, lockfile: string) => new Resolver({ lockfile, mode, env: {}, ...FAST });
const web = () => requestFor(registry, 'charts/web', '~1.2.0');
const api = () => requestFor(registry, 'charts/api', '0.1.0');

describe('two programs sharing one lockfile', () => {
  test("refreshing one with 'online' keeps the other's entries: the other still synthesizes 'locked'", async () => {
    const file = tempLockfile();
    expect((await resolver('auto', file).resolve([web()])).failures).toEqual([]);
    expect((await resolver('auto', file).resolve([api()])).failures).toEqual([]);
    const apiEntry = Lockfile.load(file).get(api());

    const refreshed = await resolver('online', file).resolve([web()]);
    expect(refreshed.outcomes[0]).toMatchObject({ ok: true, from: 'registry' });
    expect(Lockfile.load(file).get(api())).toEqual(apiEntry);

    const other = await resolver('locked', file).resolve([api()]);
    expect(other.failures).toEqual([]);
    expect(other.registryRequests).toBe(0);
    expect(other.outcomes[0]).toMatchObject({ ok: true, from: 'lockfile', resolved: { digest: pushed.api.digest } });
  });
});

describe("FLUX_OCI_RESOLVE=verify: the lockfile, and each entry's tag checked for its digest", () => {
  /** A lockfile with web ~1.2.0 and api 0.1.0, as `auto` wrote it. */
  async function lockedFile(): Promise<string> {
    const file = tempLockfile();
    expect((await resolver('auto', file).resolve([web(), api()])).failures).toEqual([]);
    return file;
  }

  /** Rewrites one entry's fields in the file, as a hand (or an attacker) would. */
  function edit(file: string, key: string, fields: Record<string, string>): void {
    const parsed = JSON.parse(readFileSync(file, 'utf8'));
    parsed.charts[key] = { ...parsed.charts[key], ...fields };
    writeFileSync(file, JSON.stringify(parsed, undefined, 2));
  }

  test('an intact lockfile passes with one manifest HEAD per entry and is not rewritten', async () => {
    const file = await lockedFile();
    const before = readFileSync(file, 'utf8');
    const report = await resolver('verify', file).resolve([web(), api()]);
    expect(report.failures).toEqual([]);
    expect(report.registryRequests).toBe(2);
    expect(report.outcomes.map((o) => o?.ok && o.resolved.digest)).toEqual([pushed['1.2.3'].digest, pushed.api.digest]);
    expect(report.lockfileWritten).toBe(false);
    expect(readFileSync(file, 'utf8')).toBe(before);
  });

  test("a digest replaced in the lockfile (tag and version unchanged) fails naming the entry; 'locked' cannot tell", async () => {
    const file = await lockedFile();
    edit(file, requestKey(web()), { digest: pushed['1.2.0'].digest });

    // What a lockfile is for: 'locked' trusts it, offline. This is why CI runs 'verify'.
    const locked = await resolver('locked', file).resolve([web()]);
    expect(locked.outcomes[0]).toMatchObject({ ok: true, resolved: { digest: pushed['1.2.0'].digest } });

    const verified = await resolver('verify', file).resolve([web(), api()]);
    expect(verified.failures).toHaveLength(1);
    expect(verified.failures[0]).toMatchObject({ cause: 'lockfile-mismatch', path: 'test/charts/web', version: '~1.2.0' });
    expect(verified.failures[0].message).toBe(
      `${file} entry '${requestKey(web())}' locks tag '1.2.3' to ${pushed['1.2.0'].digest}, but the registry has ${pushed['1.2.3'].digest} under it: `
      + "either the lockfile was edited (restore it from version control) or the tag was re-pushed (review it, then run 'flux-oci lock --update')",
    );
  });

  test('an entry whose tag is gone from the registry fails naming the entry and what the registry has', async () => {
    const file = await lockedFile();
    edit(file, requestKey(web()), { version: '1.2.9', tag: '1.2.9' });
    const report = await resolver('verify', file).resolve([web()]);
    expect(report.failures[0]).toMatchObject({ cause: 'version-not-found', version: '~1.2.0' });
    expect(report.failures[0].message).toMatch(new RegExp(`^${file.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')} entry '.*charts/web helm-repository ~1\\.2\\.0' \\(tag '1\\.2\\.9', sha256:[0-9a-f]{64}\\) cannot be verified: tag '1\\.2\\.9' is not in .*nearest: 1\\.2\\.0`));
  });

  test('an entry whose version is not what its tag reads as is not used; a missing entry fails without a request', async () => {
    const file = await lockedFile();
    edit(file, requestKey(web()), { version: '1.2.0' });
    const report = await resolver('verify', file).resolve([web(), requestFor(registry, 'charts/api', '0.2.0')]);
    expect(report.failures.map((f) => f.cause)).toEqual(['not-locked', 'not-locked']);
    expect(report.failures[0].message).toMatch(/FLUX_OCI_RESOLVE=verify forbids looking it up/);
    expect(report.registryRequests).toBe(0);
  });
});
