import { mkdir, readFile, symlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { listWithSystemTar, run, TempDirs } from './support';
import {
  ArtifactError, buildArtifact, ChartError, gzipDeterministic, packageChart, readTarGz, writeArtifact,
} from '../../src/archives';
import { gzipStages } from '../../src/archives/gzip';
import { computeDigest } from '../../src/foundation/digest';

/**
 * Inputs a chart or artifact directory can hold that must not be followed
 * silently or fail with an internal error: symbolic links (inside and
 * outside the chart), names that are not UTF-8, YAML alias bombs, and files
 * too large to hold in memory.
 */

const temp = new TempDirs();
afterAll(() => temp.cleanup());

const CHART_YAML = 'apiVersion: v2\nname: tiny\nversion: 0.1.0\n';

async function chartDir(files: Record<string, string | Buffer> = {}): Promise<string> {
  const dir = join(await temp.make(), 'chart');
  await mkdir(join(dir, 'templates'), { recursive: true });
  await writeFile(join(dir, 'Chart.yaml'), CHART_YAML);
  for (const [name, content] of Object.entries(files)) {
    await mkdir(join(dir, name, '..'), { recursive: true });
    await writeFile(join(dir, name), content);
  }
  return dir;
}

/** A file name with the bytes ff fe: not UTF-8. */
function nonUtf8Path(dir: string, suffix: string): Buffer {
  return Buffer.concat([Buffer.from(`${dir}/bad-`), Buffer.from([0xff, 0xfe]), Buffer.from(suffix)]);
}

describe('packageChart and symbolic links', () => {
  test('a link inside the chart is followed, archived under its own name and reported with its target', async () => {
    const dir = await chartDir({ 'files/real.yaml': 'kind: ConfigMap\n' });
    await symlink('../files/real.yaml', join(dir, 'templates', 'cm.yaml'));
    const chart = await packageChart(dir);
    expect(chart.files).toContain('tiny/templates/cm.yaml');
    const entry = readTarGz(chart.bytes).find((e) => e.name === 'tiny/templates/cm.yaml')!;
    expect(entry.type).toBe('file');
    expect(entry.data.toString()).toBe('kind: ConfigMap\n');
    expect(chart.symlinks).toEqual([{ path: join(dir, 'templates', 'cm.yaml'), target: join(dir, 'files', 'real.yaml'), outsideChart: false }]);
  });

  test('a link resolving outside the chart fails the package, naming the link and its target', async () => {
    const outside = join(await temp.make(), 'config.json');
    await writeFile(outside, '{"auths":{"ghcr.io":{"auth":"c2VjcmV0"}}}');
    const dir = await chartDir();
    await symlink(outside, join(dir, 'templates', 'x.yaml'));
    const error = await packageChart(dir).then(() => undefined, (e) => e);
    expect(error).toBeInstanceOf(ChartError);
    expect(error.file).toBe(join(dir, 'templates', 'x.yaml'));
    expect(error.message).toContain(`resolves to ${outside}, outside the chart directory`);
    expect(error.message).toContain('--allow-external-symlinks');
  });

  test('a directory link outside the chart fails too; allowExternalSymlinks packages it and reports it', async () => {
    const shared = join(await temp.make(), 'shared');
    await mkdir(shared);
    await writeFile(join(shared, 'common.yaml'), 'common: true\n');
    const dir = await chartDir();
    await symlink(shared, join(dir, 'templates', 'shared'));
    await expect(packageChart(dir)).rejects.toMatchObject({ file: join(dir, 'templates', 'shared') });
    const chart = await packageChart(dir, { allowExternalSymlinks: true });
    expect(chart.files).toContain('tiny/templates/shared/common.yaml');
    expect(chart.symlinks).toEqual([{ path: join(dir, 'templates', 'shared'), target: shared, outsideChart: true }]);
  });

  test('an outside link that .helmignore excludes is neither followed nor an error', async () => {
    const outside = join(await temp.make(), 'secret.txt');
    await writeFile(outside, 'secret');
    const dir = await chartDir({ '.helmignore': 'secret.txt\n' });
    await symlink(outside, join(dir, 'secret.txt'));
    const chart = await packageChart(dir);
    expect(chart.symlinks).toEqual([]);
    expect(chart.files).not.toContain('tiny/secret.txt');
  });
});

describe('names that are not UTF-8', () => {
  test('packageChart names the file, bytes escaped, instead of an internal ENOENT', async () => {
    const dir = await chartDir();
    await writeFile(nonUtf8Path(join(dir, 'templates'), '.yaml'), 'kind: ConfigMap\n');
    const error = await packageChart(dir).then(() => undefined, (e) => e);
    expect(error).toBeInstanceOf(ChartError);
    expect(error.file).toBe(join(dir, 'templates', 'bad-\\xff\\xfe.yaml'));
    expect(error.message).toMatch(/not valid UTF-8.*rename it or add it to \.helmignore/);
  });

  test('packageChart leaves such a file out when .helmignore matches it', async () => {
    const dir = await chartDir({ '.helmignore': 'bad-*\n' });
    await writeFile(nonUtf8Path(join(dir, 'templates'), '.yaml'), 'x');
    await expect(packageChart(dir)).resolves.toMatchObject({ files: ['tiny/Chart.yaml', 'tiny/.helmignore'] });
  });

  test('buildArtifact names the file, and leaves it out when an ignore pattern matches it', async () => {
    const dir = join(await temp.make(), 'manifests');
    await mkdir(dir);
    await writeFile(join(dir, 'ok.yaml'), 'a: 1\n');
    await writeFile(nonUtf8Path(dir, '.yaml'), 'b: 2\n');
    const error = await buildArtifact(dir).then(() => undefined, (e) => e);
    expect(error).toBeInstanceOf(ArtifactError);
    expect(error.subject).toBe(join(dir, 'bad-\\xff\\xfe.yaml'));
    expect(error.message).toMatch(/not valid UTF-8.*--ignore-paths/);
    expect((await buildArtifact(dir, { ignore: ['bad-*'] })).files).toEqual(['ok.yaml']);
  });
});

describe('YAML alias bombs', () => {
  /** Nine levels of nine aliases each: 9^9 nodes once expanded. */
  const LAUGHS = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]',
    ...'bcdefghi'.split('').map((n, i) => `${n}: &${n} [${Array(9).fill(`*${'abcdefghi'[i]}`).join(',')}]`)].join('\n') + '\n';

  test('in values.yaml: refused, naming the file', async () => {
    const dir = await chartDir({ 'values.yaml': LAUGHS });
    const error = await packageChart(dir).then(() => undefined, (e) => e);
    expect(error).toBeInstanceOf(ChartError);
    expect(error.file).toBe(join(dir, 'values.yaml'));
    expect(error.message).toMatch(/excessive aliasing/);
  });

  test('in Chart.yaml: refused, naming the file', async () => {
    const dir = await chartDir();
    await writeFile(join(dir, 'Chart.yaml'), `${CHART_YAML}annotations:\n  x: y\nlaughs:\n${LAUGHS.split('\n').map((l) => `  ${l}`).join('\n')}`);
    await expect(packageChart(dir)).rejects.toMatchObject({ file: join(dir, 'Chart.yaml'), message: expect.stringMatching(/excessive aliasing/) });
  });

  test('a few aliases are still fine', async () => {
    const dir = await chartDir({ 'values.yaml': 'base: &base {a: 1}\nother: *base\n' });
    await expect(packageChart(dir)).resolves.toMatchObject({ name: 'tiny' });
  });
});

describe('streamed artifacts', () => {
  test('writeArtifact writes the bytes buildArtifact returns, for small files and ones streamed in pieces', async () => {
    const dir = join(await temp.make(), 'mixed');
    await mkdir(join(dir, 'deep'), { recursive: true });
    const large = Buffer.alloc(3 * 1024 * 1024 + 17);
    for (let i = 0; i < large.length; i += 4096) large.write(`block ${i}\n`, i);
    await writeFile(join(dir, 'deep', 'large.bin'), large);
    for (let i = 0; i < 40; i++) await writeFile(join(dir, `m${String(i).padStart(2, '0')}.yaml`), `n: ${i}\n`);
    const inMemory = await buildArtifact(dir);
    const file = join(await temp.make(), 'layer.tgz');
    const written = await writeArtifact(dir, file);
    const bytes = await readFile(file);
    expect(bytes.equals(inMemory.bytes)).toBe(true);
    expect(written).toEqual({ path: file, size: bytes.length, digest: computeDigest(bytes), files: inMemory.files, skipped: [] });
    await run('gzip', ['-t', file]);
    const listing = await listWithSystemTar(file);
    expect(listing.find((l) => l.name === 'deep/large.bin')?.size).toBe(large.length);
    const out = await temp.make();
    await run('tar', ['-xzf', file, '-C', out]);
    expect((await readFile(join(out, 'deep', 'large.bin'))).equals(large)).toBe(true);
  });

  test('the gzip stream stages give the bytes gzipDeterministic gives', async () => {
    const data = Buffer.from('abc'.repeat(100000) + 'xyz');
    const chunks: Buffer[] = [];
    const [measure, deflate, frame] = gzipStages({ comment: 'c', extra: Buffer.from('rr\x02\x00ab', 'latin1') });
    const { pipeline } = await import('node:stream/promises');
    const { Readable } = await import('node:stream');
    await pipeline(Readable.from([data.subarray(0, 7), data.subarray(7)]), measure, deflate, frame, async (source: AsyncIterable<Buffer>) => {
      for await (const c of source) chunks.push(c);
    });
    expect(Buffer.concat(chunks).equals(gzipDeterministic(data, { comment: 'c', extra: Buffer.from('rr\x02\x00ab', 'latin1') }))).toBe(true);
  });
});
