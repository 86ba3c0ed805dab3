import { cpSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { compiledCli, pipeTo, removeScratch, scratchDir } from './run-cli';
import { COMMANDS } from '../../src/cli/commands';
import { writeChartDir, writeManifestDir } from '../publish/fixtures';
import { pushProjectChart } from '../support/project-charts';
import { pushTestChart, startRegistry, TestRegistry } from '../support/registry';

/**
 * The real process (the CLI compiled as the package ships it) in a shell
 * pipeline with `set -o pipefail`: a reader that stops early closes the
 * pipe, and flux-oci must end with its own exit code (0), not die of the
 * EPIPE its next write gets.
 */

let registry: TestRegistry;
beforeAll(async () => {
  compiledCli();
  registry = await startRegistry({ mode: 'anonymous' });
  // Over the pipe buffer (64 KiB): the write is still going on when `head -1` has its line and exits.
  await pushTestChart(registry, { repository: 'charts/big', version: '1.0.0', description: 'x'.repeat(300 * 1024) });
  await pushTestChart(registry, { repository: 'charts/web', version: '1.0.0' });
  await pushTestChart(registry, { repository: 'charts/web', version: '1.1.0' });
  await pushProjectChart(registry, 'charts', {
    'Chart.yaml': 'apiVersion: v2\nname: documented\nversion: 1.0.0\n',
    'values.yaml': 'replicaCount: 1\n',
    'values.schema.json': '{"type":"object"}\n',
    'README.md': '# documented\n',
  });
});
afterAll(async () => {
  await registry?.stop();
  removeScratch();
});

test('show --json | head -1: the reader leaves in the middle of a 300 KiB write; exit 0, no EPIPE', async () => {
  const run = await pipeTo(['show', `oci://${registry.host}/charts/big`, '--version', '1.0.0', '--plain-http', '--json'], 'head -1');
  expect(run).toEqual({ code: 0, stdout: '{\n', stderr: '' });
});

test('tags | head -1: exit 0', async () => {
  expect(await pipeTo(['tags', `oci://${registry.host}/charts/web`, '--plain-http'], 'head -1')).toEqual({ code: 0, stdout: '1.0.0\n', stderr: '' });
});

describe('start-up: a command loads its own implementation only, and --help none', () => {
  /** The files the compiled CLI loaded, printed at exit by a preload (NODE_OPTIONS), relative to the CLI's lib/ or node_modules/. */
  async function loadedBy(args: readonly string[]): Promise<string[]> {
    const preload = join(scratchDir('preload-'), 'loaded.js');
    writeFileSync(preload, "process.on('exit', () => process.stderr.write('\\n#loaded ' + JSON.stringify(Object.keys(require.cache)) + '\\n'));\n");
    const run = await pipeTo(args, 'cat >/dev/null', { NODE_OPTIONS: `--require ${preload}` });
    expect(run.code).toBe(0);
    const files: string[] = JSON.parse(/#loaded (.*)\n$/.exec(run.stderr)![1]);
    return files.map((f) => f.replace(/^.*?\/(lib|node_modules)\//, '$1/'));
  }

  test('--help: no command implementation, no undici, no yaml, no registry client', async () => {
    const loaded = await loadedBy(['--help']);
    expect(loaded).toContain('lib/cli/commands/tags.js');
    expect(loaded.filter((f) => /-run\.js$|^node_modules\/(undici|yaml)\/|^lib\/registry\/client\.js$/.test(f))).toEqual([]);
  });

  test('tags: its implementation, the registry client and undici; no other command, no yaml, no tag selection without --version', async () => {
    const loaded = await loadedBy(['tags', `oci://${registry.host}/charts/web`, '--plain-http']);
    expect(loaded).toEqual(expect.arrayContaining(['lib/cli/commands/tags-run.js', 'lib/registry/client.js']));
    expect(loaded.some((f) => f.startsWith('node_modules/undici/'))).toBe(true);
    expect(loaded.filter((f) => /-run\.js$/.test(f))).toEqual(['lib/cli/commands/tags-run.js']);
    expect(loaded.filter((f) => /^node_modules\/yaml\/|^lib\/versions\/select\/select-tag\.js$/.test(f))).toEqual([]);
  });
});

describe('every command, its output into a pipe whose reader has already left: exit 0, no EPIPE', () => {
  const home = mkdtempSync(join(tmpdir(), 'home-'));
  const runs: Record<string, () => Promise<readonly string[]> | readonly string[]> = {
    'tags': () => ['tags', `oci://${registry.host}/charts/web`, '--plain-http', '--json'],
    'show': () => ['show', `oci://${registry.host}/charts/web`, '--version', '1.0.0', '--plain-http', '--json'],
    'show chart': () => ['show', 'chart', `oci://${registry.host}/charts/web`, '--version', '1.0.0', '--plain-http', '--json'],
    'show values': () => ['show', 'values', `oci://${registry.host}/charts/web`, '--version', '1.0.0', '--plain-http', '--json'],
    'show readme': () => ['show', 'readme', `oci://${registry.host}/charts/documented`, '--version', '1.0.0', '--plain-http', '--json'],
    'show schema': () => ['show', 'schema', `oci://${registry.host}/charts/documented`, '--version', '1.0.0', '--plain-http', '--json'],
    'import': () => ['import', `oci://${registry.host}/charts/web`, '--version', '1.0.0', '--plain-http', '--json',
      '--output', mkdtempSync(join(tmpdir(), 'import-'))],
    'package': () => ['package', writeChartDir('epipe', '0.1.0'), '-d', mkdtempSync(join(tmpdir(), 'pkg-')), '--json'],
    'push chart': async () => {
      // A chart to push, packaged by the CLI itself.
      const packaged = await pipeTo(['package', writeChartDir('epipe-push', '0.1.0'), '-d', mkdtempSync(join(tmpdir(), 'pkg-')), '--json'], 'cat');
      return ['push', 'chart', JSON.parse(packaged.stdout).path, `oci://${registry.host}/charts`, '--plain-http', '--json'];
    },
    'push artifact': () => ['push', 'artifact', writeManifestDir({ 'a.yaml': 'a: 1\n' }), `oci://${registry.host}/manifests:v1`, '--plain-http', '--json',
      '--source', 'https://github.com/acme/app', '--revision', 'v1@sha1:0123abc'],
    'login': () => ['login', registry.host, '-u', 'me', '-p', 'pw', '--plain-http', '--json', '--config', join(home, 'config.json')],
    'logout': () => ['logout', registry.host, '--json', '--config', join(home, 'config.json')],
    'check': () => ['check', writeManifestDir({ 'a.yaml': 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: a\n' }), '--json'],
    'lock': () => ['lock', '--app', 'true', '--json', '--lockfile', join(home, 'flux-oci.lock.json')],
    'outdated': () => ['outdated', '--app', 'true', '--json'],
    'bump': () => {
      const dir = scratchDir('bump-epipe-');
      cpSync(join(__dirname, 'fixtures', 'bump-app'), dir, { recursive: true });
      return ['bump', 'web', '--to', '1.4.0', '--no-lock', '--json', '--entry', join(dir, 'main.ts')];
    },
  };

  test('covers every command', () => {
    expect(Object.keys(runs).sort()).toEqual(COMMANDS.map((c) => c.name.join(' ')).sort());
  });

  test.each(Object.keys(runs))('%s', async (name) => {
    // `true` exits at once, long before node has started: flux-oci's first write meets a closed pipe.
    const run = await pipeTo(await runs[name](), 'true');
    expect(run.stderr).not.toMatch(/EPIPE|Error/);
    expect(run.code).toBe(0);
  });
});
