import { posix } from 'node:path';
import { ChartFile, readChartArchive } from './chart-files';
import { assembleChart, LoadedChart } from './chart-load';
import { contentLimits, ContentLimits } from './content-limits';
import { ArtifactError } from './errors';
import { FluxIgnore } from './flux-ignore';
import { readTarGz, TarReadEntry } from './tar-reader';

/**
 * Reading what a registry layer holds: a Helm chart (`helm pull` would
 * load the same files) or the files of a Flux artifact. Bounded: a layer
 * or a decompressed file over its limit fails with the limit in the
 * message, before it can exhaust memory (a gzip bomb stops at the limit).
 */

/**
 * A chart layer as helm-controller loads it (helm `loader.LoadArchive`):
 * Chart.yaml, values.yaml, values.schema.json, the other files, and every
 * subchart under `charts/` (directories and `.tgz`), with Helm's load-time
 * checks only (a published chart is not held to `helm package`'s rules).
 *
 * @param tgz the layer's bytes
 * @param label where it came from (`oci://…/web@sha256:…`), for errors
 * @throws ChartError naming the file and what Helm would say
 */
export function loadChartLayer(tgz: Buffer, label: string, limits: ContentLimits = {}): LoadedChart {
  const { maxDecompressedBytes, maxFileBytes } = contentLimits(limits);
  const files = readChartArchive(tgz, label, { maxDecompressedBytes, maxFileBytes });
  return assembleChart(files, (name) => `${label}:${name}`, { published: false });
}

/** helm `findReadme`: the first of the chart's files named README.md, README.txt or README, any case. */
export function chartReadme(chart: LoadedChart): ChartFile | undefined {
  for (const name of ['readme.md', 'readme.txt', 'readme']) {
    const found = chart.files.find((f) => f.name.toLowerCase() === name);
    if (found) return found;
  }
  return undefined;
}

/** The paths a Flux artifact's content layer holds. */
export interface ArtifactTree {
  /** Regular files, `/`-separated, relative to the artifact root. */
  readonly files: ReadonlySet<string>;
  /** Directories, explicit or implied by a file below them; `''` is the root. */
  readonly directories: ReadonlySet<string>;
  /** Symbolic links (source-controller skips them when it extracts the layer). */
  readonly symlinks: ReadonlySet<string>;
  /** The text of each `.sourceignore` file, by path: source-controller reads them when it re-archives the layer. */
  readonly ignoreFiles: ReadonlyMap<string, string>;
}

/**
 * The files and directories of a Flux artifact layer (`flux push artifact`'s
 * tar.gz, extracted by source-controller with paths relative to the root).
 * Contents are not kept: what matters is where things are.
 *
 * @throws ArtifactError when the layer is not a tar.gz or exceeds a limit
 */
export function readArtifactLayer(tgz: Buffer, label: string, limits: ContentLimits = {}): ArtifactTree {
  const { maxDecompressedBytes, maxFileBytes } = contentLimits(limits);
  let entries: TarReadEntry[];
  try {
    entries = readTarGz(tgz, { maxBytes: maxDecompressedBytes + 1024 * 1024 });
  } catch (e) {
    throw new ArtifactError(label, `is not a readable artifact layer: ${(e as Error).message}`, { cause: e });
  }
  const files = new Set<string>();
  const directories = new Set<string>(['']);
  const symlinks = new Set<string>();
  const ignoreFiles = new Map<string, string>();
  for (const entry of entries) {
    if (entry.size > maxFileBytes && entry.type === 'file') {
      throw new ArtifactError(`${label}:${entry.name}`, `is ${entry.size} bytes, more than the ${maxFileBytes} allowed per file`);
    }
    const name = artifactPath(entry.name);
    if (name === undefined) continue;
    if (entry.type === 'directory') directories.add(name);
    else if (entry.type === 'symlink') symlinks.add(name);
    else if (entry.type === 'file') files.add(name);
    if (entry.type === 'file' && posix.basename(name) === FluxIgnore.SOURCE_IGNORE_FILE) ignoreFiles.set(name, entry.data.toString('utf8'));
    for (let dir = posix.dirname(name); dir !== '.' && dir !== '/'; dir = posix.dirname(dir)) directories.add(dir);
  }
  return { files, directories, symlinks, ignoreFiles };
}

/** An entry name relative to the root (`./a/b/` → `a/b`); undefined for the root itself. */
function artifactPath(name: string): string | undefined {
  const clean = posix.normalize(`/${name}`).replace(/^\/+|\/+$/g, '');
  return clean === '' ? undefined : clean;
}
