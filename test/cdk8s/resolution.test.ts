import { existsSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { App, Chart } from 'cdk8s';
import { parseAllDocuments } from 'yaml';
import { ChartRelease, FluxOci, FluxOciSettings, OciHelmSource, PrivateRegistrySecret, resolveApp } from '../../src/cdk8s';
import { canaryPassword, pushTestChart, PushedChart, startRegistry, TestRegistry } from '../support/registry';
import { expectValid } from '../support/validate';

let anonymous: TestRegistry;
let secured: TestRegistry;
const pushed: Record<string, PushedChart> = {};

beforeAll(async () => {
  [anonymous, secured] = await Promise.all([startRegistry({ mode: 'anonymous' }), startRegistry({ mode: 'htpasswd', password: canaryPassword() })]);
  for (const version of ['1.0.0', '1.1.0', '1.2.0']) pushed[version] = await pushTestChart(anonymous, { repository: 'charts/web', version });
  pushed.api = await pushTestChart(anonymous, { repository: 'charts/api', version: '0.3.1' });
  pushed.secured = await pushTestChart(secured, { repository: 'private/db', version: '2.0.0' });
});
afterAll(async () => {
  await Promise.all([anonymous?.stop(), secured?.stop()]);
});

// Jest turns registry checks off for unit tests; these turn them on.
let savedMode: string | undefined;
beforeEach(() => { savedMode = process.env.FLUX_OCI_RESOLVE; delete process.env.FLUX_OCI_RESOLVE; });
afterEach(() => { process.env.FLUX_OCI_RESOLVE = savedMode; });

function project(settings: FluxOciSettings = {}): { app: App; chart: Chart; outdir: string; lockfile: string } {
  const dir = mkdtempSync(join(tmpdir(), 'flux-oci-synth-'));
  const outdir = join(dir, 'dist');
  const lockfile = join(dir, 'flux-oci.lock.json');
  const app = new App({ outdir });
  FluxOci.configure(app, { ...settings, resolve: { lockfile, timeouts: { connectMs: 2_000, requestMs: 5_000 }, ...settings.resolve } });
  return { app, chart: new Chart(app, 'apps', { namespace: 'flux-system' }), outdir, lockfile };
}

function synthesized(outdir: string): any[] {
  const objects = readdirSync(outdir).flatMap((f) => parseAllDocuments(readFileSync(join(outdir, f), 'utf8')).map((d) => d.toJS()));
  expectValid(objects);
  return objects;
}

const source = (chart: Chart, registry: TestRegistry, path = 'charts', more = {}) =>
  new OciHelmSource(chart, `src-${path.replace(/\//g, '-')}`, { url: `oci://${registry.host}/${path}`, insecure: true, ...more });

test('app.synth() (synchronous) checks every release and writes what pin asks for', () => {
  const { app, chart, outdir, lockfile } = project();
  const charts = source(chart, anonymous);
  new ChartRelease(chart, 'web', { source: charts, chart: 'web', version: '1.x', pin: 'digest' });
  new ChartRelease(chart, 'api', { source: charts, chart: 'api', version: '~0.3', pin: 'version', strategy: 'HelmRepository' });
  new ChartRelease(chart, 'web-range', { source: charts, chart: 'web', version: '>=1.0.0 <1.2.0' });
  app.synth();

  const objects = synthesized(outdir);
  const web = objects.find((o) => o.kind === 'OCIRepository' && o.metadata.name === 'web');
  expect(web.spec.ref).toEqual({ digest: pushed['1.2.0'].digest, tag: '1.2.0' });
  const api = objects.find((o) => o.kind === 'HelmRelease' && o.metadata.name === 'api');
  expect(api.spec.chart.spec.version).toBe('0.3.1');
  // pin 'none' keeps the range once it is known to match
  expect(objects.find((o) => o.kind === 'OCIRepository' && o.metadata.name === 'web-range').spec.ref).toEqual({ semver: '>=1.0.0 <1.2.0' });

  const lock = JSON.parse(readFileSync(lockfile, 'utf8'));
  expect(Object.keys(lock.charts)).toHaveLength(3);
});

test('every failure of the app in one error, each with its construct path; no file written', () => {
  const { app, chart, outdir, lockfile } = project();
  const charts = source(chart, anonymous);
  new ChartRelease(chart, 'typo-version', { source: charts, chart: 'web', version: '1.2.3' });
  new ChartRelease(chart, 'typo-path', { source: charts, chart: 'wbe', version: '1.x' });
  new ChartRelease(chart, 'no-match', { source: charts, chart: 'web', version: '>=2.0.0' });
  new ChartRelease(chart, 'fine', { source: charts, chart: 'api', version: '0.3.1' });

  let message = '';
  try {
    app.synth();
  } catch (e) {
    message = (e as Error).message;
  }
  expect(message).toMatch(/\[apps\/typo-version\] chart oci:\/\/127\.0\.0\.1:\d+\/charts\/web version '1\.2\.3' failed the registry check \(version-not-found\): .*nearest: 1\.2\.0/);
  expect(message).toMatch(/\[apps\/typo-path\] chart oci:\/\/127\.0\.0\.1:\d+\/charts\/wbe version '1\.x' failed the registry check \(repository-not-found\)/);
  expect(message).toMatch(/\[apps\/no-match\] .*\(no-matching-version\): no version in .* matches '>=2\.0\.0'.*newest stable: 1\.2\.0/);
  expect(message).not.toMatch(/apps\/fine/);
  expect(existsSync(outdir) ? readdirSync(outdir) : []).toEqual([]);
  expect(existsSync(lockfile)).toBe(false);
});

test('credentials of the source Secret reach the check; refused ones fail as credentials, never echoed', () => {
  const password = secured.password!;
  for (const [given, expectOk] of [[password, true], [`${password}-wrong`, false]] as const) {
    const { app, chart, outdir } = project();
    const secret = new PrivateRegistrySecret(chart, 'creds', { registry: secured.host, username: secured.username!, password: given });
    const db = source(chart, secured, 'private', { secret });
    new ChartRelease(chart, 'db', { source: db, chart: 'db', version: '2.x', pin: 'version' });
    if (expectOk) {
      app.synth();
      const text = readdirSync(outdir).map((f) => readFileSync(join(outdir, f), 'utf8')).join('\n');
      expect(text).toContain('2.0.0');
      expect(text).not.toContain(password);
    } else {
      let message = '';
      try {
        app.synth();
      } catch (e) {
        message = String((e as Error).message);
      }
      expect(message).toMatch(/\[apps\/db\] .*\(unauthorized\)/);
      expect(message).not.toContain(password);
    }
  }
});

test('await resolveApp(app): the async path; app.synth() then makes no request', async () => {
  const own = await startRegistry({ mode: 'anonymous' });
  const chartPushed = await pushTestChart(own, { repository: 'charts/web', version: '1.1.0' });
  const { app, chart, outdir } = project({ resolve: { lockfile: false } });
  const web = new ChartRelease(chart, 'web', { source: source(chart, own), chart: 'web', version: '~1.1', pin: 'version' });
  try {
    const report = await resolveApp(app);
    expect(report.failures).toEqual([]);
    expect(report.registryRequests).toBeGreaterThan(0);
    expect(web.resolvedVersion).toEqual({ version: '1.1.0', tag: '1.1.0', digest: chartPushed.digest });
  } finally {
    await own.stop();
  }
  app.synth(); // the registry is gone: only what resolveApp found is used
  expect(synthesized(outdir).find((o) => o.kind === 'OCIRepository').spec.ref).toEqual({ tag: '1.1.0' });
});
