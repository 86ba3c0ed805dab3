import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { PassThrough } from 'node:stream';
import { CliIo } from '../../src/cli/io';
import { runCli } from '../../src/cli/run';
import { pushTestChart, startRegistry, TestRegistry } from '../support/registry';
import { transpiledSource } from '../support/transpiled-source';

const ROOT = resolve(__dirname, '..', '..');
const FIXTURE = join(__dirname, 'fixtures', 'bump-app');

async function cli(args: string[], cwd: string, env: NodeJS.ProcessEnv = {}): Promise<{ code: number; stdout: string; stderr: string }> {
  const out = new PassThrough();
  const err = new PassThrough();
  const chunks = { stdout: [] as Buffer[], stderr: [] as Buffer[] };
  out.on('data', (c) => chunks.stdout.push(c));
  err.on('data', (c) => chunks.stderr.push(c));
  const io: CliIo = { stdout: out, stderr: err, stdin: new PassThrough(), env: { PATH: process.env.PATH, HOME: mkdtempSync(join(tmpdir(), 'home-')), ...env }, cwd };
  const code = await runCli(args, io);
  return { code, stdout: Buffer.concat(chunks.stdout).toString(), stderr: Buffer.concat(chunks.stderr).toString() };
}

/** A copy of the fixture program, with a cdk8s.yaml whose app runs main.ts. */
function project(): string {
  const dir = mkdtempSync(join(tmpdir(), 'flux-oci-bump-'));
  cpSync(FIXTURE, dir, { recursive: true });
  writeFileSync(join(dir, 'cdk8s.yaml'), `language: typescript\napp: node -r ${JSON.stringify(require.resolve('ts-node/register/transpile-only'))} main.ts\n`);
  // The fixture imports flux-oci and cdk8s by name; point them at this checkout.
  for (const file of ['main.ts', 'releases.ts']) {
    const path = join(dir, file);
    writeFileSync(path, readFileSync(path, 'utf8')
      .replace("from 'flux-oci/cdk8s'", `from ${JSON.stringify(transpiledSource('cdk8s'))}`)
      .replace("from 'cdk8s'", `from ${JSON.stringify(require.resolve('cdk8s'))}`));
  }
  // The project's own TypeScript, as a cdk8s project has one.
  cpSync(join(ROOT, 'node_modules', 'typescript'), join(dir, 'node_modules', 'typescript'), { recursive: true });
  return dir;
}

/** The lines that differ between two texts, by number. */
function changedLines(before: string, after: string): number[] {
  const a = before.split('\n');
  const b = after.split('\n');
  expect(b.length).toBe(a.length);
  return a.flatMap((line, i) => (line === b[i] ? [] : [i + 1]));
}

describe('bump --to: rewrites exactly one literal', () => {
  test.each([
    ['by construct path', 'apps/web', 'main.ts', "    version: '1.2.3', // pinned", "    version: '1.4.0', // pinned"],
    ['by id', 'web', 'main.ts', "    version: '1.2.3', // pinned", "    version: '1.4.0', // pinned"],
    ['by chart name', 'worker-chart', 'releases.ts', '  version: "0.3.x",', '  version: "1.4.0",'],
    ['a Pulumi-shaped call (name, args)', 'queue', 'releases.ts', '  version: `2.0.0`,', '  version: `1.4.0`,'],
  ])('%s: only that line changes, quote style kept', async (_how, release, file, before, after) => {
    const dir = project();
    const original = readFileSync(join(dir, file), 'utf8');
    const run = await cli(['bump', release, '--to', '1.4.0', '--no-lock'], dir);
    expect(run).toMatchObject({ code: 0, stderr: '' });
    const edited = readFileSync(join(dir, file), 'utf8');
    const lines = changedLines(original, edited);
    expect(lines).toHaveLength(1);
    expect(original.split('\n')[lines[0] - 1]).toBe(before);
    expect(edited.split('\n')[lines[0] - 1]).toBe(after);
    expect(run.stdout).toMatch(new RegExp(`version '.*' → '1\\.4\\.0' \\(${file.replace('.', '\\.')}:${lines[0]}\\)`));
  });

  test('--json reports what moved', async () => {
    const dir = project();
    const run = await cli(['bump', 'web', '--to', '1.3.0', '--no-lock', '--json'], dir);
    expect(JSON.parse(run.stdout)).toEqual({ release: 'web', from: '1.2.3', to: '1.3.0', file: 'main.ts', line: expect.any(Number), locked: false });
  });
});

describe('bump refuses what is not a literal, with file:line and why', () => {
  test.each([
    ['computed', 'the variable .CHANNEL.'],
    ['templated', 'a template string with substitutions'],
    ['called', 'a function call'],
  ])('%s version', async (id, what) => {
    const dir = project();
    const before = readFileSync(join(dir, 'releases.ts'), 'utf8');
    const run = await cli(['bump', id, '--to', '2.0.0', '--no-lock'], dir);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(new RegExp(`releases\\.ts:\\d+: version is ${what}, not a string literal`));
    expect(readFileSync(join(dir, 'releases.ts'), 'utf8')).toBe(before);
  });

  test('an unknown or ambiguous release lists what the program has', async () => {
    const dir = project();
    expect((await cli(['bump', 'nope', '--to', '1.0.0'], dir)).stderr).toMatch(/no ChartRelease named 'nope'; the program has .*main\.ts:\d+ \(id 'web', chart 'web'\)/);
    expect((await cli(['bump', 'twin', '--to', '1.0.0'], dir)).stderr).toMatch(/'twin' names 2 ChartReleases/);
    expect((await cli(['bump', 'web', '--to', 'not a version'], dir)).stderr).toMatch(/--to 'not a version' is neither a version nor a range/);
  });
});

describe('bump against a registry', () => {
  let registry: TestRegistry;
  beforeAll(async () => {
    registry = await startRegistry({ mode: 'anonymous' });
    for (const version of ['1.2.3', '1.5.0', '2.0.0-rc.1']) await pushTestChart(registry, { repository: 'charts/web', version });
  });
  afterAll(() => registry?.stop());

  test('without --to: the newest stable version, found through the lockfile; then the app is re-locked', async () => {
    const dir = project();
    const main = join(dir, 'main.ts');
    writeFileSync(main, readFileSync(main, 'utf8').replace('oci://registry.example.com/charts', `oci://${registry.host}/charts`));
    writeFileSync(join(dir, 'main.ts'), readFileSync(main, 'utf8').replace('// CHECKED', "FluxOci.configure(app, { resolve: { mode: 'auto' } });"));
    const env = { TS_NODE_PROJECT: join(ROOT, 'tsconfig.dev.json'), BUMP_FIXTURE_WEB_ONLY: '1' };
    const locked = await cli(['lock'], dir, env);
    expect(locked.stderr).toBe('');
    expect(locked.code).toBe(0);

    // The lockfile entry does not say that the source is plain HTTP: without the flag, the TLS failure names it, and nothing is edited.
    const before = readFileSync(main, 'utf8');
    const overTls = await cli(['bump', 'apps/web'], dir, env);
    expect(overTls.code).toBe(1);
    expect(overTls.stderr).toMatch(/does not speak TLS on this port .*\n {2}\(for a registry that serves plain HTTP, pass --plain-http\)\n$/);
    expect(readFileSync(main, 'utf8')).toBe(before);

    const run = await cli(['bump', 'apps/web', '--insecure'], dir, env);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/web: version '1\.2\.3' → '1\.5\.0' \(main\.ts:\d+\)/);
    expect(readFileSync(main, 'utf8')).toContain("version: '1.5.0', // pinned");
    const lock = JSON.parse(readFileSync(join(dir, 'flux-oci.lock.json'), 'utf8'));
    expect(Object.values<any>(lock.charts).map((e) => `${e.constraint}=${e.version}`)).toContain('1.5.0=1.5.0');
  });
});
