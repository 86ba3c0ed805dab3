import { readFile } from 'node:fs/promises';
import { PushInputError } from './errors';
import { ImageInput, parseDestination, pushImage, PushOptions, PushResult } from './image';
import { chartAnnotations } from '../archives/annotations';
import { ChartMetadata, chartConfigJson } from '../archives/chart-metadata';
import { parseChartYaml } from '../archives/chart-yaml';
import { findTarGzEntry } from '../archives/tar-reader';
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
   * `org.opencontainers.image.created`; a fixed value gives the same manifest digest on every push.
   * @default - the current time, as `helm push`
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
  if (base.tag !== undefined || base.digest !== undefined) {
    throw new PushInputError('reference', `${base.format()} must not have a tag or digest; the chart version is the tag (give e.g. oci://${base.host}/${base.path})`);
  }
  const tgz = await readInput(chart, 'chart');
  const metadata = chartMetadataOf(tgz, typeof chart === 'string' ? chart : 'chart archive');
  const tag = metadata.version.replace(/\+/g, '_');
  const ref = base.child(metadata.name).withTag(tag);
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
    annotations: chartAnnotations(metadata, { created: options.created }),
  };
  const result = await pushImage(client, ref, image, options);
  return { ...result, name: metadata.name, version: metadata.version, metadata };
}

/** Chart.yaml of a chart archive: the `<top>/Chart.yaml` entry. */
export function chartMetadataOf(tgz: Buffer, label: string): ChartMetadata {
  let chartYaml;
  try {
    chartYaml = findTarGzEntry(tgz, (e) => e.type === 'file' && /^[^/]+\/Chart\.yaml$/.test(e.name), { maxBytes: 512 * 1024 * 1024 });
  } catch (e) {
    throw new PushInputError('chart', `${label} is not a chart archive (.tgz): ${(e as Error).message}`, { cause: e });
  }
  if (!chartYaml) throw new PushInputError('chart', `${label} has no <name>/Chart.yaml entry; package the chart with 'flux-oci package' or 'helm package'`);
  return parseChartYaml(chartYaml.data.toString('utf8'), `${label}:${chartYaml.name}`);
}

async function readInput(input: Buffer | string, what: string): Promise<Buffer> {
  if (Buffer.isBuffer(input)) return input;
  try {
    return await readFile(input);
  } catch (e) {
    throw new PushInputError(what, `cannot read ${what} file ${input}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`, { cause: e });
  }
}
