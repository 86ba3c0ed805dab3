import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { App, Chart, Testing } from 'cdk8s';
import { Construct } from 'constructs';
import { ChartRelease, FluxOci, OciHelmSource, resolveApp } from '../../src/cdk8s';
import { pushTestChart, PushedChart, startRegistry, TestRegistry } from '../support/registry';

let registry: TestRegistry;
let pushed: PushedChart;

beforeAll(async () => {
  registry = await startRegistry({ mode: 'anonymous' });
  pushed = await pushTestChart(registry, { repository: 'charts/web', version: '1.2.3' });
});
afterAll(() => registry?.stop());

// Jest turns registry checks off for unit tests; these turn them on.
let savedMode: string | undefined;
beforeEach(() => { savedMode = process.env.FLUX_OCI_RESOLVE; delete process.env.FLUX_OCI_RESOLVE; });
afterEach(() => { process.env.FLUX_OCI_RESOLVE = savedMode; });

/** An app with one checked release and a construct whose validation fails while `broken.now` is set. */
function project(lockfile?: string): { app: App; chart: Chart; outdir: string; lockfile: string; broken: { now: boolean } } {
  const dir = mkdtempSync(join(tmpdir(), 'flux-oci-cdk8s-lock-'));
  const outdir = join(dir, 'dist');
  lockfile ??= join(dir, 'flux-oci.lock.json');
  const app = new App({ outdir });
  FluxOci.configure(app, { resolve: { lockfile, timeouts: { connectMs: 2_000, requestMs: 5_000 } } });
  const chart = new Chart(app, 'apps', { namespace: 'flux-system' });
  const source = new OciHelmSource(chart, 'charts', { url: `oci://${registry.host}/charts`, insecure: true });
  new ChartRelease(chart, 'web', { source, chart: 'web', version: '1.x', pin: 'digest' });
  const broken = { now: true };
  // Declared after the release: cdk8s validates it after the app-wide registry check.
  new Construct(chart, 'other').node.addValidation({ validate: () => (broken.now ? ['another construct is invalid'] : []) });
  return { app, chart, outdir, lockfile, broken };
}

test('a synth that fails validation after the registry check passed writes no lockfile; the passing synth writes it', () => {
  const { app, outdir, lockfile, broken } = project();
  expect(() => app.synth()).toThrow(/\[apps\/other\] another construct is invalid/);
  expect(existsSync(lockfile)).toBe(false);
  expect(existsSync(outdir) ? readdirSync(outdir) : []).toEqual([]);

  broken.now = false;
  app.synth();
  expect(Object.values(JSON.parse(readFileSync(lockfile, 'utf8')).charts)).toEqual([expect.objectContaining({ version: '1.2.3', digest: pushed.digest })]);
});

test('Testing.synth and resolveApp follow the same rule: entries are written once the app serializes', async () => {
  const { app, chart, lockfile, broken } = project();
  const report = await resolveApp(app);
  expect(report.failures).toEqual([]);
  expect(report.lockfileWritten).toBe(false);
  expect(existsSync(lockfile)).toBe(false);
  expect(() => Testing.synth(chart)).toThrow(/another construct is invalid/);
  expect(existsSync(lockfile)).toBe(false);
  broken.now = false;
  Testing.synth(chart);
  expect(readFileSync(lockfile, 'utf8')).toContain(pushed.digest);
});

test('FLUX_OCI_RESOLVE=verify: a digest edited in the lockfile fails the synth naming the entry, before any file is written', () => {
  const first = project();
  first.broken.now = false;
  first.app.synth();
  const parsed = JSON.parse(readFileSync(first.lockfile, 'utf8'));
  const [key] = Object.keys(parsed.charts);
  const forged = `sha256:${'0'.repeat(64)}`;
  parsed.charts[key].digest = forged;
  writeFileSync(first.lockfile, JSON.stringify(parsed));

  process.env.FLUX_OCI_RESOLVE = 'verify';
  const second = project(first.lockfile);
  second.broken.now = false;
  expect(() => second.app.synth()).toThrow(new RegExp(`\\[apps/web\\] .*\\(lockfile-mismatch\\): .* entry '${key.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}' locks tag '1\\.2\\.3' to ${forged}, but the registry has ${pushed.digest}`));
  expect(existsSync(second.outdir) ? readdirSync(second.outdir) : []).toEqual([]);
});
