import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as pulumi from '@pulumi/pulumi';
import { onlinePreviewPerTest, valueOf } from './mocks';
import { ChartRelease, OciHelmSource } from '../../src/pulumi';
import { pushTestChart, PushedChart, startRegistry, TestRegistry } from '../support/registry';

// web and api are locked at 1.0.0 under '>=1.0.0'; the registry has web 1.1.0 too.
let registry: TestRegistry;
const web: Record<string, PushedChart> = {};
let api: PushedChart;
beforeAll(async () => {
  registry = await startRegistry({ mode: 'anonymous' });
  web['1.0.0'] = await pushTestChart(registry, { repository: 'charts/web', version: '1.0.0' });
  web['1.1.0'] = await pushTestChart(registry, { repository: 'charts/web', version: '1.1.0' });
  api = await pushTestChart(registry, { repository: 'charts/api', version: '1.0.0' });
});
afterAll(() => registry?.stop());

const preview = onlinePreviewPerTest();
let info: jest.SpyInstance;
beforeEach(() => {
  info = jest.spyOn(pulumi.log, 'info').mockImplementation(async () => undefined);
});
afterEach(() => info.mockRestore());

/** A lockfile with both releases at 1.0.0, and the two releases reading it. */
function releasesLockedAt100(): { lockfile: string; releases: Record<string, ChartRelease> } {
  const lockfile = join(mkdtempSync(join(tmpdir(), 'flux-oci-pulumi-notice-')), 'flux-oci.lock.json');
  const entry = (chart: string, digest: string) => [`oci://${registry.host}/charts/${chart} oci-repository >=1.0.0`, {
    reference: `oci://${registry.host}/charts/${chart}`, ruleSet: 'oci-repository', constraint: '>=1.0.0', version: '1.0.0', tag: '1.0.0', digest,
  }];
  writeFileSync(lockfile, JSON.stringify({ lockfileVersion: 1, charts: Object.fromEntries([entry('api', api.digest), entry('web', web['1.0.0'].digest)]) }, undefined, 2) + '\n');
  const source = new OciHelmSource('charts', { url: `oci://${registry.host}/charts`, insecure: true, settings: { resolve: { lockfile } } });
  return {
    lockfile,
    releases: {
      web: new ChartRelease('web', { source, chart: 'web', version: '>=1.0.0' }),
      api: new ChartRelease('api', { source, chart: 'api', version: '>=1.0.0' }),
    },
  };
}

test('an online preview says on the release that its constraint allows a newer version than the locked one', async () => {
  const { lockfile, releases } = releasesLockedAt100();
  expect(await valueOf(releases.web.resolvedVersion)).toBe('1.1.0');
  expect(await valueOf(releases.api.resolvedVersion)).toBe('1.0.0');
  await preview.mocks.resources();
  expect(info.mock.calls).toEqual([[
    `[web] chart oci://${registry.host}/charts/web '>=1.0.0': 1.1.0 is the newest version the constraint allows; the lockfile had 1.0.0 (an online check locks the newest)`,
    releases.web,
  ]]);
  expect(preview.warnings).not.toHaveBeenCalled();
  expect(JSON.parse(readFileSync(lockfile, 'utf8')).charts[`oci://${registry.host}/charts/web oci-repository >=1.0.0`].digest).toBe(web['1.1.0'].digest);
});

test('a preview answered from the lockfile (auto) says nothing: it does not know what is newer', async () => {
  process.env.FLUX_OCI_RESOLVE = 'auto'; // restored after the test
  const { releases } = releasesLockedAt100();
  expect(await valueOf(releases.web.resolvedVersion)).toBe('1.0.0');
  await preview.mocks.resources();
  expect(info).not.toHaveBeenCalled();
});
