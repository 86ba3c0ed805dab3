import { readFile } from 'node:fs/promises';
import { PushInputError } from './errors';
import { ImageInput, parseDestination, pushImage, PushOptions, PushResult } from './image';
import { chartAnnotations } from '../archives/annotations';
import { ChartMetadata, chartConfigJson } from '../archives/chart-metadata';
import { parseChartYaml } from '../archives/chart-yaml';
import { findTarGzEntry, TarReadEntry } from '../archives/tar-reader';
import { computeDigest } from '../foundation/digest';
import { HELM_CHART_LAYER_MEDIA_TYPE, HELM_CONFIG_MEDIA_TYPE, HELM_PROVENANCE_MEDIA_TYPE } from '../foundation/media-types';
import { OciReference } from '../foundation/reference';
import type { RegistryClient } from '../registry/client';

/** Options for {@link pushChart}. */
export interface PushChartOptions extends PushOptions {
  /**
   * Provenance file (`.prov`) bytes or path, pushed as a third layer like `helm push` does when one sits next to the chart.
   * @default - none
   */
  readonly provenance?: Buffer | string;
  /**
   * `org.opencontainers.image.created` (a Date is written as RFC 3339 UTC,
   * whole seconds; a string verbatim). The CLI passes `SOURCE_DATE_EPOCH`
   * here when it is set.
   * @default - the modification time of the archive's Chart.yaml entry
   * (1970-01-01T00:00:00Z for an archive from `packageChart`), so the same
   * archive always gives the same manifest digest
   */
  readonly created?: Date | string;
}

/** What {@link pushChart} pushed. */
export interface PushedChart extends PushResult {
  readonly name: string;
  readonly version: string;
  readonly metadata: ChartMetadata;
}

/**
 * Pushes a packaged chart like `helm push <tgz> oci://host/path`: to
 * `host/path/<name>:<version with + as _>`, config = Chart.yaml as JSON,
 * the `.tgz` as the chart layer, the annotations Helm writes.
 *
 * @param chart the `.tgz` bytes or its path
 * @param destination `oci://host/path` (no tag: the version is the tag)
 * @throws PushInputError when the archive has no valid Chart.yaml or the destination has a tag
 */
export async function pushChart(
  client: RegistryClient, chart: Buffer | string, destination: OciReference | string, options: PushChartOptions = {},
): Promise<PushedChart> {
  const base = parseDestination(destination, 'oci://ghcr.io/acme/charts');
  const tgz = await readInput(chart, 'chart');
  const label = typeof chart === 'string' ? chart : 'chart archive';
  const chartYaml = chartYamlEntry(tgz, label);
  const metadata = parseChartYaml(chartYaml.data.toString('utf8'), `${label}:${chartYaml.name}`);
  if (base.tag !== undefined || base.digest !== undefined) throw new PushInputError('reference', chartDestinationProblem(base, metadata));
  const ref = chartReference(base, metadata);
  const layers = [{ mediaType: HELM_CHART_LAYER_MEDIA_TYPE, content: tgz }];
  if (options.provenance !== undefined) {
    const prov = { mediaType: HELM_PROVENANCE_MEDIA_TYPE, content: await readInput(options.provenance, 'provenance') };
    // Helm orders layers by digest.
    if (computeDigest(prov.content) < computeDigest(tgz)) layers.unshift(prov);
    else layers.push(prov);
  }
  const image: ImageInput = {
    config: { mediaType: HELM_CONFIG_MEDIA_TYPE, content: Buffer.from(chartConfigJson(metadata)) },
    layers,
    annotations: chartAnnotations(metadata, { created: options.created ?? new Date(chartYaml.mtime * 1000) }),
  };
  const result = await pushImage(client, ref, image, options);
  return { ...result, name: metadata.name, version: metadata.version, metadata };
}

/** Where a chart pushed to `oci://host/path` lands: `host/path/<name>:<version with + as _>`, as `helm push` writes it. */
export function chartReference(destination: OciReference, metadata: ChartMetadata): OciReference {
  return destination.withoutVersion().child(metadata.name).withTag(metadata.version.replace(/\+/g, '_'));
}

/**
 * Why a destination with a tag or digest is refused, and what to write
 * instead: the path is the repository the chart name is appended to, so
 * `oci://host/charts/web:0.1.0` for chart `web` means `oci://host/charts`.
 */
export function chartDestinationProblem(destination: OciReference, metadata: ChartMetadata): string {
  const version = destination.tag !== undefined ? `a tag (':${destination.tag}')` : `a digest ('@${destination.digest}')`;
  const segments = destination.path.split('/');
  const named = segments.length > 1 && segments[segments.length - 1] === metadata.name;
  const parent = named ? destination.withRepository(segments.slice(0, -1).join('/')) : destination.withoutVersion();
  return `${destination.format()} has ${version}, but the destination is the repository path the chart name is appended to, `
    + `and the chart's version is the tag: write ${parent.format()}, which pushes ${metadata.name} ${metadata.version} to ${chartReference(parent, metadata).format()}`;
}

/** Chart.yaml of a chart archive: the `<top>/Chart.yaml` entry. */
export function chartMetadataOf(tgz: Buffer, label: string): ChartMetadata {
  const chartYaml = chartYamlEntry(tgz, label);
  return parseChartYaml(chartYaml.data.toString('utf8'), `${label}:${chartYaml.name}`);
}

/**
 * The `<top>/Chart.yaml` entry of a chart archive. Its modification time
 * is the default `created` of a push: it is part of the archive's bytes,
 * so the same archive gives the same digest (`helm push` uses the .tgz
 * file's mtime, which changes with every copy or checkout of the same
 * bytes), and it is read without decompressing the rest of the chart.
 */
function chartYamlEntry(tgz: Buffer, label: string): TarReadEntry {
  let chartYaml;
  try {
    chartYaml = findTarGzEntry(tgz, (e) => e.type === 'file' && /^[^/]+\/Chart\.yaml$/.test(e.name), { maxBytes: 512 * 1024 * 1024 });
  } catch (e) {
    throw new PushInputError('chart', `${label} is not a chart archive (.tgz): ${(e as Error).message}`, { cause: e });
  }
  if (!chartYaml) throw new PushInputError('chart', `${label} has no <name>/Chart.yaml entry; package the chart with 'flux-oci package' or 'helm package'`);
  return chartYaml;
}

async function readInput(input: Buffer | string, what: string): Promise<Buffer> {
  if (Buffer.isBuffer(input)) return input;
  try {
    return await readFile(input);
  } catch (e) {
    throw new PushInputError(what, `cannot read ${what} file ${input}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`, { cause: e });
  }
}
