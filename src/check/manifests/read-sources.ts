import { readFileSync, statSync } from 'node:fs';
import { readdir, readFile, realpath, stat } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import type { ManifestSource } from './manifest-object';
import { ManifestReadError } from '../errors';

/** Largest file (or stdin) read: beyond it a file is refused, not half-read. */
export const MAX_MANIFEST_BYTES = 32 * 1024 * 1024;

/**
 * A small file's text, read beside the manifests (a generator's file, a
 * Git config): undefined when it is not a regular file, cannot be read,
 * or is larger than `maxBytes`.
 */
export function readSmallFile(file: string, maxBytes: number = MAX_MANIFEST_BYTES): string | undefined {
  try {
    const info = statSync(file, { throwIfNoEntry: false });
    return info?.isFile() && info.size <= maxBytes ? readFileSync(file, 'utf8') : undefined;
  } catch {
    return undefined;
  }
}

/** The name stdin's text is reported under. */
export const STDIN_FILE = '<stdin>';

/** Options of {@link readManifestSources}. */
export interface ReadManifestSourcesOptions {
  /** Relative paths are read from here. */
  readonly cwd: string;
  /** Read for the path `-`. */
  readonly stdin?: AsyncIterable<Buffer | string>;
  /** Called after each file. */
  readonly onFile?: (read: number) => void;
}

const MANIFEST_FILE = /\.ya?ml$/i;
/** Helm's chart metadata file, whose presence makes a folder a chart (helm/helm pkg/chart/v2/util/chartfile.go `IsChartDir`, at e9b85e4d). */
export const CHART_FILE = 'Chart.yaml';

/**
 * The files `paths` name: each file as given, every `*.yaml`/`*.yml` under
 * a folder (in name order; hidden folders such as `.git` skipped, each
 * real folder walked once), and stdin for `-`. A folder with a
 * `Chart.yaml` is a Helm chart, whose templates are YAML only once Helm
 * renders them: it is not read, and stands in the list as a source marked
 * `helmChart` (its Chart.yaml). A path that cannot be read throws
 * `ManifestReadError`; so does a file over {@link MAX_MANIFEST_BYTES} or
 * not UTF-8.
 */
export async function readManifestSources(paths: readonly string[], options: ReadManifestSourcesOptions): Promise<ManifestSource[]> {
  const sources: ManifestSource[] = [];
  const seen = new Set<string>();
  const add = (source: ManifestSource): void => {
    sources.push(source);
    options.onFile?.(sources.length);
  };
  for (const path of paths) {
    if (path === '-') {
      if (!options.stdin) throw new ManifestReadError(STDIN_FILE, 'no standard input to read');
      add({ file: STDIN_FILE, text: decode(STDIN_FILE, await readBounded(options.stdin)) });
      continue;
    }
    const full = resolve(options.cwd, path);
    const info = await stat(full).catch((e) => { throw readError(path, e); });
    if (info.isDirectory()) {
      await walk(path, full, seen, async (file, fullFile) => add(await readSource(file, fullFile)), (chart) => add({ file: chart, text: '', helmChart: true }));
    } else {
      add(await readSource(path, full));
    }
  }
  return sources;
}

async function walk(
  shown: string, full: string, seen: Set<string>, visit: (file: string, full: string) => Promise<void>, helmChart: (chartFile: string) => void,
): Promise<void> {
  const real = await realpath(full).catch((e) => { throw readError(shown, e); });
  if (seen.has(real)) return;
  seen.add(real);
  const entries = await readdir(full, { withFileTypes: true }).catch((e) => { throw readError(shown, e); });
  // Helm's test for a chart folder (helm/helm pkg/chart/v2/util/chartfile.go `IsChartDir` at e9b85e4d) is a
  // Chart.yaml in it, with a name; for setting the folder aside the file is enough.
  if (entries.some((entry) => entry.name === CHART_FILE)) {
    helmChart(join(shown, CHART_FILE));
    return;
  }
  for (const entry of entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))) {
    if (entry.name.startsWith('.')) continue;
    const childShown = join(shown, entry.name);
    const childFull = join(full, entry.name);
    // A symlink is followed to what it names; a folder reached twice is walked once.
    const kind = entry.isSymbolicLink() ? await stat(childFull).catch(() => undefined) : entry;
    if (kind?.isDirectory()) await walk(childShown, childFull, seen, visit, helmChart);
    else if (kind?.isFile() && MANIFEST_FILE.test(entry.name)) await visit(childShown, childFull);
  }
}

async function readSource(shown: string, full: string): Promise<ManifestSource> {
  const info = await stat(full).catch((e) => { throw readError(shown, e); });
  if (info.size > MAX_MANIFEST_BYTES) throw new ManifestReadError(shown, `${info.size} bytes is more than the ${MAX_MANIFEST_BYTES / 1024 / 1024} MiB a manifest file may have`);
  const bytes = await readFile(full).catch((e) => { throw readError(shown, e); });
  return { file: shown, path: full, text: decode(shown, bytes) };
}

async function readBounded(stream: AsyncIterable<Buffer | string>): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of stream) {
    const buffer = typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
    size += buffer.length;
    if (size > MAX_MANIFEST_BYTES) throw new ManifestReadError(STDIN_FILE, `more than the ${MAX_MANIFEST_BYTES / 1024 / 1024} MiB a manifest stream may have`);
    chunks.push(buffer);
  }
  return Buffer.concat(chunks);
}

function decode(file: string, bytes: Buffer): string {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes).replace(/^\uFEFF/, '');
  } catch {
    throw new ManifestReadError(file, 'not UTF-8 text; Kubernetes manifests are UTF-8 YAML');
  }
}

function readError(file: string, e: NodeJS.ErrnoException): ManifestReadError {
  const reason = e.code === 'ENOENT' ? 'no such file or folder' : e.code === 'EACCES' ? 'permission denied' : e.code ?? e.message;
  return new ManifestReadError(file, `cannot be read: ${reason}`, { cause: e });
}
