import { chmod, mkdir, readFile, symlink, utimes, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { listWithSystemTar, run, TempDirs } from './support';
import { ArtifactError, buildArtifact, readTarGz } from '../../src/archives';

const temp = new TempDirs();
afterAll(() => temp.cleanup());

/** A Kubernetes config repository checkout, with what Flux leaves out by default. */
async function makeSource(): Promise<string> {
  const dir = join(await temp.make(), 'repo');
  const files: Record<string, string> = {
    '.git/HEAD': 'ref: refs/heads/main\n',
    '.git/objects/ab/cdef': 'blob',
    '.gitignore': 'dist/\n',
    '.gitmodules': '',
    'README.md': '# config\n',
    'deploy/app.yaml': 'kind: Deployment\n',
    'deploy/archive.tar.gz': 'not really gzip',
    'deploy/bundle.zip': 'zip',
    'deploy/secret/key.pem': 'secret',
    'img/photo.JPG': 'case matters',
    'img/diagram.png': 'png',
    'logo.png': 'png',
    'scripts/run.sh': '#!/bin/sh\n',
  };
  for (const [name, content] of Object.entries(files)) {
    await mkdir(join(dir, name, '..'), { recursive: true });
    await writeFile(join(dir, name), content);
  }
  await mkdir(join(dir, 'empty'));
  await chmod(join(dir, 'scripts', 'run.sh'), 0o755);
  await symlink('README.md', join(dir, 'link.md'));
  await symlink('deploy', join(dir, 'linkdir'));
  await run('mkfifo', [join(dir, 'pipe')]);
  return dir;
}

describe('buildArtifact', () => {
  let source: string;
  beforeAll(async () => {
    source = await makeSource();
  });

  test('archives what flux push artifact archives with the default ignore list, in WalkDir order', async () => {
    const artifact = await buildArtifact(source);
    const entries = readTarGz(artifact.bytes);
    // Derived from Flux's rules: .git/ and everything below it, .gitignore, .gitmodules,
    // *.tar.gz, *.zip and *.png are out; *.JPG is not *.jpg; the root "." is an entry.
    expect(entries.map((e) => [e.name, e.type])).toEqual([
      ['.', 'directory'],
      ['README.md', 'file'],
      ['deploy', 'directory'],
      ['deploy/app.yaml', 'file'],
      ['deploy/secret', 'directory'],
      ['deploy/secret/key.pem', 'file'],
      ['empty', 'directory'],
      ['img', 'directory'],
      ['img/photo.JPG', 'file'],
      ['scripts', 'directory'],
      ['scripts/run.sh', 'file'],
    ]);
    expect(artifact.files).toEqual(['README.md', 'deploy/app.yaml', 'deploy/secret/key.pem', 'img/photo.JPG', 'scripts/run.sh']);
  });

  test('skips symbolic links and other irregular files, and says which', async () => {
    const artifact = await buildArtifact(source);
    expect(artifact.skipped).toEqual([
      { path: 'link.md', reason: 'symlink' },
      { path: 'linkdir', reason: 'symlink' },
      { path: 'pipe', reason: 'irregular' },
    ]);
  });

  test('extra patterns add to the defaults; ! re-includes', async () => {
    const artifact = await buildArtifact(source, { ignore: ['deploy/secret/', '!logo.png', 'empty/'] });
    expect(readTarGz(artifact.bytes).map((e) => e.name)).toEqual([
      '.', 'README.md', 'deploy', 'deploy/app.yaml', 'img', 'img/photo.JPG', 'logo.png', 'scripts', 'scripts/run.sh',
    ]);
  });

  test('useDefaultIgnore: false replaces the defaults (flux --ignore-paths)', async () => {
    const artifact = await buildArtifact(source, { useDefaultIgnore: false, ignore: ['.git/'] });
    const names = readTarGz(artifact.bytes).map((e) => e.name);
    expect(names).toContain('.gitignore');
    expect(names).toContain('deploy/bundle.zip');
    expect(names).toContain('logo.png');
    expect(names.some((n) => n.startsWith('.git/'))).toBe(false);
  });

  test('zeroes owners and times, normalises modes, and reads back with the system tar and gzip', async () => {
    const artifact = await buildArtifact(source);
    for (const e of readTarGz(artifact.bytes)) {
      expect({ uid: e.uid, gid: e.gid, uname: e.uname, gname: e.gname, mtime: e.mtime }).toEqual({ uid: 0, gid: 0, uname: '', gname: '', mtime: 0 });
    }
    const file = join(await temp.make(), 'artifact.tgz');
    await writeFile(file, artifact.bytes);
    await run('gzip', ['-t', file]);
    const listing = await listWithSystemTar(file);
    const byName = Object.fromEntries(listing.map((l) => [l.name, l]));
    expect(byName['scripts/run.sh'].mode).toBe('-rwxr-xr-x');
    expect(byName['README.md'].mode).toBe('-rw-r--r--');
    expect(byName.deploy.mode).toBe('drwxr-xr-x');
    expect(new Set(listing.map((l) => l.owner))).toEqual(new Set(['0/0']));
    expect(new Set(listing.map((l) => l.date))).toEqual(new Set(['1970-01-01 00:00']));
    const out = await temp.make();
    await run('tar', ['-xzf', file, '-C', out]);
    expect(await readFile(join(out, 'deploy', 'app.yaml'), 'utf8')).toBe('kind: Deployment\n');
  });

  test('the same content gives the same bytes after mtimes and permissions change', async () => {
    const first = await buildArtifact(source);
    const later = new Date('2030-06-01T00:00:00Z');
    await utimes(join(source, 'README.md'), later, later);
    await utimes(join(source, 'deploy'), later, later);
    await chmod(join(source, 'deploy', 'app.yaml'), 0o600);
    const second = await buildArtifact(source);
    expect(second.bytes.equals(first.bytes)).toBe(true);
    expect(second.digest).toBe(first.digest);
    expect(first.digest).toMatch(/^sha256:[0-9a-f]{64}$/);
    await chmod(join(source, 'deploy', 'app.yaml'), 0o644);
  });

  test('changed content changes the digest', async () => {
    const dir = join(await temp.make(), 'small');
    await mkdir(dir);
    await writeFile(join(dir, 'a.yaml'), 'a: 1\n');
    const before = await buildArtifact(dir);
    await writeFile(join(dir, 'a.yaml'), 'a: 2\n');
    expect((await buildArtifact(dir)).digest).not.toBe(before.digest);
  });

  test('a single file is archived as "." plus the file, as flux stages it', async () => {
    const artifact = await buildArtifact(join(source, 'deploy', 'app.yaml'));
    expect(readTarGz(artifact.bytes).map((e) => e.name)).toEqual(['.', 'app.yaml']);
  });

  test('a missing path is an ArtifactError', async () => {
    const missing = join(source, 'nope');
    await expect(buildArtifact(missing)).rejects.toBeInstanceOf(ArtifactError);
    await expect(buildArtifact(missing)).rejects.toMatchObject({ code: 'FLUX_OCI_INVALID_ARTIFACT', message: expect.stringContaining('does not exist') });
  });
});
