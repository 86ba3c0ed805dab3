import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { PassThrough } from 'node:stream';
import { promisify } from 'node:util';
import { parse } from 'yaml';
import { TS_NODE_ENV, writeLockApp } from './run-cli';
import { CliIo } from '../../src/cli/io';
import { runCli } from '../../src/cli/run';
import { pushTestChart, PushedChart, pushTestTags, startRegistry, TestRegistry } from '../support/registry';
import { transpiledSource } from '../support/transpiled-source';

const ROOT = resolve(__dirname, '..', '..');

/** Runs `flux-oci <args>` in-process with captured streams. */
async function cli(args: string[], cwd = ROOT, env: NodeJS.ProcessEnv = {}): Promise<{ code: number; stdout: string; stderr: string }> {
  const out = new PassThrough();
  const err = new PassThrough();
  const chunks = { stdout: [] as Buffer[], stderr: [] as Buffer[] };
  out.on('data', (c) => chunks.stdout.push(c));
  err.on('data', (c) => chunks.stderr.push(c));
  const io: CliIo = { stdout: out, stderr: err, stdin: new PassThrough(), env: { PATH: process.env.PATH, HOME: mkdtempSync(join(tmpdir(), 'home-')), ...env }, cwd };
  const code = await runCli(args, io);
  return { code, stdout: Buffer.concat(chunks.stdout).toString(), stderr: Buffer.concat(chunks.stderr).toString() };
}

let registry: TestRegistry;
let chart: PushedChart;
beforeAll(async () => {
  registry = await startRegistry({ mode: 'anonymous' });
  chart = await pushTestChart(registry, { repository: 'charts/web', version: '1.2.3+build.7', appVersion: '4.5.6' });
  await pushTestTags(registry, 'charts/web', ['1.0.0', 'latest']);
});
afterAll(() => registry?.stop());

test('tags: every tag, sorted; --json for scripts', async () => {
  const text = await cli(['tags', `oci://${registry.host}/charts/web`, '--insecure']);
  expect(text).toMatchObject({ code: 0, stderr: '' });
  expect(text.stdout.trim().split('\n')).toEqual(['1.0.0', '1.2.3_build.7', 'latest']);
  const json = await cli(['tags', `oci://${registry.host}/charts/web`, '--insecure', '--json']);
  expect(JSON.parse(json.stdout)).toEqual(['1.0.0', '1.2.3_build.7', 'latest']);
});

test('tags --version: the tags a range accepts, oldest first, and which one Flux pulls', async () => {
  const range = await cli(['tags', `oci://${registry.host}/charts/web`, '--insecure', '--version', '1.x']);
  expect(range.code).toBe(0);
  expect(range.stdout).toBe('1.0.0\n1.2.3_build.7\n');
  expect(range.stderr).toMatch(/^1\.x → 1\.2\.3_build\.7: what Flux pulls \(OCIRepository rules .*Flux 2\.9\); 2 of 3 tags match\n$/);
  const helm = await cli(['tags', `oci://${registry.host}/charts/web`, '--insecure', '--version', '<1.2.0', '--helm-repository', '--flux-version', '2.6', '--json']);
  expect(JSON.parse(helm.stdout)).toEqual(['1.0.0']);
  expect(helm.stderr).toMatch(/HelmRepository rules.*Flux 2\.6/);
  const none = await cli(['tags', `oci://${registry.host}/charts/web`, '--insecure', '--version', '>=3']);
  expect(none).toMatchObject({ code: 0, stdout: '' });
  expect(none.stderr).toMatch(/^>=3: no tag matches/);
  const badRelease = await cli(['tags', `oci://${registry.host}/charts/web`, '--insecure', '--version', '1.x', '--flux-version', '1.9']);
  expect(badRelease.code).toBe(2);
  expect(badRelease.stderr).toContain("--flux-version '1.9' is not a Flux release flux-oci knows");
});

test("show: the chart's Chart.yaml from its config blob, the version looked up with + as _", async () => {
  const shown = await cli(['show', `oci://${registry.host}/charts/web`, '--version', '1.2.3+build.7', '--insecure']);
  expect(shown.code).toBe(0);
  expect(parse(shown.stdout)).toMatchObject({ name: 'web', version: '1.2.3+build.7', appVersion: '4.5.6', apiVersion: 'v2' });
  const json = JSON.parse((await cli(['show', `oci://${registry.host}/charts/web:1.2.3_build.7`, '--insecure', '--json'])).stdout);
  expect(json).toMatchObject({ digest: chart.digest, metadata: { version: '1.2.3+build.7' } });
});

test('show --version <range>: resolved as Flux resolves it, the version picked said on stderr', async () => {
  const shown = await cli(['show', `oci://${registry.host}/charts/web`, '--version', '^1.1', '--insecure']);
  expect(shown.code).toBe(0);
  expect(parse(shown.stdout)).toMatchObject({ name: 'web', version: '1.2.3+build.7' });
  expect(shown.stderr).toMatch(/^\^1\.1 → 1\.2\.3_build\.7: what Flux pulls/);
  const none = await cli(['show', `oci://${registry.host}/charts/web`, '--version', '~2.0', '--insecure']);
  expect(none.code).toBe(1);
  expect(none.stderr).toContain(`no version of oci://${registry.host}/charts/web matches '~2.0'; there are 1.2.3+build.7`);
});

test('errors: one line saying what is wrong, exit 1; bad usage prints the usage, exit 2', async () => {
  const missing = await cli(['show', `oci://${registry.host}/charts/web`, '--version', '9.9.9', '--insecure']);
  expect(missing.code).toBe(1);
  expect(missing.stderr).toMatch(/^flux-oci show: .*9\.9\.9.*\n$/);
  expect(missing.stderr).not.toMatch(/\n\s+at /); // no stack trace

  const noRepo = await cli(['tags', `oci://${registry.host}/charts/nope`, '--insecure']);
  expect(noRepo).toMatchObject({ code: 1 });
  expect(noRepo.stderr).toMatch(/charts\/nope.*does not exist/);

  const usage = await cli(['show', `oci://${registry.host}/charts/web:1.0.0`, '--version', '1.0.0']);
  expect(usage.code).toBe(2);
  expect(usage.stderr).toMatch(/either as --version or in the reference, not both[\s\S]*Usage: flux-oci show/);
  // Without a version: the newest stable one, named on stderr.
  const newest = await cli(['show', `oci://${registry.host}/charts/web`, '--insecure']);
  expect(newest.code).toBe(0);
  expect(newest.stderr).toMatch(/^\* → 1\.2\.3_build\.7: what Flux pulls/);
  expect((await cli(['tags', 'oci://Example.com/Charts'])).stderr).toMatch(/^flux-oci tags: .*(uppercase|lowercase)/im);
  expect((await cli(['frobnicate'])).code).toBe(2);
});

test('lock: runs the cdk8s app with checks on, writes the lockfile, leaves dist/ alone; --update refreshes', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'flux-oci-lock-cli-'));
  writeLockApp(dir, registry.host);
  const env = TS_NODE_ENV;
  const first = await cli(['lock'], dir, env);
  expect(first.code).toBe(0);
  expect(first.stdout).toMatch(/flux-oci\.lock\.json: 1 chart\n {2}\+ oci:\/\/127\.0\.0\.1:\d+\/charts\/web 1\.x → 1\.2\.3\+build\.7/);
  const lock = JSON.parse(readFileSync(join(dir, 'flux-oci.lock.json'), 'utf8'));
  expect(Object.values(lock.charts)).toEqual([expect.objectContaining({ version: '1.2.3+build.7', tag: '1.2.3_build.7', digest: chart.digest })]);
  expect(() => readFileSync(join(dir, 'dist', 'apps.k8s.yaml'))).toThrow(/ENOENT/);

  await pushTestChart(registry, { repository: 'charts/web', version: '1.9.0' });
  expect((await cli(['lock'], dir, env)).stdout).toMatch(/1 chart, unchanged/);
  const updated = await cli(['lock', '--update'], dir, env);
  expect(updated.stdout).toMatch(/~ .*charts\/web 1\.x: 1\.2\.3\+build\.7 → 1\.9\.0/);
});

test('the flux-oci bin runs and exits with the command status', async () => {
  const run = promisify(execFile);
  const args = [transpiledSource('cli/main.js')];
  const ok = await run(process.execPath, [...args, 'tags', `oci://${registry.host}/charts/web`, '--insecure']);
  expect(ok.stdout).toContain('latest');
  const failed: any = await run(process.execPath, [...args, 'tags']).catch((e) => e);
  expect(failed.code).toBe(2);
  expect(failed.stderr).toMatch(/missing the repository reference/);
});
