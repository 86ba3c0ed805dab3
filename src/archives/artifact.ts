import { createWriteStream, Dirent } from 'node:fs';
import { realpath, stat } from 'node:fs/promises';
import { basename, join, resolve } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { ArtifactEntry, artifactTarChunks } from './artifact-content';
import { readDirEntries } from './dir-entries';
import { ArtifactError } from './errors';
import { FluxIgnore } from './flux-ignore';
import { gzipStages } from './gzip';
import { createDigester } from '../foundation/digest';

/** Options of {@link buildArtifact}. */
export interface BuildArtifactOptions {
  /**
   * More ignore patterns, gitignore syntax as Flux applies it (see
   * {@link FluxIgnore}); one pattern per element (no comma splitting).
   * `flux push artifact --add-ignore-paths`, or with `useDefaultIgnore: false`,
   * `--ignore-paths`.
   * @default - none
   */
  readonly ignore?: readonly string[];
  /**
   * Start from Flux's default ignore list
   * (`.git/,.gitignore,.gitmodules,.gitattributes,*.jpg,*.jpeg,*.gif,*.png,*.wmv,*.flv,*.tar.gz,*.zip`).
   * @default true
   */
  readonly useDefaultIgnore?: boolean;
}

/** A path left out for its type, not by an ignore pattern. */
export interface SkippedPath {
  /** Relative to the artifact root. */
  readonly path: string;
  /** `symlink`: Flux skips links (`--resolve-symlinks` copies targets); `irregular`: socket, FIFO or device. */
  readonly reason: 'symlink' | 'irregular';
}

/** A built Flux artifact layer. */
export interface FluxArtifact {
  /** tar+gzip: the `application/vnd.cncf.flux.content.v1.tar+gzip` layer. */
  readonly bytes: Buffer;
  /** `sha256:<hex>` of `bytes`. */
  readonly digest: string;
  /** Regular files in archive order, relative paths. */
  readonly files: readonly string[];
  /** Symbolic links and irregular files that were not archived (ignored paths are not listed). */
  readonly skipped: readonly SkippedPath[];
}

/** A Flux artifact layer written to a file by {@link writeArtifact}. */
export interface WrittenArtifact extends Omit<FluxArtifact, 'bytes'> {
  /** The file written. */
  readonly path: string;
  /** Its size in bytes. */
  readonly size: number;
}

/**
 * Archives a directory (or a single file) as `flux build artifact` /
 * `flux push artifact` do (fluxcd/pkg `oci/build.go`, `tar/tar.go`): the root
 * `.` and every directory and regular file below it, in Go `WalkDir` order,
 * relative `/` names, uid/gid 0, empty owner names, mtime 0; symbolic links
 * and irregular files skipped and reported (Flux skips them silently).
 *
 * Unlike Flux, which copies each file's permission bits (so the digest
 * depends on the umask), modes are normalised: directories 0755, files 0644,
 * or 0755 when any execute bit is set.
 *
 * The layer is returned in memory; {@link writeArtifact} streams the same
 * bytes to a file for content of any size.
 *
 * @param path the directory (or file) to archive
 * @throws ArtifactError when the path does not exist, or a name is not UTF-8 (and not ignored)
 */
export async function buildArtifact(path: string, options: BuildArtifactOptions = {}): Promise<FluxArtifact> {
  const plan = await planArtifact(path, options);
  const digester = createDigester();
  const parts: Buffer[] = [];
  await pipeline(Readable.from(artifactTarChunks(plan.entries)), ...gzipStages(), async (gz: AsyncIterable<Buffer>) => {
    for await (const chunk of gz) {
      digester.update(chunk);
      parts.push(chunk);
    }
  });
  return { bytes: Buffer.concat(parts), digest: digester.digest(), files: plan.files, skipped: plan.skipped };
}

/**
 * {@link buildArtifact}, streamed into `file` (created or replaced): memory
 * use does not depend on the size of the files archived. Files up to 8 GiB
 * each (the USTAR size field).
 *
 * @param path the directory (or file) to archive
 * @param file where the tar+gzip layer is written
 */
export async function writeArtifact(path: string, file: string, options: BuildArtifactOptions = {}): Promise<WrittenArtifact> {
  const plan = await planArtifact(path, options);
  const digester = createDigester();
  let size = 0;
  const measure = async function* (gz: AsyncIterable<Buffer>): AsyncGenerator<Buffer> {
    for await (const chunk of gz) {
      digester.update(chunk);
      size += chunk.length;
      yield chunk;
    }
  };
  await pipeline(Readable.from(artifactTarChunks(plan.entries)), ...gzipStages(), measure, createWriteStream(file));
  return { path: file, size, digest: digester.digest(), files: plan.files, skipped: plan.skipped };
}

/** What the walk found: entries in archive order, before any content is read. */
interface ArtifactPlan {
  readonly entries: readonly ArtifactEntry[];
  readonly files: readonly string[];
  readonly skipped: readonly SkippedPath[];
}

async function planArtifact(path: string, options: BuildArtifactOptions): Promise<ArtifactPlan> {
  const source = resolve(path);
  let root: string;
  try {
    root = await realpath(source);
  } catch (e) {
    throw new ArtifactError(source, 'does not exist; give a directory (or a single file) to archive', { cause: e });
  }
  const patterns = [...(options.useDefaultIgnore ?? true ? FluxIgnore.DEFAULT_PATTERNS : []), ...(options.ignore ?? [])];
  const ignore = new FluxIgnore(patterns);
  const entries: ArtifactEntry[] = [{ name: '.', type: 'directory' }];
  const skipped: SkippedPath[] = [];
  const rootStats = await stat(root);
  if (rootStats.isDirectory()) {
    await walk(root, '', ignore, entries, skipped);
  } else if (rootStats.isFile()) {
    const name = basename(source);
    if (!ignore.ignores(name, false)) entries.push({ name, type: 'file', abs: root });
  } else {
    throw new ArtifactError(source, 'is neither a directory nor a regular file');
  }
  return { entries, files: entries.filter((e) => e.type === 'file').map((e) => e.name), skipped };
}

async function walk(dir: string, rel: string, ignore: FluxIgnore, entries: ArtifactEntry[], skipped: SkippedPath[]): Promise<void> {
  for (const child of await readDirEntries(dir)) {
    const childRel = rel === '' ? child.name : `${rel}/${child.name}`;
    const isDir = child.dirent.isDirectory();
    // Flux does not prune an ignored directory: a later `!pattern` may re-include something below it.
    const ignored = ignore.ignores(childRel, isDir);
    if (!child.utf8) {
      // Not even a `!pattern` can name what lies below such a directory, so an ignored one is skipped whole.
      if (ignored) continue;
      throw new ArtifactError(join(dir, child.printable),
        'the file name is not valid UTF-8 (bytes shown as \\xNN); Flux artifacts carry UTF-8 names, so rename it or leave it out with an ignore pattern (--ignore-paths)');
    }
    const abs = join(dir, child.name);
    if (isDir) {
      if (!ignored) entries.push({ name: childRel, type: 'directory' });
      await walk(abs, childRel, ignore, entries, skipped);
    } else if (!ignored) {
      const kind = typeOf(child.dirent);
      if (kind === 'file') entries.push({ name: childRel, type: 'file', abs });
      else skipped.push({ path: childRel, reason: kind });
    }
  }
}

function typeOf(d: Dirent<Buffer>): 'file' | 'symlink' | 'irregular' {
  if (d.isFile()) return 'file';
  if (d.isSymbolicLink()) return 'symlink';
  return 'irregular';
}
