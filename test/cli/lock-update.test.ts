import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cli, TS_NODE_ENV, writeLockApp } from './run-cli';
import { pushTestChart, PushedChart, startRegistry, TestRegistry } from '../support/registry';

// Two releases on two charts, both locked at 1.0.0 under '>=1.0.0'; then
// 1.0.1, 1.1.0 and 2.0.0 appear. Each test starts from that lockfile.
let registry: TestRegistry;
const pushed: Record<string, Record<string, PushedChart>> = { web: {}, api: {} };
let dir: string;
let lockfile: string;
let locked: string;

beforeAll(async () => {
  registry = await startRegistry({ mode: 'anonymous' });
  for (const chart of ['web', 'api']) pushed[chart]['1.0.0'] = await pushTestChart(registry, { repository: `charts/${chart}`, version: '1.0.0', description: chart });
  dir = mkdtempSync(join(tmpdir(), 'flux-oci-lock-update-'));
  lockfile = join(dir, 'flux-oci.lock.json');
  writeLockApp(dir, registry.host, { web: '>=1.0.0', api: '>=1.0.0' });
  const first = await cli(['lock'], { cwd: dir, env: TS_NODE_ENV });
  expect(first).toMatchObject({ code: 0 });
  locked = readFileSync(lockfile, 'utf8');
  for (const chart of ['web', 'api']) {
    for (const version of ['1.0.1', '1.1.0', '2.0.0']) {
      pushed[chart][version] = await pushTestChart(registry, { repository: `charts/${chart}`, version, description: chart });
    }
  }
}, 300_000);
afterAll(() => registry?.stop());
beforeEach(() => writeFileSync(lockfile, locked));

const key = (chart: string) => `oci://${registry.host}/charts/${chart} oci-repository >=1.0.0`;

/** The text of one entry in the lockfile, from its key line to its closing brace. */
function entryText(text: string, chart: string): string {
  const start = text.indexOf(`    ${JSON.stringify(key(chart))}: {`);
  expect(start).toBeGreaterThan(0);
  return text.slice(start, text.indexOf('    }', start) + 5);
}

/** The locked file with web's entry at `version` (and its digest): every other byte as it was. */
function lockedWithWebAt(version: string): string {
  const before = entryText(locked, 'web');
  const after = before
    .replace('"version": "1.0.0"', `"version": "${version}"`)
    .replace('"tag": "1.0.0"', `"tag": "${version}"`)
    .replace(pushed.web['1.0.0'].digest, pushed.web[version].digest);
  return locked.replace(before, after);
}

test('--update web --patch moves only web, to the newest 1.0.x; api\'s entry stays byte for byte', async () => {
  expect(entryText(locked, 'web')).toContain(pushed.web['1.0.0'].digest);
  const run = await cli(['lock', '--update', 'web', '--patch', '--json'], { cwd: dir, env: TS_NODE_ENV });
  expect(run).toMatchObject({ code: 0 });
  expect(readFileSync(lockfile, 'utf8')).toBe(lockedWithWebAt('1.0.1'));
  expect(JSON.parse(run.stdout).lockfiles).toEqual([{
    file: lockfile,
    charts: 2,
    added: [],
    changed: [{
      key: key('web'),
      releases: ['apps/web'],
      reference: `oci://${registry.host}/charts/web`,
      constraint: '>=1.0.0',
      version: '1.0.1',
      digest: pushed.web['1.0.1'].digest,
      previous: { version: '1.0.0', digest: pushed.web['1.0.0'].digest },
    }],
    removed: [],
    unchanged: 1,
    unused: [],
  }]);
}, 300_000);

test('--update apps/web --minor moves web to the newest 1.x; the plain text says so with short digests', async () => {
  const run = await cli(['lock', '--update', 'apps/web', '--minor'], { cwd: dir, env: TS_NODE_ENV });
  expect(run).toMatchObject({ code: 0 });
  expect(readFileSync(lockfile, 'utf8')).toBe(lockedWithWebAt('1.1.0'));
  const short = (d: string) => d.slice(0, 19);
  expect(run.stdout).toBe(`${lockfile}: 2 charts\n`
    + `  ~ oci://${registry.host}/charts/web >=1.0.0: 1.0.0 → 1.1.0 [${short(pushed.web['1.0.0'].digest)} → ${short(pushed.web['1.1.0'].digest)}] (apps/web)\n`);
}, 300_000);

test('--update web without a limit moves web to the newest in range; --markdown is a pull-request table', async () => {
  const run = await cli(['lock', '--update', 'web', '--markdown'], { cwd: dir, env: TS_NODE_ENV });
  expect(run).toMatchObject({ code: 0 });
  expect(readFileSync(lockfile, 'utf8')).toBe(lockedWithWebAt('2.0.0'));
  const short = (d: string) => d.slice(0, 19);
  expect(run.stdout).toBe([
    '### `flux-oci.lock.json`',
    '',
    '| Release | Chart | Constraint | Version | Digest |',
    '| --- | --- | --- | --- | --- |',
    `| \`apps/web\` | \`oci://${registry.host}/charts/web\` | \`>=1.0.0\` | 1.0.0 → 2.0.0 | \`${short(pushed.web['1.0.0'].digest)}\` → \`${short(pushed.web['2.0.0'].digest)}\` |`,
    '',
    '1 updated, 1 unchanged.',
    '',
  ].join('\n'));
}, 300_000);

test('a chart named by its whole reference moves; --patch without names moves every entry within its patch', async () => {
  const byReference = await cli(['lock', '--update', `oci://${registry.host}/charts/api`, '--patch', '--json'], { cwd: dir, env: TS_NODE_ENV });
  expect(byReference).toMatchObject({ code: 0 });
  expect(JSON.parse(byReference.stdout).lockfiles[0].changed.map((e: any) => `${e.releases}=${e.version}`)).toEqual(['apps/api=1.0.1']);
  expect(entryText(readFileSync(lockfile, 'utf8'), 'web')).toBe(entryText(locked, 'web'));

  writeFileSync(lockfile, locked);
  const all = await cli(['lock', '--update', '--patch', '--json'], { cwd: dir, env: TS_NODE_ENV });
  expect(all).toMatchObject({ code: 0 });
  expect(JSON.parse(all.stdout).lockfiles[0].changed.map((e: any) => `${e.releases}=${e.version}`).sort()).toEqual(['apps/api=1.0.1', 'apps/web=1.0.1']);
}, 300_000);

test('a name that matches no release or chart is a usage error with a suggestion, and writes nothing', async () => {
  const run = await cli(['lock', '--update', 'wbe'], { cwd: dir, env: TS_NODE_ENV });
  expect(run.code).toBe(2);
  expect(run.stderr).toContain("no release or chart the apps use is named 'wbe'; did you mean 'web'?");
  expect(run.stderr).toContain(`known names: api, apps/api, apps/web, oci://${registry.host}/charts/api, oci://${registry.host}/charts/web, web`);
  expect(readFileSync(lockfile, 'utf8')).toBe(locked);
}, 300_000);

test('names and limits need --update; --patch and --minor, --json and --markdown exclude each other', async () => {
  const usage = async (args: string[]) => {
    const run = await cli(['lock', ...args, '--app', 'true']);
    expect(run.code).toBe(2);
    return run.stderr;
  };
  expect(await usage(['web'])).toContain("'web': naming releases and --patch/--minor limit --update; add --update");
  expect(await usage(['--minor'])).toContain('--minor: naming releases and --patch/--minor limit --update; add --update');
  expect(await usage(['--update', '--patch', '--minor'])).toContain('--patch and --minor are two limits of one update; choose one');
  expect(await usage(['--json', '--markdown'])).toContain('--json and --markdown are two formats of the same report; choose one');
});
