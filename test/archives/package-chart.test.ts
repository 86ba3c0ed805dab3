import { chmod, cp, readdir, readFile, rm, stat, utimes, writeFile, mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { FIXTURES, listWithSystemTar, makeWebappChart, run, TempDirs } from './support';
import { ChartError, chartConfigJson, packageChart, readTarGz } from '../../src/archives';

const temp = new TempDirs();
afterAll(() => temp.cleanup());

/**
 * What `helm package` puts in the archive for the webapp fixture, derived by
 * hand from Helm's rules (helm `chartutil.Save` / `loader.LoadDir`):
 * Chart.yaml, Chart.lock, values.yaml, values.schema.json, then templates/,
 * then the other files (both in byte order per directory), then each
 * subchart under charts/<its Chart.yaml name>/ with the same layout.
 */
const EXPECTED_FILES = [
  'webapp/Chart.yaml',
  'webapp/Chart.lock',
  'webapp/values.yaml',
  'webapp/values.schema.json',
  'webapp/templates/NOTES.txt',
  'webapp/templates/_helpers.tpl',
  // templates/.hidden: Helm's default rule templates/.?*
  // templates/debug.tmp: *.tmp matches the base name at any depth
  'webapp/templates/deployment.yaml',
  'webapp/templates/sub/.keep', // templates/.?* does not reach subdirectories
  'webapp/templates/tests/test-connection.yaml',
  'webapp/.helmignore',
  // NOTES-local.md: /NOTES-local.md is rooted
  'webapp/README.md',
  // ci/: directory rule; docs/drafts/: directory rule with a slash
  'webapp/docs/guide.md',
  'webapp/files/NOTES-local.md', // the rooted rule does not match below the root
  'webapp/files/config.ini',
  'webapp/files/nested/deep/data.txt',
  // old.bak: *.bak after the negation still applies
  // scratch.tmp: *.tmp
  'webapp/scripts/run.sh',
  'webapp/secrets/README.md', // secrets/*.key only
  // values.yaml~: fails the allow-list !*[^~]
  // charts/_ignore_me: charts/ entries starting with _ are not subcharts
  'webapp/charts/cache/Chart.yaml',
  'webapp/charts/cache/values.yaml',
  'webapp/charts/cache/templates/.dotfile',
  'webapp/charts/cache/templates/cache.yaml',
  'webapp/charts/cache/.helmignore', // a subchart's .helmignore is not applied, just packaged
  'webapp/charts/cache/notes.txt',
  // charts/redis-6.1.0.tgz is expanded under the subchart's name
  'webapp/charts/redis/Chart.yaml',
  'webapp/charts/redis/values.yaml',
  'webapp/charts/redis/templates/redis.yaml',
];

/** The fixture's Chart.yaml as sigs.k8s.io/yaml writes it: sorted keys, comments and unknown keys gone. */
const EXPECTED_CHART_YAML = `annotations:
  artifacthub.io/license: Apache-2.0
  category: WebApp
  example.com/build-date: "2024-05-01"
  org.opencontainers.image.title: ignored-by-helm-push
apiVersion: v2
appVersion: "2.0"
dependencies:
- condition: cache.enabled
  name: cache
  repository: file://charts/cache
  version: 0.3.0
- alias: session-store
  import-values:
  - child: auth
    parent: redisAuth
  name: redis
  repository: oci://registry.example.com/charts
  tags:
  - sessions
  version: ~6.1.0
description: A web application with a cache and a redis subchart, packaged without
  helm to check that the archive matches helm package.
home: https://example.com/webapp
icon: https://example.com/webapp/icon.png
keywords:
- web
- "true"
kubeVersion: '>=1.25.0-0'
maintainers:
- email: jane@example.com
  name: Jane Doe
- name: Ops Team
  url: https://example.com/ops
name: webapp
sources:
- https://github.com/acme/webapp
- https://github.com/acme/charts
type: application
version: 1.4.0-rc.1+build.7
`;

const EXPECTED_CHART_LOCK = `dependencies:
- name: cache
  repository: file://charts/cache
  version: 0.3.0
- name: redis
  repository: oci://registry.example.com/charts
  version: 6.1.0
digest: sha256:0000000000000000000000000000000000000000000000000000000000000000
generated: "2024-05-01T10:20:30.5+02:00"
`;

function entryMap(bytes: Buffer) {
  return new Map(readTarGz(bytes).map((e) => [e.name, e]));
}

describe('packageChart on the webapp fixture', () => {
  let chartDir: string;
  beforeAll(async () => {
    chartDir = await makeWebappChart(temp);
  });

  test('archives exactly the files helm package would, in its order, under the chart name', async () => {
    const result = await packageChart(chartDir);
    expect(result.files).toEqual(EXPECTED_FILES);
    expect(readTarGz(result.bytes).map((e) => e.name)).toEqual(EXPECTED_FILES);
    expect(result.name).toBe('webapp');
    expect(chartDir.endsWith('web-src')).toBe(true);
  });

  test('names the file <name>-<version>.tgz keeping the + of the build metadata', async () => {
    const result = await packageChart(chartDir);
    expect(result.version).toBe('1.4.0-rc.1+build.7');
    expect(result.fileName).toBe('webapp-1.4.0-rc.1+build.7.tgz');
    expect(result.path).toBeUndefined();
    expect(result.digest).toMatch(/^sha256:[0-9a-f]{64}$/);
    const { createHash } = await import('node:crypto');
    expect(result.digest).toBe(`sha256:${createHash('sha256').update(result.bytes).digest('hex')}`);
  });

  test('rewrites Chart.yaml and Chart.lock the way helm re-serialises them', async () => {
    const entries = entryMap((await packageChart(chartDir)).bytes);
    expect(entries.get('webapp/Chart.yaml')!.data.toString()).toBe(EXPECTED_CHART_YAML);
    expect(entries.get('webapp/Chart.lock')!.data.toString()).toBe(EXPECTED_CHART_LOCK);
    expect(entries.get('webapp/charts/cache/Chart.yaml')!.data.toString())
      .toBe('apiVersion: v2\ndescription: in-memory cache\nname: cache\nversion: 0.3.0\n');
    expect(entries.get('webapp/charts/redis/Chart.yaml')!.data.toString())
      .toBe('apiVersion: v2\nappVersion: 7.2.4\nname: redis\nversion: 6.1.0\n');
  });

  test('copies other files byte for byte, minus a UTF-8 BOM', async () => {
    const entries = entryMap((await packageChart(chartDir)).bytes);
    for (const name of ['values.yaml', 'values.schema.json', 'templates/deployment.yaml', 'files/config.ini', 'scripts/run.sh']) {
      expect(entries.get(`webapp/${name}`)!.data.equals(await readFile(join(FIXTURES, 'web-src', name)))).toBe(true);
    }
    const helpers = entries.get('webapp/templates/_helpers.tpl')!.data;
    expect(helpers.subarray(0, 3).equals(Buffer.from([0xef, 0xbb, 0xbf]))).toBe(false);
    expect(helpers.equals(await readFile(join(FIXTURES, 'web-src', 'templates', '_helpers.tpl')))).toBe(true);
    expect(entries.get('webapp/charts/redis/templates/redis.yaml')!.data.toString()).toBe('kind: StatefulSet\n');
  });

  test('writes files only, mode 0644 even for an executable, owner 0/0 with no names, mtime 0', async () => {
    expect(((await stat(join(chartDir, 'scripts', 'run.sh'))).mode % 0o1000).toString(8)).toBe('755');
    for (const e of readTarGz((await packageChart(chartDir)).bytes)) {
      expect({ name: e.name, type: e.type, mode: e.mode, uid: e.uid, gid: e.gid, uname: e.uname, gname: e.gname, mtime: e.mtime })
        .toEqual({ name: e.name, type: 'file', mode: 0o644, uid: 0, gid: 0, uname: '', gname: '', mtime: 0 });
    }
  });

  test('stamps the mtime option on every entry', async () => {
    const when = new Date('2024-05-01T00:00:00Z');
    const entries = readTarGz((await packageChart(chartDir, { mtime: when })).bytes);
    expect(new Set(entries.map((e) => e.mtime))).toEqual(new Set([when.getTime() / 1000]));
  });

  test('the archive is read back by the system tar with fixed owners and times, and passes gzip -t', async () => {
    const out = await temp.make();
    const result = await packageChart(chartDir, { outputDir: join(out, 'dist') });
    expect(result.path).toBe(join(out, 'dist', 'webapp-1.4.0-rc.1+build.7.tgz'));
    expect((await readFile(result.path!)).equals(result.bytes)).toBe(true);
    const listing = await listWithSystemTar(result.path!);
    expect(listing.map((l) => l.name)).toEqual(EXPECTED_FILES);
    for (const line of listing) {
      expect({ mode: line.mode, owner: line.owner, date: line.date }).toEqual({ mode: '-rw-r--r--', owner: '0/0', date: '1970-01-01 00:00' });
    }
    await run('gzip', ['-t', result.path!]);
    const extracted = await temp.make();
    await run('tar', ['-xzf', result.path!, '-C', extracted]);
    expect(await readFile(join(extracted, 'webapp', 'Chart.yaml'), 'utf8')).toBe(EXPECTED_CHART_YAML);
  });

  test('the gzip header has helm\'s extra field and comment, no file name and no mtime', async () => {
    const bytes = (await packageChart(chartDir)).bytes;
    expect([...bytes.subarray(0, 3)]).toEqual([0x1f, 0x8b, 0x08]);
    expect(bytes[3]).toBe(0x14); // FEXTRA (0x04) and FCOMMENT (0x10), no FNAME (0x08)
    expect(bytes.readUInt32LE(4)).toBe(0);
    expect(bytes[9]).toBe(0xff);
    const extraLength = bytes.readUInt16LE(10);
    const commentStart = 12 + extraLength;
    expect(bytes.subarray(12, 14).toString('latin1')).toBe('rr');
    expect(bytes.subarray(commentStart, commentStart + 5).toString('latin1')).toBe('Helm\0');
  });
});

describe('packageChart reproducibility', () => {
  test('same bytes across runs and across copies with other mtimes, permissions and creation order', async () => {
    const first = await makeWebappChart(temp);
    const a = await packageChart(first);
    const b = await packageChart(first);
    expect(b.bytes.equals(a.bytes)).toBe(true);

    const second = join(await temp.make(), 'elsewhere');
    await copyInReverseOrder(first, second);
    await touchEverything(second, new Date('2031-02-03T04:05:06Z'));
    await chmod(join(second, 'values.yaml'), 0o600);
    await chmod(join(second, 'scripts', 'run.sh'), 0o700);
    await chmod(join(second, 'templates'), 0o700);
    const c = await packageChart(second);
    expect(c.bytes.equals(a.bytes)).toBe(true);
    expect(c.digest).toBe(a.digest);
  });
});

describe('packageChart overrides', () => {
  test('version and appVersion options rewrite Chart.yaml inside the archive and the file name', async () => {
    const chartDir = await makeWebappChart(temp);
    const result = await packageChart(chartDir, { version: '2.0.0+meta.1', appVersion: 'v9.9 beta' });
    expect(result.fileName).toBe('webapp-2.0.0+meta.1.tgz');
    expect(result.metadata.version).toBe('2.0.0+meta.1');
    expect(result.metadata.appVersion).toBe('v9.9 beta');
    const chartYaml = entryMap(result.bytes).get('webapp/Chart.yaml')!.data.toString();
    const parsed = parseYaml(chartYaml);
    expect(parsed.version).toBe('2.0.0+meta.1');
    expect(parsed.appVersion).toBe('v9.9 beta');
    expect(chartYaml).toContain('\nversion: 2.0.0+meta.1\n');
    expect(JSON.parse(chartConfigJson(result.metadata)).version).toBe('2.0.0+meta.1');
  });

  test('an appVersion override on a chart without one is placed in Go field order', async () => {
    const dir = await minimalChart('apiVersion: v2\nname: tiny\nversion: 0.1.0\ndescription: d\n');
    const result = await packageChart(dir, { appVersion: '1.0' });
    expect(Object.keys(result.metadata)).toEqual(['name', 'version', 'description', 'apiVersion', 'appVersion']);
    expect(entryMap(result.bytes).get('tiny/Chart.yaml')!.data.toString())
      .toBe('apiVersion: v2\nappVersion: "1.0"\ndescription: d\nname: tiny\nversion: 0.1.0\n');
  });

  test('a version option that is not strict SemVer is refused', async () => {
    const dir = await minimalChart('apiVersion: v2\nname: tiny\nversion: 0.1.0\n');
    await expect(packageChart(dir, { version: 'v1.0' })).rejects.toMatchObject({
      code: 'FLUX_OCI_INVALID_CHART', field: 'version', file: join(dir, 'Chart.yaml'),
    });
  });
});

describe('packageChart with vendored subcharts', () => {
  test('subcharts get Helm\'s load-time checks only, and a v1 subchart keeps requirements.yaml', async () => {
    const dir = await minimalChart('apiVersion: v2\nname: top\nversion: 1.0.0\ndependencies: [{name: old}]\n', {
      // A Helm 2 chart: apiVersion v1 (here implied), a numeric version, a nameless maintainer, requirements.yaml.
      'charts/old/Chart.yaml': 'name: old\nversion: 1.0\nmaintainers: [{email: a@example.com}]\n',
      'charts/old/requirements.yaml': 'dependencies:\n- name: inner\n  version: 0.1.0\n',
      'charts/old/templates/x.yaml': 'x: 1\n',
    });
    const result = await packageChart(dir);
    expect(result.files).toEqual(['top/Chart.yaml', 'top/charts/old/Chart.yaml', 'top/charts/old/templates/x.yaml', 'top/charts/old/requirements.yaml']);
    const entries = entryMap(result.bytes);
    // Helm reads version 1.0 as "1" and drops dependencies from a v1 Chart.yaml (they stay in requirements.yaml).
    expect(entries.get('top/charts/old/Chart.yaml')!.data.toString())
      .toBe('apiVersion: v1\nmaintainers:\n- email: a@example.com\nname: old\nversion: "1"\n');
  });

  test('the same leniency is not given to the chart being published', async () => {
    const dir = await minimalChart('apiVersion: v2\nname: top\nversion: 1.0\n');
    await expect(packageChart(dir)).rejects.toMatchObject({ field: 'version', message: expect.stringContaining('quote it') });
  });
});

describe('packageChart failures', () => {
  test('a dependency missing from charts/ is named, as helm package reports it', async () => {
    const chartDir = await makeWebappChart(temp);
    await rm(join(chartDir, 'charts', 'redis-6.1.0.tgz'));
    const error = await packageChart(chartDir).catch((e) => e);
    expect(error).toBeInstanceOf(ChartError);
    expect(error.field).toBe('dependencies');
    expect(error.file).toBe(join(chartDir, 'Chart.yaml'));
    expect(error.message).toContain('found in Chart.yaml, but missing in charts/ directory: redis');
    expect(error.message).toContain('helm dependency build');
  });

  test('Chart.yaml excluded by .helmignore is reported missing', async () => {
    const dir = await minimalChart('apiVersion: v2\nname: tiny\nversion: 0.1.0\n', { '.helmignore': 'Chart.yaml\n' });
    await expect(packageChart(dir)).rejects.toThrow(/Chart\.yaml file is missing/);
  });

  test('a chart name that cannot be an OCI repository component is refused', async () => {
    const dir = await minimalChart('apiVersion: v2\nname: My_Chart\nversion: 0.1.0\n');
    await expect(packageChart(dir)).rejects.toMatchObject({ field: 'name', message: expect.stringContaining('"My_Chart" cannot be an OCI repository name') });
  });

  test('invalid values.yaml and values.schema.json fail like helm', async () => {
    const badValues = await minimalChart('apiVersion: v2\nname: tiny\nversion: 0.1.0\n', { 'values.yaml': '- a list\n' });
    await expect(packageChart(badValues)).rejects.toMatchObject({ file: join(badValues, 'values.yaml') });
    const badSchema = await minimalChart('apiVersion: v2\nname: tiny\nversion: 0.1.0\n', { 'values.schema.json': '{"type":' });
    await expect(packageChart(badSchema)).rejects.toThrow(/invalid JSON in values\.schema\.json/);
  });

  test('a stray file in charts/ is not a subchart', async () => {
    const dir = await minimalChart('apiVersion: v2\nname: tiny\nversion: 0.1.0\n', { 'charts/README.md': 'hi\n' });
    await expect(packageChart(dir)).rejects.toMatchObject({ file: join(dir, 'charts', 'README.md') });
  });

  test('a .helmignore with ** is refused with the line number', async () => {
    const dir = await minimalChart('apiVersion: v2\nname: tiny\nversion: 0.1.0\n', { '.helmignore': '# c\nfoo/**/bar\n' });
    await expect(packageChart(dir)).rejects.toMatchObject({ file: join(dir, '.helmignore'), message: expect.stringContaining('line 2') });
  });

  test('a path that is not a directory is refused', async () => {
    const dir = await minimalChart('apiVersion: v2\nname: tiny\nversion: 0.1.0\n');
    await expect(packageChart(join(dir, 'Chart.yaml'))).rejects.toThrow(/is not a directory/);
    await expect(packageChart(join(dir, 'nope'))).rejects.toThrow(/ENOENT/);
  });
});

async function minimalChart(chartYaml: string, extra: Record<string, string> = {}): Promise<string> {
  const dir = join(await temp.make(), 'chart');
  await mkdir(dir, { recursive: true });
  await writeFile(join(dir, 'Chart.yaml'), chartYaml);
  for (const [name, content] of Object.entries(extra)) {
    await mkdir(join(dir, name, '..'), { recursive: true });
    await writeFile(join(dir, name), content);
  }
  return dir;
}

/** Copies a tree creating entries in reverse name order, so directory order on disk differs. */
async function copyInReverseOrder(from: string, to: string): Promise<void> {
  await mkdir(to, { recursive: true });
  const names = (await readdir(from, { withFileTypes: true })).sort((a, b) => (a.name < b.name ? 1 : -1));
  for (const entry of names) {
    if (entry.isDirectory()) await copyInReverseOrder(join(from, entry.name), join(to, entry.name));
    else await cp(join(from, entry.name), join(to, entry.name));
  }
}

async function touchEverything(dir: string, when: Date): Promise<void> {
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const p = join(dir, entry.name);
    if (entry.isDirectory()) await touchEverything(p, when);
    await utimes(p, when, when);
  }
}
