import { mkdir, rename, stat, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { chartArchiveEntries } from './chart-archive';
import { FollowedSymlink, readChartDirectory } from './chart-files';
import { assembleChart, LoadedChart } from './chart-load';
import { ChartMetadata } from './chart-metadata';
import { sanitizeString } from './chart-yaml';
import { ChartError } from './errors';
import { writeTarGz } from './tar';
import { computeDigest } from '../foundation/digest';
import { tryParseStrictVersion } from '../versions/semver';

/** Options of {@link packageChart}, named after `helm package`'s flags. */
export interface PackageChartOptions {
  /**
   * Set the chart version (`helm package --version`); written into the
   * archive's Chart.yaml and the file name. Must be strict SemVer 2.
   * @default - the version in Chart.yaml
   */
  readonly version?: string;
  /**
   * Set the chart's appVersion (`helm package --app-version`).
   * @default - the appVersion in Chart.yaml
   */
  readonly appVersion?: string;
  /**
   * Write `<name>-<version>.tgz` into this directory (created if missing).
   * @default - nothing is written; use `bytes`
   */
  readonly outputDir?: string;
  /**
   * Modification time of every archive entry (Helm v4 honours
   * `SOURCE_DATE_EPOCH` the same way).
   * @default - 1970-01-01T00:00:00Z, so the bytes depend only on the chart's content
   */
  readonly mtime?: Date;
  /**
   * Package what symbolic links resolve to even when that is outside the
   * chart directory, as Helm does (`flux-oci package --allow-external-symlinks`).
   * Without it such a link fails the package, naming the link: a link like
   * `templates/x.yaml -> ~/.docker/config.json` would publish that file.
   * Links inside the chart are always followed; every followed link is
   * listed in `symlinks`.
   * @default false
   */
  readonly allowExternalSymlinks?: boolean;
}

/** A packaged chart. */
export interface PackagedChart {
  /** Chart name from Chart.yaml (the archive's top directory; the source directory's name does not matter). */
  readonly name: string;
  /** Chart version after `options.version`. */
  readonly version: string;
  /** `<name>-<version>.tgz`, as Helm names it (`+` kept). */
  readonly fileName: string;
  /** Absolute path of the written file, when `outputDir` was given. */
  readonly path?: string;
  /** The `.tgz` bytes: the Helm chart layer (`application/vnd.cncf.helm.chart.content.v1.tar+gzip`). */
  readonly bytes: Buffer;
  /** `sha256:<hex>` of `bytes`. */
  readonly digest: string;
  /** Chart.yaml as in the archive: the object Helm puts in the OCI config blob ({@link chartConfigJson} gives its bytes). */
  readonly metadata: ChartMetadata;
  /** Archive entry names in archive order, e.g. `my-app/Chart.yaml`. */
  readonly files: readonly string[];
  /**
   * Symbolic links followed, with what they resolve to: Helm logs each as
   * `found symbolic link in path: <link> resolves to <target>. Contents of linked file included and used`.
   */
  readonly symlinks: readonly FollowedSymlink[];
}

/**
 * gzip FEXTRA subfield and comment that helm's `chartutil.Save` writes into
 * every chart archive; kept so the gzip header matches `helm package`'s.
 */
const HELM_GZIP_EXTRA = Buffer.concat([Buffer.from('rr\x28\x00', 'latin1'), Buffer.from('aHR0cHM6Ly95b3V0dS5iZS96OVV6MWljandyTQo=')]);
const HELM_GZIP_COMMENT = 'Helm';

/** A repository path component (OCI distribution spec); the chart name becomes one on push. */
const OCI_NAME_COMPONENT = /^[a-z0-9]+(?:(?:[._]|__|[-]+)[a-z0-9]+)*$/;

/**
 * Packages a chart directory into exactly the archive `helm package` makes
 * (entries, order, re-serialised Chart.yaml/Chart.lock, 0644 modes, gzip
 * header), except that the bytes are reproducible: fixed mtime, no
 * uid/gid/owner names, subcharts in name order.
 *
 * Fails like Helm when Chart.yaml is invalid, a dependency listed in
 * Chart.yaml is missing from `charts/` (run `helm dependency build` first),
 * values.yaml or values.schema.json does not parse, or a file is irregular;
 * and, unlike Helm, when a symbolic link resolves outside the chart
 * directory (unless `allowExternalSymlinks`) or a name is not UTF-8;
 * and, for OCI, when the version is not strict SemVer or the name cannot be
 * a repository path component.
 *
 * @param dir the chart directory
 * @throws ChartError naming the file, field and fix
 */
export async function packageChart(dir: string, options: PackageChartOptions = {}): Promise<PackagedChart> {
  const root = resolve(dir);
  await requireDirectory(root);
  const origin = (name: string) => join(root, name);
  const directory = await readChartDirectory(root, { allowExternalSymlinks: options.allowExternalSymlinks });
  const loaded = assembleChart(directory.files, origin, { published: true });
  const metadata = applyOverrides(loaded.metadata, options, origin('Chart.yaml'));
  requireOciName(metadata.name, origin('Chart.yaml'));
  checkDependencies(loaded, origin('Chart.yaml'));
  const chart: LoadedChart = { ...loaded, metadata };
  const entries = chartArchiveEntries(chart, origin);
  const bytes = writeTarGz(entries, { mtime: options.mtime, gzip: { extra: HELM_GZIP_EXTRA, comment: HELM_GZIP_COMMENT } });
  const fileName = `${metadata.name}-${metadata.version}.tgz`;
  const path = options.outputDir === undefined ? undefined : await writeOutput(resolve(options.outputDir), fileName, bytes);
  return {
    name: metadata.name,
    version: metadata.version,
    fileName,
    ...(path === undefined ? {} : { path }),
    bytes,
    digest: computeDigest(bytes),
    metadata,
    files: entries.map((e) => e.name),
    symlinks: directory.symlinks,
  };
}

async function requireDirectory(root: string): Promise<void> {
  let isDir = false;
  try {
    isDir = (await stat(root)).isDirectory();
  } catch (e) {
    throw new ChartError({ file: root, reason: `cannot read the chart directory: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}` }, { cause: e });
  }
  if (!isDir) throw new ChartError({ file: root, reason: 'is not a directory; packageChart takes a chart directory (the folder holding Chart.yaml)' });
}

/** `--version` / `--app-version`: replace the fields, keeping Go field order. */
function applyOverrides(metadata: ChartMetadata, options: PackageChartOptions, chartFile: string): ChartMetadata {
  if (options.version === undefined && options.appVersion === undefined) return metadata;
  if (options.version !== undefined && !tryParseStrictVersion(options.version)) {
    throw new ChartError({
      file: chartFile,
      field: 'version',
      reason: `the version option ${JSON.stringify(options.version)} is not a strict SemVer 2 version; use MAJOR.MINOR.PATCH[-PRERELEASE][+BUILD] such as "1.2.3" or "1.2.3+build.5"`,
    });
  }
  const appVersion = options.appVersion === undefined ? metadata.appVersion : sanitizeString(options.appVersion);
  const replaced: Record<string, unknown> = {};
  const order = ['name', 'home', 'sources', 'version', 'description', 'keywords', 'maintainers', 'icon', 'apiVersion',
    'condition', 'tags', 'appVersion', 'deprecated', 'annotations', 'kubeVersion', 'dependencies', 'type'];
  for (const key of order) {
    const value = key === 'version' ? options.version ?? metadata.version
      : key === 'appVersion' ? appVersion
        : (metadata as unknown as Record<string, unknown>)[key];
    if (value !== undefined && value !== '') replaced[key] = value;
  }
  return replaced as unknown as ChartMetadata;
}

function requireOciName(name: string, chartFile: string): void {
  if (OCI_NAME_COMPONENT.test(name) && name.length <= 255) return;
  throw new ChartError({
    file: chartFile,
    field: 'name',
    reason: `${JSON.stringify(name)} cannot be an OCI repository name: Helm pushes a chart to <registry>/<path>/<name>, and a path component ` +
      'is lowercase letters and digits separated by ".", "_", "__" or "-" (e.g. "my-app")',
  });
}

/** helm `CheckDependencies`: every Chart.yaml dependency has a subchart of that name in charts/. */
function checkDependencies(chart: LoadedChart, chartFile: string): void {
  const present = new Set(chart.dependencies.map((d) => d.metadata.name));
  const missing = (chart.metadata.dependencies ?? []).map((d) => d.name).filter((n) => !present.has(n));
  if (missing.length === 0) return;
  throw new ChartError({
    file: chartFile,
    field: 'dependencies',
    reason: `found in Chart.yaml, but missing in charts/ directory: ${missing.join(', ')}; ` +
      'vendor them first (helm dependency build, or helm dependency update) so charts/ holds each one as a directory or .tgz',
  });
}

async function writeOutput(dir: string, fileName: string, bytes: Buffer): Promise<string> {
  await mkdir(dir, { recursive: true });
  const path = join(dir, fileName);
  const temp = `${path}.${process.pid}.tmp`;
  await writeFile(temp, bytes);
  await rename(temp, path);
  return path;
}
