/**
 * The values of HelmReleases whose chart is a folder of this repository
 * (repository-paths.ts finds them): the chart is read from disk as
 * source-controller reads it from its GitRepository artifact, and the
 * values are checked against it as against a chart from a registry.
 */
import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { Finding } from './finding';
import { GeneratedObjects, NO_GENERATED_OBJECTS } from './kustomize-generated';
import type { ManifestObject } from './manifest-object';
import { describeObject, fieldAt, identityOf, ObjectIndex } from './object-index';
import { localChartValuesFindings } from './release-values';
import type { LocalChart } from './repository-paths';
import { LeftOut, leftOutOfArtifact, RE_INCLUDE_HINT } from './sync-artifact';
import { inside } from './sync-source';
import type { ChartFile } from '../../archives/chart-files';
import { MAX_CHART_FILE_BYTES, readChartDirectory } from '../../archives/chart-files';
import { assembleChart, LoadedChart } from '../../archives/chart-load';
import { ChartError } from '../../archives/errors';
import { substitutedVariableAt } from '../../model/flux-variables';
import type { FluxVersion } from '../../model/flux-version';

/**
 * Values findings for each local chart's releases, and the releases
 * looked at. `valuesFiles` are read from the working tree's root, as
 * source-controller reads them from the GitRepository's
 * (`builder_local.go` `mergeFileValues`); one the sync source's artifact
 * leaves out (./sync-artifact.ts) is missing there, an error. Not checked,
 * with a note: a release whose valuesFiles hold a variable a Kustomization
 * substitutes, or one larger than a chart file may be, and a chart whose
 * dependencies are not in its `charts/` (source-controller fetches them at
 * build). A chart file the artifact leaves out is a warning: the chart
 * source-controller builds lacks it ({@link leftOutChartFilesFinding}).
 */
export async function localChartFindings(
  charts: readonly LocalChart[], index: ObjectIndex, fluxVersion: FluxVersion, leftOutOf: (path: string) => LeftOut | undefined = () => undefined,
  generated: GeneratedObjects = NO_GENERATED_OBJECTS,
): Promise<{ findings: Finding[]; read: Set<ManifestObject> }> {
  const findings: Finding[] = [];
  const read = new Set<ManifestObject>();
  const loaded = new Map<string, Promise<ChartInArtifact | ChartError>>();
  for (const { release, folder, path, root } of charts) {
    read.add(release);
    const at = { location: release.locate('/spec/chart/spec/chart'), object: identityOf(release), pointer: '/spec/chart/spec/chart' };
    let load = loaded.get(folder);
    if (!load) {
      load = loadChartFolder(folder, leftOutOf);
      loaded.set(folder, load);
    }
    const built = await load;
    if (!(built instanceof ChartError) && built.leftOut.length > 0) findings.push(leftOutChartFilesFinding(release, path, built.leftOut, at));
    const valuesFiles = valuesFilesOf(release, root, leftOutOf);
    if (typeof valuesFiles === 'string') {
      findings.push({ rule: 'not-checked', severity: 'note', ...at, message: `${describeObject(release)}: values not checked: ${valuesFiles}` });
      continue;
    }
    if (valuesFiles && 'leftOut' in valuesFiles) {
      const pointer = `/spec/chart/spec/valuesFiles/${valuesFiles.index}`;
      findings.push({
        rule: 'path',
        severity: 'error',
        location: release.locate(pointer),
        object: identityOf(release),
        pointer,
        message: `${describeObject(release)} valuesFiles[${valuesFiles.index}] '${valuesFiles.path}' is ${leftOutOfArtifact(valuesFiles.leftOut)}, `
          + `so source-controller cannot build the chart (ignoreMissingValuesFiles: true skips a missing one); ${RE_INCLUDE_HINT}`,
      });
      continue;
    }
    if (built instanceof ChartError) {
      findings.push({ rule: 'values', severity: 'error', ...at, message: `${describeObject(release)}: Helm cannot load chart ${path}: ${built.message}` });
      continue;
    }
    const { chart } = built;
    const present = new Set(chart.dependencies.map((d) => d.metadata.name));
    const fetched = (chart.metadata.dependencies ?? []).map((d) => d.name).filter((name) => !present.has(name));
    if (fetched.length > 0) {
      findings.push({
        rule: 'not-checked',
        severity: 'note',
        ...at,
        message: `${describeObject(release)}: values not checked: chart ${path} depends on ${fetched.join(', ')}, not in its charts/ folder; source-controller fetches ${fetched.length === 1 ? 'it' : 'them'} when it builds the chart`,
      });
      continue;
    }
    findings.push(...localChartValuesFindings(release, chart, index, fluxVersion, valuesFiles && ((p) => valuesFiles.get(p)), generated));
  }
  return { findings, read };
}

/** A file of a local chart that the artifact leaves out, and why. */
interface LeftOutChartFile {
  /** Relative to the chart's folder, `/`-separated. */
  readonly name: string;
  readonly why: LeftOut;
}

/** A local chart as source-controller builds it, and the files of the folder that are not in it because the artifact leaves them out. */
interface ChartInArtifact {
  readonly chart: LoadedChart;
  readonly leftOut: readonly LeftOutChartFile[];
}

/**
 * The chart in `folder` as source-controller builds it from the artifact:
 * read as Helm reads a folder (`.helmignore`), less what the artifact
 * leaves out (links among it), since source-controller 39b711b1
 * `internal/helm/chart/builder_local.go` `Build` loads the chart
 * (`secureloader.Load`) from the extracted artifact; a ChartError when
 * Helm could not load it. A left-out file that Helm gives no meaning and
 * that no template could read (`.Files`) is not listed.
 */
async function loadChartFolder(folder: string, leftOutOf: (path: string) => LeftOut | undefined): Promise<ChartInArtifact | ChartError> {
  try {
    const { files } = await readChartDirectory(folder);
    const inArtifact: ChartFile[] = [];
    const leftOut: LeftOutChartFile[] = [];
    for (const file of files) {
      const why = leftOutOf(join(folder, ...file.name.split('/')));
      if (why) leftOut.push({ name: file.name, why });
      else inArtifact.push(file);
    }
    const chart = assembleChart(inArtifact, (name) => join(folder, name), { published: false });
    const templatesReadFiles = files.some((f) => f.name.startsWith('templates/') && f.data.includes('.Files'));
    return { chart, leftOut: leftOut.filter((f) => roleOf(f.name) !== undefined || templatesReadFiles) };
  } catch (e) {
    if (e instanceof ChartError) return e;
    throw e;
  }
}

/** What Helm makes of a chart file, as a warning says it ("…, a template helm-controller does not render"); undefined for files only `.Files` reads. */
function roleOf(name: string): string | undefined {
  if (name === 'values.yaml') return "the chart's default values";
  if (name === 'values.schema.json') return 'the schema Helm checks values against';
  if (name.startsWith('templates/')) return 'a template helm-controller does not render';
  if (name.startsWith('crds/')) return 'a CRD Helm does not install';
  if (name.startsWith('charts/')) return 'part of a subchart the chart is built without';
  return undefined;
}

/** How many left-out files a warning names; the rest are counted. */
const LISTED_LEFT_OUT_FILES = 5;

/**
 * The warning for a local chart some of whose files the artifact leaves
 * out: source-controller builds the chart without them, so the release
 * renders with less than the folder holds (a template, a CRD, a subchart,
 * the default values or schema, a file the templates read), with no error
 * anywhere in the cluster.
 */
function leftOutChartFilesFinding(
  release: ManifestObject, path: string, leftOut: readonly LeftOutChartFile[], at: Pick<Finding, 'location' | 'object' | 'pointer'>,
): Finding {
  const listed = leftOut.slice(0, LISTED_LEFT_OUT_FILES)
    .map((f) => `${f.name} (${f.why.because}), ${roleOf(f.name) ?? 'a file the templates may read (.Files)'}`);
  const more = leftOut.length - listed.length;
  const count = leftOut.length === 1 ? 'one of its files' : `${leftOut.length} of its files`;
  return {
    rule: 'path',
    severity: 'warning',
    ...at,
    message: `${describeObject(release)}: chart ${path} is built without ${count}, which source-controller leaves out of the artifact of ${leftOut[0].why.source}: `
      + `${listed.join('; ')}${more > 0 ? `; and ${more} more` : ''}; `
      + "re-include what the chart needs with a '!' pattern in a .sourceignore or the GitRepository's spec.ignore",
  };
}

/**
 * The release's `valuesFiles` as source-controller reads them from the
 * source's root (securejoin; a path that is not a regular file is
 * missing): each path's content; undefined without valuesFiles; why they
 * are not read, as a sentence.
 */
function valuesFilesOf(
  release: ManifestObject, root: string, leftOutOf: (path: string) => LeftOut | undefined,
): ReadonlyMap<string, Buffer> | { index: number; path: string; leftOut: LeftOut } | string | undefined {
  const listed = fieldAt(release.value, 'spec', 'chart', 'spec', 'valuesFiles');
  if (!Array.isArray(listed) || listed.length === 0) return undefined;
  const files = new Map<string, Buffer>();
  for (const [i, path] of listed.entries()) {
    if (typeof path !== 'string') continue;
    const variable = substitutedVariableAt(release.value, `/spec/chart/spec/valuesFiles/${i}`);
    if (variable !== undefined) return `valuesFiles[${i}] '${path}' holds the Flux variable ${variable}, known only once a Kustomization substitutes it`;
    const file = inside(root, path);
    const info = statSync(file, { throwIfNoEntry: false });
    if (!info?.isFile()) continue;
    // A file the artifact leaves out is missing for source-controller.
    const leftOut = leftOutOf(file);
    if (leftOut) {
      if (fieldAt(release.value, 'spec', 'chart', 'spec', 'ignoreMissingValuesFiles') === true) continue;
      return { index: i, path, leftOut };
    }
    if (info.size > MAX_CHART_FILE_BYTES) return `valuesFiles[${i}] '${path}' is ${info.size} bytes, more than flux-oci reads (${MAX_CHART_FILE_BYTES}, Helm's limit for a chart file)`;
    files.set(path, readFileSync(file));
  }
  return files;
}
