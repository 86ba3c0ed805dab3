import { spawnSync } from 'node:child_process';
import { copyFileSync, cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';

/**
 * The packed package as users get it from npm:
 * - a cdk8s-only install needs no Pulumi package (the Pulumi peers are
 *   optional), and neither `flux-oci` nor `flux-oci/cdk8s` loads one;
 * - its types compile in the stock project templates, without
 *   `skipLibCheck`: `cdk8s init typescript-app` (lib es2016, @types/node 14)
 *   and Pulumi's `typescript` (target es2020, nodenext, @types/node 18),
 *   for a program using every public construct (test/pulumi/consumers/);
 * - what it ships: the README's links resolve, API docs per entry point.
 * npm's cache holds the dependencies; the registry is asked only for what
 * it lacks.
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

let tarball: string;

beforeAll(() => {
  ensureCompiled();
  work = mkdtempSync(join(tmpdir(), 'flux-oci-pack-'));
  const pack = run('npm', ['pack', '--json', '--pack-destination', work], ROOT);
  if (pack.status !== 0) throw new Error(`npm pack failed: ${pack.stderr}`);
  tarball = join(work, (JSON.parse(pack.stdout) as { filename: string }[])[0].filename);
});

afterAll(() => {
  if (work) rmSync(work, { recursive: true, force: true });
});

/** `npm install` in `dir`, from npm's cache when it can. */
function install(dir: string, packages: string[]): void {
  let result = run('npm', ['install', '--offline', '--no-audit', '--no-fund', ...packages], dir);
  if (result.status !== 0) result = run('npm', ['install', '--prefer-offline', '--no-audit', '--no-fund', ...packages], dir);
  expect(result.stderr).not.toMatch(/ERR!/);
  expect(result.status).toBe(0);
}

/** The project's TypeScript compiler on its tsconfig, as `npx tsc` would run it; prints nothing when the program compiles. */
function compile(dir: string): { status: number | null; output: string } {
  const result = run(process.execPath, [join(dir, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', '.'], dir);
  return { status: result.status, output: (result.stdout + result.stderr).replace(/\x1b\[[0-9;]*m/g, '') };
}

const CONSUMERS = join(__dirname, 'consumers');
const CDK8S_TEMPLATE = join(ROOT, 'node_modules', 'cdk8s-cli', 'templates', 'typescript-app');

test('a cdk8s-only install gets no @pulumi package, compiles in the stock cdk8s template, and runs', () => {
  const consumer = join(work, 'cdk8s-app');
  mkdirSync(consumer);
  writeFileSync(join(consumer, 'package.json'), JSON.stringify({ name: 'consumer', version: '1.0.0', private: true }));
  // The template's own compiler settings and versions, from the cdk8s-cli the project tests with.
  copyFileSync(join(CDK8S_TEMPLATE, 'tsconfig.json'), join(consumer, 'tsconfig.json'));
  const template = JSON.parse(readFileSync(join(CDK8S_TEMPLATE, 'package.json'), 'utf8')) as { devDependencies: Record<string, string> };
  expect(JSON.parse(readFileSync(join(consumer, 'tsconfig.json'), 'utf8')).compilerOptions).toMatchObject({ lib: ['es2016'] });
  expect(template.devDependencies['@types/node']).toBe('^14');
  copyFileSync(join(CONSUMERS, 'cdk8s-app', 'main.ts'), join(consumer, 'main.ts'));
  install(consumer, [tarball, 'cdk8s', 'constructs', `@types/node@${template.devDependencies['@types/node']}`, `typescript@${template.devDependencies.typescript}`]);
  expect(existsSync(join(consumer, 'node_modules', 'flux-oci', 'lib', 'cdk8s', 'index.js'))).toBe(true);
  expect(existsSync(join(consumer, 'node_modules', '@pulumi'))).toBe(false);

  // The template compiles main.ts to main.js (noEmitOnError): no error, and then the program runs.
  const tsc = compile(consumer);
  expect(tsc.output).toBe('');
  expect(tsc.status).toBe(0);
  const synth = run(process.execPath, ['main.js'], consumer);
  expect(synth.stderr).toBe('');
  expect(synth.status).toBe(0);
  expect(readFileSync(join(consumer, 'dist', 'flux.k8s.yaml'), 'utf8')).toContain('kind: OCIRepository');

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

  // The code ships with its source maps beside it, not inline (each load would read and parse them):
  // under --enable-source-maps a stack trace names the TypeScript source line.
  const validateJs = join(consumer, 'node_modules', 'flux-oci', 'lib', 'model', 'crd', 'validate.js');
  expect(readFileSync(validateJs, 'utf8')).not.toContain('sourceMappingURL=data:');
  expect(existsSync(`${validateJs}.map`)).toBe(true);
  const trace = run(process.execPath, ['--enable-source-maps', '-e', "require('flux-oci').validateObject(42)"], consumer);
  expect(trace.status).not.toBe(0);
  expect(trace.stderr).toMatch(/not a Kubernetes object[\s\S]*src\/model\/crd\/validate\.ts:\d+:\d+/);

  // Only the Pulumi entry point needs the Pulumi peers, and says which one is missing.
  const pulumi = run(process.execPath, ['-e', "require('flux-oci/pulumi')"], consumer);
  expect(pulumi.status).not.toBe(0);
  expect(pulumi.stderr).toMatch(/Cannot find module '@pulumi\/(pulumi|kubernetes)'/);
}, 900_000);

test('a Pulumi program using every component compiles in the stock Pulumi typescript template', () => {
  const consumer = join(work, 'pulumi-app');
  cpSync(join(CONSUMERS, 'pulumi-app'), consumer, { recursive: true });
  const template = JSON.parse(readFileSync(join(consumer, 'package.json'), 'utf8')) as { devDependencies: Record<string, string> };
  const ours = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { devDependencies: Record<string, string> };
  install(consumer, [
    tarball,
    `@pulumi/pulumi@${ours.devDependencies['@pulumi/pulumi']}`,
    `@pulumi/kubernetes@${ours.devDependencies['@pulumi/kubernetes']}`,
    `@types/node@${template.devDependencies['@types/node']}`,
    `typescript@${template.devDependencies.typescript}`,
  ]);
  const tsc = compile(consumer);
  expect(tsc.output).toBe('');
  expect(tsc.status).toBe(0);
}, 900_000);

test('what ships: every relative link of the README and API.md names a file in the package; repository, homepage and bugs are set', () => {
  const listed = run('npm', ['pack', '--dry-run', '--json'], ROOT);
  const files = new Set((JSON.parse(listed.stdout) as { files: { path: string }[] }[])[0].files.map((f) => f.path));
  for (const doc of ['README.md', 'API.md']) {
    expect(files.has(doc)).toBe(true);
    // Links in prose: code blocks and code spans hold regexps and commands, not links.
    const text = readFileSync(join(ROOT, doc), 'utf8').replace(/```[\s\S]*?```/g, '').replace(/`[^`\n]*`/g, '');
    const relativeLinks = [...text.matchAll(/\]\(([^)#\s]+)(#[^)]*)?\)/g)].map((m) => m[1]).filter((l) => !/^[a-z]+:/i.test(l));
    expect(relativeLinks.filter((l) => !files.has(l.replace(/^\.\//, '')))).toEqual([]);
  }
  for (const page of ['docs/api/core.md', 'docs/api/cdk8s.md', 'docs/api/pulumi.md', 'docs/cli.md']) expect(files.has(page)).toBe(true);
  const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { repository: { url: string }; homepage: string; bugs: { url: string } };
  expect(pkg.repository.url).toMatch(/^https:\/\/github\.com\/.+\.git$/);
  expect(pkg.homepage).toMatch(/^https:\/\//);
  expect(pkg.bugs.url).toMatch(/^https:\/\/.+\/issues$/);
});
