import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { PassThrough } from 'node:stream';
import { CliIo } from '../../src/cli/io';
import { runCli } from '../../src/cli/run';
import { pushTestChart, PushedChart, startRegistry, TestRegistry } from '../support/registry';
import { transpiledSource } from '../support/transpiled-source';

const ROOT = resolve(__dirname, '..', '..');

/** Runs `flux-oci <args>` in-process with captured streams. */
async function cli(args: string[], cwd: string): Promise<{ code: number; stdout: string; stderr: string }> {
  const out = new PassThrough();
  const err = new PassThrough();
  const chunks = { stdout: [] as Buffer[], stderr: [] as Buffer[] };
  out.on('data', (c) => chunks.stdout.push(c));
  err.on('data', (c) => chunks.stderr.push(c));
  const env = { PATH: process.env.PATH, HOME: mkdtempSync(join(tmpdir(), 'home-')), TS_NODE_PROJECT: join(ROOT, 'tsconfig.dev.json') };
  const io: CliIo = { stdout: out, stderr: err, stdin: new PassThrough(), env, cwd };
  const code = await runCli(args, io);
  return { code, stdout: Buffer.concat(chunks.stdout).toString(), stderr: Buffer.concat(chunks.stderr).toString() };
}

let registry: TestRegistry;
const pushed: Record<string, PushedChart> = {};
beforeAll(async () => {
  registry = await startRegistry({ mode: 'anonymous' });
  pushed.web = await pushTestChart(registry, { repository: 'charts/web', version: '1.2.3' });
  pushed.api = await pushTestChart(registry, { repository: 'charts/api', version: '0.1.0' });
});
afterAll(() => registry?.stop());

/** A cdk8s program in `dir/<name>.ts` with one ChartRelease per chart. */
function program(dir: string, name: string, charts: Record<string, string>): string {
  writeFileSync(join(dir, `${name}.ts`), `
import { App, Chart } from ${JSON.stringify(require.resolve('cdk8s'))};
import { ChartRelease, OciHelmSource } from ${JSON.stringify(transpiledSource('cdk8s'))};
const app = new App();
const chart = new Chart(app, 'apps');
const source = new OciHelmSource(chart, 'charts', { url: 'oci://${registry.host}/charts', insecure: true });
${Object.entries(charts).map(([chart, version]) => `new ChartRelease(chart, '${chart}', { source, chart: '${chart}', version: '${version}' });`).join('\n')}
app.synth();
`);
  return `node -r ${JSON.stringify(require.resolve('ts-node/register/transpile-only'))} ${name}.ts`;
}

test('two programs share a lockfile: --update keeps the other\'s entries, --verify names a forged entry, --prune needs every program', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'flux-oci-lock-shared-'));
  const lockfile = join(dir, 'flux-oci.lock.json');
  const a = program(dir, 'a', { web: '1.x' });
  const b = program(dir, 'b', { api: '0.1.0' });
  const apiKey = `oci://${registry.host}/charts/api oci-repository 0.1.0`;

  const first = await cli(['lock', '--app', a, '--app', b, '--json'], dir);
  expect(first).toMatchObject({ code: 0 });
  const report = JSON.parse(first.stdout);
  expect(report.lockfiles).toEqual([expect.objectContaining({ file: lockfile, charts: 2, changed: [], removed: [], unused: [] })]);
  expect(report.lockfiles[0].added.map((e: any) => `${e.constraint}=${e.version}`).sort()).toEqual(['0.1.0=0.1.0', '1.x=1.2.3']);

  // Refreshing program a alone leaves program b's entry in place.
  const updated = await cli(['lock', '--update', '--app', a], dir);
  expect(updated).toMatchObject({ code: 0, stdout: `${lockfile}: 2 charts, unchanged\n` });

  // A forged digest in b's entry: --verify fails, naming the entry.
  const intact = readFileSync(lockfile, 'utf8');
  const forged = JSON.parse(intact);
  forged.charts[apiKey].digest = pushed.web.digest;
  writeFileSync(lockfile, JSON.stringify(forged, undefined, 2));
  const verify = await cli(['lock', '--verify', '--app', a, '--app', b], dir);
  expect(verify.code).toBe(1);
  expect(verify.stderr).toContain(`[apps/api] chart oci://${registry.host}/charts/api version '0.1.0' failed the registry check (lockfile-mismatch): ${lockfile} entry '${apiKey}' locks tag '0.1.0' to ${pushed.web.digest}, but the registry has ${pushed.api.digest}`);
  expect(verify.stderr).toMatch(/flux-oci lock: the app \('.*b\.ts'\) failed verification/);
  expect(readFileSync(lockfile, 'utf8')).toBe(JSON.stringify(forged, undefined, 2)); // --verify writes nothing
  writeFileSync(lockfile, intact);

  // Program b moves to web: --prune with both programs drops the api entry none uses any more.
  program(dir, 'b', { web: '1.x' });
  const pruned = await cli(['lock', '--prune', '--app', a, '--app', b], dir);
  expect(pruned).toMatchObject({ code: 0, stdout: `${lockfile}: 1 chart\n  - oci://${registry.host}/charts/api 0.1.0\n` });

  const verified = await cli(['lock', '--verify', '--app', a], dir);
  expect(verified).toMatchObject({ code: 0, stdout: `${lockfile}: 1 chart, 1 verified, unchanged\n` });
}, 300_000);

test('--verify cannot be combined with writing flags', async () => {
  const run = await cli(['lock', '--verify', '--update', '--app', 'true'], ROOT);
  expect(run.code).toBe(2);
  expect(run.stderr).toMatch(/--verify writes nothing; it cannot be combined with --update or --prune/);
});
