import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { settle, useMocks, valueOf } from './mocks';
import { ChartRelease, OciHelmSource } from '../../src/pulumi';
import { pulumiProjectDir } from '../../src/pulumi/chart-resolver';
import { pushTestChart, PushedChart, startRegistry, TestRegistry } from '../support/registry';

let registry: TestRegistry;
let pushed: PushedChart;
beforeAll(async () => {
  registry = await startRegistry({ mode: 'anonymous' });
  pushed = await pushTestChart(registry, { repository: 'charts/web', version: '1.2.3' });
});
afterAll(() => registry?.stop());

const saved = { mode: process.env.FLUX_OCI_RESOLVE, cwd: process.cwd() };
afterEach(async () => {
  await settle();
  process.chdir(saved.cwd);
  if (saved.mode === undefined) delete process.env.FLUX_OCI_RESOLVE;
  else process.env.FLUX_OCI_RESOLVE = saved.mode;
});

/** A Pulumi project folder with a subfolder, as `main: src/` lays it out. */
function pulumiProject(): string {
  const dir = mkdtempSync(join(tmpdir(), 'flux-oci-pulumi-project-'));
  writeFileSync(join(dir, 'Pulumi.yaml'), 'name: proj\nruntime: nodejs\nmain: src/\n');
  mkdirSync(join(dir, 'src'));
  return dir;
}

test('the project folder is the nearest one holding Pulumi.yaml above the working directory, else the working directory', () => {
  const dir = pulumiProject();
  expect(pulumiProjectDir(dir)).toBe(dir);
  expect(pulumiProjectDir(join(dir, 'src'))).toBe(dir);
  const bare = mkdtempSync(join(tmpdir(), 'flux-oci-no-project-'));
  expect(pulumiProjectDir(bare)).toBe(bare);
});

test('the default lockfile is written beside Pulumi.yaml, and a relative setting is read from there, from any working directory', async () => {
  const dir = pulumiProject();
  process.chdir(join(dir, 'src'));
  process.env.FLUX_OCI_RESOLVE = 'auto';
  const mocks = await useMocks({ preview: true });
  const source = new OciHelmSource('charts', { url: `oci://${registry.host}/charts`, insecure: true });
  const release = new ChartRelease('web', { source, chart: 'web', version: '1.x' });
  expect(await valueOf(release.resolvedDigest)).toBe(pushed.digest);
  await mocks.resources();
  expect(readFileSync(join(dir, 'flux-oci.lock.json'), 'utf8')).toContain(pushed.digest);
  expect(existsSync(join(dir, 'src', 'flux-oci.lock.json'))).toBe(false);

  const named = await useMocks({ preview: true });
  const other = new OciHelmSource('other', { url: `oci://${registry.host}/charts`, insecure: true, settings: { resolve: { lockfile: 'locks/web.lock.json' } } });
  mkdirSync(join(dir, 'locks'));
  new ChartRelease('web2', { source: other, chart: 'web', version: '~1.2' });
  await named.resources();
  expect(readFileSync(join(dir, 'locks', 'web.lock.json'), 'utf8')).toContain(pushed.digest);
});
