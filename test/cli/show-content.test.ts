import { mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'yaml';
import { cli } from './run-cli';
import { ChartFiles, pushProjectChart } from '../support/project-charts';
import { startRegistry, TestRegistry } from '../support/registry';

/** values.yaml with what a re-serialization would change: comments, key order, quoting, CRLF, trailing spaces, no final newline. */
const VALUES = '# -- how many\r\nreplicaCount: 1   \nimage:\n  tag: "1.0"   # quoted on purpose\n  repository: nginx\nz: ~\na: [1,2]\nünïcode: "✓"';
const README = '# shown\n\nA chart.\n';
const SCHEMA = '{\n  "$schema": "https://json-schema.org/draft-07/schema#",\n  "type": "object"\n}\n';

const chartAt = (name: string, version: string, extra: ChartFiles = {}): ChartFiles => ({
  'Chart.yaml': `apiVersion: v2\nname: ${name}\nversion: ${version}\n`,
  'values.yaml': `${VALUES}\n# ${version}\n`,
  ...extra,
});

let registry: TestRegistry;
let ref: string;
const digests: Record<string, string> = {};
beforeAll(async () => {
  registry = await startRegistry({ mode: 'anonymous' });
  for (const version of ['1.0.0', '1.1.0', '2.0.0-rc.1']) {
    digests[version] = (await pushProjectChart(registry, 'charts', chartAt('shown', version, { 'README.md': README, 'values.schema.json': SCHEMA }))).digest;
  }
  await pushProjectChart(registry, 'charts', { 'Chart.yaml': 'apiVersion: v2\nname: bare\nversion: 0.1.0\n' });
  ref = `oci://${registry.host}/charts/shown`;
});
afterAll(() => registry?.stop());

const show = (args: string[], cache = mkdtempSync(join(tmpdir(), 'flux-oci-show-cache-'))) =>
  cli(['show', ...args, '--plain-http'], { env: { FLUX_OCI_CACHE: cache } });

test('show values prints the values.yaml of the newest stable version byte for byte, and says on stderr which version it picked', async () => {
  const run = await show(['values', ref]);
  expect(run.code).toBe(0);
  expect(Buffer.from(run.stdout, 'utf8').equals(Buffer.from(`${VALUES}\n# 1.1.0\n`, 'utf8'))).toBe(true);
  expect(run.stderr).toMatch(/^\* → 1\.1\.0: what Flux pulls \(OCIRepository rules .*Flux 2\.9\); 2 of 3 tags match\n$/);
});

test('--version: a range picks what Flux would pull; an exact version is read by its tag and nothing is printed on stderr', async () => {
  const ranged = await show(['values', ref, '--version', '>=1.0.0-0']);
  expect(ranged.stdout.endsWith('# 2.0.0-rc.1\n')).toBe(true);
  expect(ranged.stderr).toMatch(/^>=1\.0\.0-0 → 2\.0\.0-rc\.1: what Flux pulls/);
  const helm = await show(['values', ref, '--version', '<2', '--helm-repository']);
  expect(helm.stdout.endsWith('# 1.1.0\n')).toBe(true);
  expect(helm.stderr).toMatch(/^<2 → 1\.1\.0: what Flux pulls \(HelmRepository rules/);
  const exact = await show(['values', ref, '--version', '1.0.0']);
  expect(exact).toMatchObject({ code: 0, stderr: '' });
  expect(exact.stdout.endsWith('# 1.0.0\n')).toBe(true);
  const none = await show(['values', ref, '--version', '^3']);
  expect(none.code).toBe(1);
  expect(none.stderr).toMatch(/^\^3: no tag matches/);
  expect(none.stderr).toContain(`flux-oci show values: no version of ${ref} matches '^3'; there are `);
});

test('show readme and show schema print those files; a chart without them is a clear error, exit 1', async () => {
  expect(await show(['readme', ref])).toMatchObject({ code: 0, stdout: README });
  expect(await show(['schema', ref, '--version', '1.x'])).toMatchObject({ code: 0, stdout: SCHEMA });
  const bare = `oci://${registry.host}/charts/bare`;
  const schema = await show(['schema', bare]);
  expect(schema.code).toBe(1);
  expect(schema.stderr).toMatch(new RegExp(`^\\* → 0\\.1\\.0: what Flux pulls .*\\nflux-oci show schema: chart bare 0\\.1\\.0 \\(${bare.replace(/\./g, '\\.')}@sha256:[0-9a-f]{64}\\) has no values\\.schema\\.json: Helm does not validate its values\\n$`));
  expect((await show(['readme', bare])).stderr).toMatch(/chart bare 0\.1\.0 .* has no README \(README\.md, README\.txt or README\)\n$/);
});

test('show and show chart print the same Chart.yaml; a range works there too', async () => {
  const plain = await show([ref, '--version', '1.1.0']);
  expect(plain.code).toBe(0);
  expect(parse(plain.stdout)).toMatchObject({ name: 'shown', version: '1.1.0' });
  expect(await show(['chart', ref, '--version', '1.1.0'])).toEqual(plain);
  const ranged = await show(['chart', ref, '--version', '~1.0']);
  expect(parse(ranged.stdout)).toMatchObject({ version: '1.0.0' });
});

test('the chart layer is stored in the content cache (content-addressed: a second show adds no entry and prints the same)', async () => {
  const cache = mkdtempSync(join(tmpdir(), 'flux-oci-show-cache-'));
  const first = await show(['values', ref, '--version', '1.0.0'], cache);
  const cached = readdirSync(cache, { recursive: true }).length;
  expect(cached).toBeGreaterThan(0);
  expect(await show(['values', ref, '--version', '1.0.0'], cache)).toEqual(first);
  expect(readdirSync(cache, { recursive: true }).length).toBe(cached);
  expect(digests['1.0.0']).toMatch(/^sha256:/);
});
