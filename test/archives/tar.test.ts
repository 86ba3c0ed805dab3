import { randomBytes } from 'node:crypto';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { listWithSystemTar, run, TempDirs } from './support';
import { findTarGzEntry, gzipDeterministic, readTar, readTarGz, TarEntryInput, TarError, writeTar, writeTarGz } from '../../src/archives';

const temp = new TempDirs();
afterAll(() => temp.cleanup());

const USTAR_SPLIT_NAME = `${'d'.repeat(60)}/${'e'.repeat(60)}/${'f'.repeat(20)}.yaml`; // 146 bytes, splittable
const PAX_NAME = `${'g'.repeat(170)}/${'h'.repeat(120)}.txt`; // neither part fits USTAR
const UNICODE_NAME = 'docs/café/naïve-résumé.md';

const ENTRIES: TarEntryInput[] = [
  { name: 'dir', type: 'directory', mode: 0o755 },
  { name: 'dir/a.txt', type: 'file', mode: 0o644, data: Buffer.from('alpha\n') },
  { name: 'dir/run.sh', type: 'file', mode: 0o755, data: Buffer.from('#!/bin/sh\n') },
  { name: 'empty', type: 'file', mode: 0o644 },
  { name: 'block', type: 'file', mode: 0o644, data: Buffer.alloc(512, 0x61) },
  { name: USTAR_SPLIT_NAME, type: 'file', mode: 0o644, data: Buffer.from('split\n') },
  { name: PAX_NAME, type: 'file', mode: 0o644, data: Buffer.from('pax\n') },
  { name: UNICODE_NAME, type: 'file', mode: 0o644, data: Buffer.from('unicode\n') },
];

describe('writeTar', () => {
  test('round-trips through readTar with names, types, modes and content intact', () => {
    const read = readTar(writeTar(ENTRIES));
    expect(read.map((e) => [e.name, e.type, e.mode, e.data.toString()])).toEqual(
      ENTRIES.map((e) => [e.name, e.type, e.mode, e.type === 'file' ? (e.data ?? Buffer.alloc(0)).toString() : '']));
  });

  test('uses USTAR where the name fits, the prefix field for long ASCII paths, PAX otherwise', () => {
    const read = readTar(writeTar(ENTRIES));
    const format = Object.fromEntries(read.map((e) => [e.name, e.format]));
    expect(format['dir/a.txt']).toBe('ustar');
    expect(format[USTAR_SPLIT_NAME]).toBe('ustar');
    expect(format[PAX_NAME]).toBe('pax');
    expect(format[UNICODE_NAME]).toBe('pax');
  });

  test('writes Go archive/tar header fields: NUL-terminated octal, ustar magic, checksum then space', () => {
    const tar = writeTar([{ name: 'a.txt', type: 'file', mode: 0o644, data: Buffer.from('x') }]);
    const header = tar.subarray(0, 512);
    expect(header.subarray(100, 108).toString('latin1')).toBe('0000644\0');
    expect(header.subarray(108, 116).toString('latin1')).toBe('0000000\0');
    expect(header.subarray(124, 136).toString('latin1')).toBe('00000000001\0');
    expect(header.subarray(136, 148).toString('latin1')).toBe('00000000000\0');
    expect(header.subarray(257, 265).toString('latin1')).toBe('ustar\u000000');
    expect(header.subarray(265, 329).every((b) => b === 0)).toBe(true); // empty uname/gname
    expect(header[155]).toBe(0x20);
    expect(String.fromCharCode(header[156])).toBe('0');
    // Two zero blocks close the archive; no padding to a 10 KiB record.
    expect(tar.length).toBe(512 + 512 + 1024);
  });

  test('names the PAX header as Go does: <dir>/PaxHeaders.0/<file>', () => {
    const tar = writeTar([{ name: PAX_NAME, type: 'file', mode: 0o644 }]);
    expect(String.fromCharCode(tar[156])).toBe('x');
    const paxName = tar.subarray(0, 100).toString('latin1').replace(/\0+$/, '');
    expect(paxName).toBe(`${'g'.repeat(170)}/PaxHeaders.0/${'h'.repeat(120)}.txt`.slice(0, 100));
    const record = tar.subarray(512, 512 + 512).toString('utf8');
    const expectedBody = ` path=${PAX_NAME}\n`;
    const length = expectedBody.length + String(expectedBody.length + 3).length;
    expect(record.startsWith(`${length}${expectedBody}`)).toBe(true);
  });

  test('stamps the given mtime rounded to seconds, and refuses times before 1970', () => {
    const read = readTar(writeTar([{ name: 'a', type: 'file', mode: 0o644 }], { mtime: new Date(1_700_000_000_600) }));
    expect(read[0].mtime).toBe(1_700_000_001);
    expect(() => writeTar([], { mtime: new Date(-1000) })).toThrow(TarError);
  });

  test('refuses names and modes it cannot write', () => {
    expect(() => writeTar([{ name: '', type: 'file', mode: 0o644 }])).toThrow(/name "" is invalid/);
    expect(() => writeTar([{ name: 'a\0b', type: 'file', mode: 0o644 }])).toThrow(TarError);
    expect(() => writeTar([{ name: 'a', type: 'file', mode: 0o10000 }])).toThrow(/mode 4096/);
  });

  test('the same entries give the same bytes, gzipped too', () => {
    expect(writeTarGz(ENTRIES).equals(writeTarGz(ENTRIES))).toBe(true);
  });
});

describe('archives read by the system tools', () => {
  test('tar lists every name, owner 0/0 and the fixed time; gzip -t passes', async () => {
    const dir = await temp.make();
    const file = join(dir, 'a.tgz');
    await writeFile(file, writeTarGz(ENTRIES, { mtime: new Date('2020-01-02T03:04:00Z') }));
    await run('gzip', ['-t', file]);
    const listing = await listWithSystemTar(file);
    expect(listing.map((l) => l.name)).toEqual(ENTRIES.map((e) => e.name));
    expect(new Set(listing.map((l) => l.owner))).toEqual(new Set(['0/0']));
    expect(new Set(listing.map((l) => l.date))).toEqual(new Set(['2020-01-02 03:04']));
    expect(listing.map((l) => l.mode)).toEqual(['drwxr-xr-x', '-rw-r--r--', '-rwxr-xr-x', '-rw-r--r--', '-rw-r--r--', '-rw-r--r--', '-rw-r--r--', '-rw-r--r--']);
  });

  test('tar extracts long and non-ASCII names with their content', async () => {
    const dir = await temp.make();
    const file = join(dir, 'a.tgz');
    await writeFile(file, writeTarGz(ENTRIES));
    const out = join(dir, 'out');
    await mkdir(out);
    await run('tar', ['-xzf', file, '-C', out]);
    expect(await readFile(join(out, PAX_NAME), 'utf8')).toBe('pax\n');
    expect(await readFile(join(out, USTAR_SPLIT_NAME), 'utf8')).toBe('split\n');
    expect(await readFile(join(out, UNICODE_NAME), 'utf8')).toBe('unicode\n');
  });

  test('readTarGz reads what GNU tar writes (long names, directories, owners)', async () => {
    const dir = await temp.make();
    const src = join(dir, 'src');
    await mkdir(join(src, 'd'.repeat(120)), { recursive: true });
    await writeFile(join(src, 'd'.repeat(120), `${'n'.repeat(110)}.txt`), 'gnu\n');
    await writeFile(join(src, 'top.txt'), 'top\n');
    const file = join(dir, 'gnu.tgz');
    await run('tar', ['--sort=name', '--format=gnu', '-czf', file, '-C', src, '.']);
    const entries = readTarGz(await readFile(file));
    const long = entries.find((e) => e.name.endsWith('.txt') && e.name.includes('nnn'))!;
    expect(long.name).toBe(`./${'d'.repeat(120)}/${'n'.repeat(110)}.txt`);
    expect(long.data.toString()).toBe('gnu\n');
    expect(entries.find((e) => e.name === './top.txt')!.data.toString()).toBe('top\n');
    expect(entries.filter((e) => e.type === 'directory').length).toBeGreaterThanOrEqual(2);
  });
});

describe('readTarGz errors', () => {
  test('not gzip, corrupted header, truncated content', () => {
    expect(() => readTarGz(Buffer.from('plain text'))).toThrow(/not a gzip archive/);
    const tar = writeTar([{ name: 'a.txt', type: 'file', mode: 0o644, data: Buffer.alloc(600, 1) }]);
    const corrupt = Buffer.from(tar);
    corrupt[0] = 0x41;
    expect(() => readTar(corrupt)).toThrow(/checksum/);
    expect(() => readTar(tar.subarray(0, 700))).toThrow(/truncated/);
    expect(() => readTarGz(gzipDeterministic(Buffer.alloc(4096, 0x61)), { maxBytes: 1024 })).toThrow(/more than 1024 bytes/);
  });
});

describe('findTarGzEntry', () => {
  // Random content does not compress: the entry after it sits ~4 MiB into the gzip stream.
  const noise = randomBytes(4 * 1024 * 1024);
  const archive = writeTarGz([
    { name: 'web/Chart.yaml', type: 'file', mode: 0o644, data: Buffer.from('name: web\n') },
    { name: 'web/files/noise.bin', type: 'file', mode: 0o644, data: noise },
    { name: 'web/values.yaml', type: 'file', mode: 0o644, data: Buffer.from('replicas: 2\n') },
  ]);

  test('returns the first entry it is asked for, with its content, wherever it sits', () => {
    expect(findTarGzEntry(archive, (e) => e.name === 'web/Chart.yaml')?.data.toString()).toBe('name: web\n');
    expect(findTarGzEntry(archive, (e) => e.name.endsWith('.yaml') && e.name !== 'web/Chart.yaml')?.data.toString()).toBe('replicas: 2\n');
    expect(findTarGzEntry(archive, (e) => e.name === 'web/files/noise.bin')?.data.equals(noise)).toBe(true);
  });

  test('undefined when no entry matches; a cut-off or non-gzip archive is an error', () => {
    expect(findTarGzEntry(archive, (e) => e.name === 'web/missing')).toBeUndefined();
    expect(() => findTarGzEntry(archive.subarray(0, archive.length - 5000), (e) => e.name === 'web/missing')).toThrow(TarError);
    expect(() => findTarGzEntry(Buffer.from('plain text'), () => true)).toThrow(/not a gzip archive/);
  });
});

describe('gzipDeterministic', () => {
  test('header has no name and mtime 0, OS 255; the data round-trips', () => {
    const data = Buffer.from('hello hello hello\n');
    const gz = gzipDeterministic(data);
    expect([...gz.subarray(0, 10)]).toEqual([0x1f, 0x8b, 0x08, 0x00, 0, 0, 0, 0, 0x02, 0xff]);
    expect(gunzipSync(gz).equals(data)).toBe(true);
  });

  test('extra field and comment are framed per RFC 1952 and still decompress', () => {
    const gz = gzipDeterministic(Buffer.from('x'), { extra: Buffer.from('ab\x01\x00z', 'latin1'), comment: 'note', level: 1 });
    expect(gz[3]).toBe(0x14);
    expect(gz[8]).toBe(0x04);
    expect(gz.readUInt16LE(10)).toBe(5);
    expect(gz.subarray(17, 22).toString('latin1')).toBe('note\0');
    expect(gunzipSync(gz).toString()).toBe('x');
  });
});
