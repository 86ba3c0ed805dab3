import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';

/**
 * The packed package installs and works for a cdk8s-only user: the Pulumi
 * peers are optional, so npm does not install them, and neither
 * `flux-oci` nor `flux-oci/cdk8s` needs them. Offline: npm's cache holds
 * the dependencies.
 */

const ROOT = join(__dirname, '..', '..');
let work: string;

function run(command: string, args: string[], cwd: string): { status: number | null; stdout: string; stderr: string } {
  const child = spawnSync(command, args, { cwd, encoding: 'utf8', env: { ...process.env, npm_config_update_notifier: 'false' } });
  return { status: child.status, stdout: child.stdout, stderr: child.stderr };
}

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((f) => {
    const p = join(dir, f);
    return statSync(p).isDirectory() ? sourceFiles(p) : p.endsWith('.ts') && !p.endsWith('.d.ts') ? [p] : [];
  });
}

const GENERATED = join('model', 'crd', 'generated');

/** lib/ as `projen compile` leaves it, rebuilt only when a source file is newer than its output. */
function ensureCompiled(): void {
  const inLib = (src: string) => join(ROOT, 'lib', relative(join(ROOT, 'src'), src));
  const generated = readdirSync(join(ROOT, 'src', GENERATED)).map((f) => join(ROOT, 'src', GENERATED, f));
  const outputs = [
    ...sourceFiles(join(ROOT, 'src')).map((src) => [src, inLib(src).replace(/\.ts$/, '.js')]),
    ...generated.map((src) => [src, inLib(src)]),
  ];
  const stale = outputs.some(([src, out]) => !existsSync(out) || statSync(out).mtimeMs < statSync(src).mtimeMs);
  if (!stale) return;
  // Type errors elsewhere in the tree do not block emit (noEmitOnError: false); the files checked below must exist.
  run(process.execPath, [require.resolve('typescript/bin/tsc'), '-p', 'tsconfig.json'], ROOT);
  // The compile task copies the generated validators and schemas, which tsc does not emit (.projenrc.ts).
  for (const file of generated) cpSync(file, inLib(file));
  for (const entry of ['index.js', 'cdk8s/index.js', 'pulumi/index.js']) {
    if (!existsSync(join(ROOT, 'lib', entry))) throw new Error(`compiling did not produce lib/${entry}`);
  }
}

beforeAll(() => {
  ensureCompiled();
  work = mkdtempSync(join(tmpdir(), 'flux-oci-pack-'));
});

afterAll(() => {
  if (work) rmSync(work, { recursive: true, force: true });
});

test('a cdk8s-only install gets no @pulumi package and can load flux-oci and flux-oci/cdk8s', () => {
  const pack = run('npm', ['pack', '--json', '--pack-destination', work], ROOT);
  expect(pack.status).toBe(0);
  const tarball = join(work, (JSON.parse(pack.stdout) as { filename: string }[])[0].filename);

  const consumer = join(work, 'consumer');
  mkdirSync(consumer);
  writeFileSync(join(consumer, 'package.json'), JSON.stringify({ name: 'consumer', version: '1.0.0', private: true }));
  let install = run('npm', ['install', '--offline', '--no-audit', '--no-fund', tarball, 'cdk8s', 'constructs'], consumer);
  if (install.status !== 0) install = run('npm', ['install', '--prefer-offline', '--no-audit', '--no-fund', tarball, 'cdk8s', 'constructs'], consumer);
  expect(install.stderr).not.toMatch(/ERR!/);
  expect(install.status).toBe(0);
  expect(existsSync(join(consumer, 'node_modules', 'flux-oci', 'lib', 'cdk8s', 'index.js'))).toBe(true);
  expect(existsSync(join(consumer, 'node_modules', '@pulumi'))).toBe(false);

  const load = run(process.execPath, ['-e', [
    "const cdk8s = require('flux-oci/cdk8s');",
    "const core = require('flux-oci');",
    "if (typeof cdk8s.ChartRelease !== 'function' || typeof core.buildHelmRelease !== 'function') throw new Error('missing exports');",
    // the packaged schemas, the generated validators and the CEL engine ship with the package
    "const release = { apiVersion: 'helm.toolkit.fluxcd.io/v2', kind: 'HelmRelease', metadata: { name: 'a', namespace: 'b' },",
    "  spec: { interval: '1m', chartRef: { kind: 'OCIRepository', name: 'a' }, chart: { spec: { chart: 'a', sourceRef: { kind: 'HelmRepository', name: 'r' } } } } };",
    "const problems = core.validateObject(release).map((p) => p.pointer + ': ' + p.message);",
    "if (problems.join() !== '/spec: either chart or chartRef must be set') throw new Error('validateObject: ' + problems.join());",
    'process.stdout.write(JSON.stringify(Object.keys(require.cache)));',
  ].join(' ')], consumer);
  expect(load.stderr).toBe('');
  expect(load.status).toBe(0);
  expect((JSON.parse(load.stdout) as string[]).filter((f) => f.includes('@pulumi'))).toEqual([]);

  // Only the Pulumi entry point needs the Pulumi peers, and says which one is missing.
  const pulumi = run(process.execPath, ['-e', "require('flux-oci/pulumi')"], consumer);
  expect(pulumi.status).not.toBe(0);
  expect(pulumi.stderr).toMatch(/Cannot find module '@pulumi\/(pulumi|kubernetes)'/);
});
