import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { parseAllDocuments } from 'yaml';
import { pushTestChart, PushedChart, startRegistry, TestRegistry } from '../support/registry';
import { transpiledSource } from '../support/transpiled-source';
import { expectValid } from '../support/validate';

const ROOT = resolve(__dirname, '..', '..');
const CDK8S = join(ROOT, 'node_modules', '.bin', 'cdk8s');
const run = promisify(execFile);

let registry: TestRegistry;
let pushed: PushedChart;
beforeAll(async () => {
  registry = await startRegistry({ mode: 'anonymous' });
  pushed = await pushTestChart(registry, { repository: 'charts/web', version: '3.1.4' });
});
afterAll(() => registry?.stop());

/** A cdk8s project as `cdk8s init` lays it out (the entry script at `entry`), importing flux-oci from this checkout. */
function cdk8sProject(version: string, entry = 'main.ts'): string {
  const dir = mkdtempSync(join(tmpdir(), 'flux-oci-cdk8s-cli-'));
  writeFileSync(join(dir, 'cdk8s.yaml'), `language: typescript\napp: node -r ${JSON.stringify(require.resolve('ts-node/register/transpile-only'))} ${entry}\n`);
  mkdirSync(join(dir, entry, '..'), { recursive: true });
  writeFileSync(join(dir, entry), `
import { App, Chart } from ${JSON.stringify(require.resolve('cdk8s'))};
import { ChartRelease, OciHelmSource } from ${JSON.stringify(transpiledSource('cdk8s'))};
const app = new App();
const chart = new Chart(app, 'apps', { namespace: 'flux-system' });
const source = new OciHelmSource(chart, 'charts', { url: 'oci://${registry.host}/charts', insecure: true });
new ChartRelease(chart, 'web', { source, chart: 'web', version: '${version}', pin: 'digest' });
app.synth();
`);
  return dir;
}

// FLUX_OCI_RESOLVE is unset for the program, as on a user's machine (jest sets it to 'off').
const env = (): NodeJS.ProcessEnv => {
  const e: NodeJS.ProcessEnv = { ...process.env, TS_NODE_PROJECT: join(ROOT, 'tsconfig.dev.json') };
  delete e.FLUX_OCI_RESOLVE;
  return e;
};

test('`cdk8s synth` resolves against the registry and writes the lockfile beside the program', async () => {
  const dir = cdk8sProject('^3.1.0');
  await run(CDK8S, ['synth'], { cwd: dir, env: env() });
  const objects = readdirSync(join(dir, 'dist')).flatMap((f) => parseAllDocuments(readFileSync(join(dir, 'dist', f), 'utf8')).map((d) => d.toJS()));
  expectValid(objects);
  expect(objects.find((o) => o.kind === 'OCIRepository').spec.ref).toEqual({ tag: '3.1.4', digest: pushed.digest });
  const lock = JSON.parse(readFileSync(join(dir, 'flux-oci.lock.json'), 'utf8'));
  expect(Object.values(lock.charts)).toEqual([expect.objectContaining({ version: '3.1.4', digest: pushed.digest })]);
});

test('`cdk8s synth` with a version that does not exist fails with the construct path and writes nothing', async () => {
  const dir = cdk8sProject('3.1.5');
  const error: any = await run(CDK8S, ['synth'], { cwd: dir, env: env() }).then(() => undefined, (e) => e);
  expect(error).toBeDefined();
  expect(`${error.stdout}${error.stderr}`).toMatch(/\[apps\/web\] chart oci:\/\/127\.0\.0\.1:\d+\/charts\/web version '3\.1\.5' failed the registry check \(version-not-found\).*nearest: 3\.1\.4/);
  expect(readdirSync(join(dir, 'dist'), { withFileTypes: true }).filter((f) => f.isFile())).toEqual([]);
});

test('the app run from another folder (its entry script in src/) finds the lockfile `cdk8s synth` wrote beside cdk8s.yaml', async () => {
  const dir = cdk8sProject('^3.1.0', 'src/main.ts');
  await run(CDK8S, ['synth'], { cwd: dir, env: env() });
  expect(existsSync(join(dir, 'flux-oci.lock.json'))).toBe(true);

  const elsewhere = mkdtempSync(join(tmpdir(), 'flux-oci-elsewhere-'));
  // 'locked': only the lockfile can answer; a lockfile looked for in the working directory would have no entry.
  await run(process.execPath, ['-r', require.resolve('ts-node/register/transpile-only'), join(dir, 'src', 'main.ts')], {
    cwd: elsewhere, env: { ...env(), FLUX_OCI_RESOLVE: 'locked', CDK8S_OUTDIR: join(elsewhere, 'dist') },
  });
  const objects = parseAllDocuments(readFileSync(join(elsewhere, 'dist', 'apps.k8s.yaml'), 'utf8')).map((d) => d.toJS());
  expect(objects.find((o) => o.kind === 'OCIRepository').spec.ref).toEqual({ tag: '3.1.4', digest: pushed.digest });
  expect(readdirSync(elsewhere)).toEqual(['dist']);
  expect(existsSync(join(dir, 'src', 'flux-oci.lock.json'))).toBe(false);
});
