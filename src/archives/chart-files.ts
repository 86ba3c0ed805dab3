import { Stats } from 'node:fs';
import { lstat, readFile, realpath, stat } from 'node:fs/promises';
import { join, posix } from 'node:path';
import { MAX_CHART_ARCHIVE_BYTES, MAX_CHART_FILE_BYTES } from './content-limits';
import { readDirEntries } from './dir-entries';
import { ChartError, HelmIgnoreSyntaxError } from './errors';
import { HelmIgnore } from './helmignore';
import { readTarGz, TarReadEntry } from './tar-reader';
import { isWithin } from '../foundation/paths';

/**
 * The files Helm reads for a chart: from a directory (helm `LoadDir`) or from
 * a packaged subchart (helm `LoadArchiveFiles`). Names are relative to the
 * chart root, `/`-separated; a UTF-8 BOM is stripped from every file.
 */
export interface ChartFile {
  readonly name: string;
  readonly data: Buffer;
}

export { MAX_CHART_FILE_BYTES, MAX_CHART_ARCHIVE_BYTES };

const BOM = Buffer.from([0xef, 0xbb, 0xbf]);

/** A symbolic link `helm package` follows: the file or directory it resolves to is archived under the link's name. */
export interface FollowedSymlink {
  /** Absolute path of the link. */
  readonly path: string;
  /** Absolute path it resolves to. */
  readonly target: string;
  /** Whether the target lies outside the chart directory. */
  readonly outsideChart: boolean;
}

/** Options of {@link readChartDirectory}. */
export interface ChartDirectoryOptions {
  /**
   * Follow symbolic links that resolve outside the chart directory (Helm
   * always does); otherwise such a link fails the read, naming it.
   * @default false
   */
  readonly allowExternalSymlinks?: boolean;
}

/** What {@link readChartDirectory} read. */
export interface ChartDirectory {
  readonly files: ChartFile[];
  /** Every symbolic link followed, in walk order (ignored links are not followed). */
  readonly symlinks: FollowedSymlink[];
}

/**
 * Walks a chart directory as `helm package` does: `.helmignore` rules (plus
 * `templates/.?*`), entries in byte order per directory, symbolic links
 * followed (each one reported), an ignored directory skipped whole,
 * anything but regular files and directories refused. Unlike Helm, a link
 * that resolves outside the chart directory is refused unless
 * `allowExternalSymlinks` (`templates/x.yaml -> ~/.docker/config.json`
 * would otherwise be packaged and pushed), and a name that is not UTF-8 is
 * refused unless ignored.
 *
 * @param root absolute path of the chart directory
 */
export async function readChartDirectory(root: string, options: ChartDirectoryOptions = {}): Promise<ChartDirectory> {
  const rules = await loadHelmIgnore(root);
  const rootReal = await realpath(root);
  const files: ChartFile[] = [];
  const symlinks: FollowedSymlink[] = [];
  const walk = async (absPath: string, rel: string, ancestors: readonly string[]): Promise<void> => {
    const info = await resolvedStat(absPath, rel, root);
    if (rel !== '') {
      if (rules.ignores(rel, info.stats.isDirectory())) return;
    }
    if (info.link) {
      const link = { path: absPath, target: info.real, outsideChart: !isWithin(rootReal, info.real) };
      if (link.outsideChart && !options.allowExternalSymlinks) {
        throw new ChartError({
          file: absPath,
          reason: `symbolic link resolves to ${info.real}, outside the chart directory ${rootReal}; its contents would be packaged ` +
            'and pushed with the chart. Replace the link with a copy, add it to .helmignore, or allow links outside the chart ' +
            '(flux-oci package --allow-external-symlinks, packageChart option allowExternalSymlinks)',
        });
      }
      symlinks.push(link);
    }
    if (info.stats.isDirectory()) {
      if (ancestors.includes(info.real)) {
        throw new ChartError({ file: join(root, rel), reason: `symbolic link loop: ${rel} leads back to ${info.real}; remove the link or add it to .helmignore` });
      }
      for (const entry of await readDirEntries(absPath)) {
        const childRel = rel === '' ? entry.name : `${rel}/${entry.name}`;
        if (!entry.utf8) {
          if (rules.ignores(childRel, entry.dirent.isDirectory())) continue;
          throw new ChartError({
            file: join(absPath, entry.printable),
            reason: 'the file name is not valid UTF-8 (bytes shown as \\xNN); chart archives carry UTF-8 names, so rename it or add it to .helmignore',
          });
        }
        await walk(join(absPath, entry.name), childRel, [...ancestors, info.real]);
      }
      return;
    }
    if (!info.stats.isFile()) {
      throw new ChartError({ file: absPath, reason: 'cannot package an irregular file (socket, device or FIFO); remove it or add it to .helmignore' });
    }
    if (info.stats.size > MAX_CHART_FILE_BYTES) {
      throw new ChartError({ file: absPath, reason: `is ${info.stats.size} bytes; Helm refuses chart files larger than ${MAX_CHART_FILE_BYTES} bytes (add it to .helmignore)` });
    }
    files.push({ name: rel, data: stripBom(await readFile(absPath)) });
  };
  await walk(root, '', []);
  return { files, symlinks };
}

async function loadHelmIgnore(root: string): Promise<HelmIgnore> {
  const file = join(root, '.helmignore');
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return HelmIgnore.defaults();
    throw new ChartError({ file, reason: `cannot read: ${(e as Error).message}` }, { cause: e });
  }
  try {
    return HelmIgnore.parse(text);
  } catch (e) {
    if (e instanceof HelmIgnoreSyntaxError) throw new ChartError({ file, reason: e.message }, { cause: e });
    throw e;
  }
}

/** lstat, and for a symbolic link the target (Helm follows links and logs them). */
async function resolvedStat(absPath: string, rel: string, root: string): Promise<{ stats: Stats; real: string; link: boolean }> {
  const link = await lstat(absPath);
  if (!link.isSymbolicLink()) return { stats: link, real: link.isDirectory() ? await realpath(absPath) : absPath, link: false };
  try {
    const real = await realpath(absPath);
    return { stats: await stat(real), real, link: true };
  } catch (e) {
    throw new ChartError({ file: join(root, rel), reason: `symbolic link cannot be resolved (${(e as NodeJS.ErrnoException).code}); fix or remove it, or add it to .helmignore` }, { cause: e });
  }
}

/** Size limits for reading a chart archive; Helm's (≥ 3.18) by default. */
export interface ChartArchiveLimits {
  /** Sum of the decompressed entries. @default MAX_CHART_ARCHIVE_BYTES (100 MiB) */
  readonly maxDecompressedBytes?: number;
  /** One decompressed entry. @default MAX_CHART_FILE_BYTES (5 MiB) */
  readonly maxFileBytes?: number;
}

/**
 * The files of a packaged chart, as Helm reads a subchart `.tgz`: the first
 * path segment dropped, directories and PAX headers skipped, unsafe paths
 * refused, Helm's size limits applied.
 *
 * @param archive the `.tgz` bytes
 * @param label where the archive is, for errors
 */
export function readChartArchive(archive: Buffer, label: string, limits: ChartArchiveLimits = {}): ChartFile[] {
  const maxTotal = limits.maxDecompressedBytes ?? MAX_CHART_ARCHIVE_BYTES;
  const maxFile = limits.maxFileBytes ?? MAX_CHART_FILE_BYTES;
  let entries: TarReadEntry[];
  try {
    // Tar headers and padding come on top of the entries' own bytes.
    entries = readTarGz(archive, { maxBytes: maxTotal + 1024 * 1024 });
  } catch (e) {
    throw new ChartError({ file: label, reason: `is not a readable chart archive: ${(e as Error).message}` }, { cause: e });
  }
  const files: ChartFile[] = [];
  let remaining = maxTotal;
  for (const entry of entries) {
    if (entry.type === 'directory') continue;
    const fail = (reason: string): never => {
      throw new ChartError({ file: `${label}:${entry.name}`, reason });
    };
    const delimiter = entry.name.includes('\\') ? '\\' : '/';
    const parts = entry.name.split(delimiter);
    const joined = parts.slice(1).join('/');
    if (joined.startsWith('/')) fail('chart illegally contains absolute paths');
    const name = posix.normalize(joined === '' ? '.' : joined).replace(/\/$/, '');
    if (name === '.') fail('chart illegally contains content outside the base directory');
    if (name.startsWith('..')) fail('chart illegally references parent directory');
    if (/^[a-zA-Z]:\//.test(name)) fail('chart contains illegally named files');
    if (parts[0] === 'Chart.yaml') fail('chart yaml not in base directory');
    if (entry.size > remaining) fail(`decompressed chart is larger than the maximum size ${maxTotal}`);
    if (entry.size > maxFile) fail(`decompressed chart file is larger than the maximum file size ${maxFile}`);
    remaining -= entry.size;
    files.push({ name, data: stripBom(entry.data) });
  }
  if (files.length === 0) throw new ChartError({ file: label, reason: 'no files in chart archive' });
  return files;
}

function stripBom(data: Buffer): Buffer {
  return data.subarray(0, 3).equals(BOM) ? data.subarray(3) : data;
}
