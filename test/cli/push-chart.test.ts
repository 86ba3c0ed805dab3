import { createHash } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cli } from './run-cli';
import { packageChart } from '../../src/archives';
import { writeChartDir } from '../publish/fixtures';
import { skopeo, skopeoInspectRaw, startRegistry, TestRegistry } from '../support/registry';

let registry: TestRegistry;
beforeAll(async () => { registry = await startRegistry({ mode: 'anonymous' }); });
afterAll(() => registry?.stop());

/** The digest of the manifest skopeo reads for `repo:tag` (`skopeo inspect` itself wants an image config, not Helm's). */
async function skopeoDigest(reference: string): Promise<string> {
  const result = await skopeo(registry, ['inspect', '--raw', `docker://${registry.host}/${reference}`]);
  expect(result.exitCode).toBe(0);
  return `sha256:${createHash('sha256').update(result.stdout).digest('hex')}`;
}

/** Packages `dir` with the CLI and returns the archive's path. */
async function packaged(dir: string, env: NodeJS.ProcessEnv = {}): Promise<string> {
  const run = await cli(['package', dir, '-d', mkdtempSync(join(tmpdir(), 'pkg-')), '--json'], { env });
  expect(run.code).toBe(0);
  return JSON.parse(run.stdout).path;
}

const created = async (reference: string) => (await skopeoInspectRaw(registry, reference)).annotations?.['org.opencontainers.image.created'];

describe('push chart is reproducible', () => {
  test('the same chart packaged and pushed twice, seconds apart, has one digest', async () => {
    const dir = writeChartDir('twice', '1.0.0');
    const first = await cli(['push', 'chart', await packaged(dir), `oci://${registry.host}/first`, '--plain-http', '--json']);
    expect(first.code).toBe(0);
    // `created` has whole seconds: a clock-based value would differ now.
    await new Promise((r) => setTimeout(r, 1100));
    const second = await cli(['push', 'chart', await packaged(dir), `oci://${registry.host}/second`, '--plain-http', '--json']);
    expect(second.code).toBe(0);
    const digest = await skopeoDigest('first/twice:1.0.0');
    expect(await skopeoDigest('second/twice:1.0.0')).toBe(digest);
    expect(JSON.parse(first.stdout).digest).toBe(digest);
    expect(await created('first/twice:1.0.0')).toBe('1970-01-01T00:00:00Z');
  });

  test('SOURCE_DATE_EPOCH dates the package entries and the push alike', async () => {
    const env = { SOURCE_DATE_EPOCH: '1700000000' };
    const dir = writeChartDir('dated', '1.0.0');
    const archive = await packaged(dir, env);
    expect((await cli(['push', 'chart', archive, `oci://${registry.host}/sde`, '--plain-http'], { env })).code).toBe(0);
    expect(await created('sde/dated:1.0.0')).toBe('2023-11-14T22:13:20Z');
    // Without the variable, the time comes from the archive's own Chart.yaml entry: the same value.
    expect((await cli(['push', 'chart', archive, `oci://${registry.host}/sde-again`, '--plain-http'])).code).toBe(0);
    expect(await skopeoDigest('sde-again/dated:1.0.0')).toBe(await skopeoDigest('sde/dated:1.0.0'));

    const bad = await cli(['push', 'chart', archive, `oci://${registry.host}/sde`, '--plain-http'], { env: { SOURCE_DATE_EPOCH: 'yesterday' } });
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/^flux-oci push chart: SOURCE_DATE_EPOCH="yesterday" is not a number of seconds since 1970-01-01 UTC/);
  });

  test("an archive made elsewhere (entries dated, as helm package dates them): created = its Chart.yaml entry's time", async () => {
    const chart = await packageChart(writeChartDir('helmmade', '2.0.0'), { mtime: new Date('2025-03-04T05:06:07Z') });
    const file = join(mkdtempSync(join(tmpdir(), 'pkg-')), chart.fileName);
    writeFileSync(file, chart.bytes);
    expect((await cli(['push', 'chart', file, `oci://${registry.host}/elsewhere`, '--plain-http'])).code).toBe(0);
    expect(await created('elsewhere/helmmade:2.0.0')).toBe('2025-03-04T05:06:07Z');
  });
});

describe('the destination is the repository the chart name is appended to', () => {
  test('a destination with the chart name and version: refused with the exact destination to write and what it pushes; following it works', async () => {
    const archive = await packaged(writeChartDir('web', '0.1.0+build.1'));
    const tagged = await cli(['push', 'chart', archive, `oci://${registry.host}/charts/web:0.1.0`, '--plain-http']);
    expect(tagged.code).toBe(2);
    expect(tagged.stderr.split('\n')[0]).toBe(`flux-oci push chart: oci://${registry.host}/charts/web:0.1.0 has a tag (':0.1.0'), but the destination is the repository path `
      + `the chart name is appended to, and the chart's version is the tag: write oci://${registry.host}/charts, which pushes web 0.1.0+build.1 to oci://${registry.host}/charts/web:0.1.0_build.1`);

    const followed = await cli(['push', 'chart', archive, `oci://${registry.host}/charts`, '--plain-http', '--json']);
    expect(followed).toMatchObject({ code: 0, stderr: '' });
    expect(JSON.parse(followed.stdout).reference).toBe(`oci://${registry.host}/charts/web:0.1.0_build.1`);

    const parentTagged = await cli(['push', 'chart', archive, `oci://${registry.host}/charts:0.1.0`, '--plain-http']);
    expect(parentTagged.stderr).toContain(`write oci://${registry.host}/charts, which pushes web 0.1.0+build.1 to oci://${registry.host}/charts/web:0.1.0_build.1`);
  });

  test('a chart directory instead of its archive: says to package it first, exit 2', async () => {
    const dir = writeChartDir('unpacked', '1.0.0');
    const run = await cli(['push', 'chart', dir, `oci://${registry.host}/charts`, '--plain-http']);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(new RegExp(`^flux-oci push chart: ${dir} is a directory; push takes the packaged chart: flux-oci package ${dir}, then push the .tgz it writes\n`));
  });

  test('a destination ending in the chart name: pushed as helm would (name appended again), with a note saying where and how to avoid it', async () => {
    const archive = await packaged(writeChartDir('api', '1.0.0'));
    const run = await cli(['push', 'chart', archive, `oci://${registry.host}/team/api`, '--plain-http']);
    expect(run.code).toBe(0);
    expect(run.stderr).toBe(`Note: the chart name is appended to the destination path: this pushes to oci://${registry.host}/team/api/api:1.0.0; `
      + `for oci://${registry.host}/team/api:1.0.0 give oci://${registry.host}/team\n`);
    expect(run.stdout).toMatch(new RegExp(`^Pushed: ${registry.host.replace(/\./g, '\\.')}/team/api/api:1\\.0\\.0\n`));
  });
});
