import { stringify } from 'yaml';
import { chartReadme, loadChartLayer } from '../../archives/content-layer';
import { ContentCache } from '../../check/content-cache';
import { fetchLayer } from '../../check/content-fetch';
import { FluxOciError } from '../../foundation/errors';
import { printable } from '../../foundation/printable';
import { OciReference, parseOciReference } from '../../foundation/reference';
import type { RegistryClient } from '../../registry/client';
import { versionToTag } from '../../versions/select/tag-conversion';
import { parseCommandArgs, println } from '../command';
import { NoMatchingVersionError, UsageError } from '../errors';
import { CliIo } from '../io';
import { REGISTRY_OPTIONS } from '../registry-flags';
import { registryClientFor } from '../registry-options';
import { registryData, registryJson } from '../registry-text';
import { SELECTION_OPTIONS } from '../selection-flags';
import { isRange, selectFromRegistry } from '../version-selection';

/** The chart lacks the file asked for. */
export class ShowError extends FluxOciError {
  public readonly code: string = 'FLUX_OCI_SHOW';
}

/** What `flux-oci show` prints: `show chart`, `show values`, … */
export type Part = 'chart' | 'values' | 'readme' | 'schema';

/** Runs `flux-oci show <part>`; its usage is in ./show.ts. */
export async function run(part: Part, args: readonly string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseCommandArgs(args, {
    ...REGISTRY_OPTIONS,
    ...SELECTION_OPTIONS,
    version: { type: 'string' },
    json: { type: 'boolean' },
  }, { min: 1, max: 1, names: 'the chart reference' });
  const given = parseOciReference(positionals[0]);
  if (values.version !== undefined && (given.tag !== undefined || given.digest !== undefined)) {
    throw new UsageError('give the version either as --version or in the reference, not both');
  }
  const client = registryClientFor(io, given.host, values);
  try {
    const ref = await locate(io, client, given, values.version, values);
    if (part === 'chart') {
      const { digest, metadata } = await client.getChartMetadata(ref);
      if (values.json) println(io, registryJson({ reference: ref.format(), digest, metadata }, 2));
      else io.stdout.write(stringify(registryData(metadata)));
      return 0;
    }
    const { digest, file, content } = await chartFile(client, ref, part, io);
    if (values.json) println(io, registryJson({ reference: ref.format(), digest, file, content: content.toString('utf8') }, 2));
    else io.stdout.write(io.stdout.isTTY ? terminalText(content) : content);
    return 0;
  } finally {
    await client.close();
  }
}

/**
 * The reference to read: as given with a tag or digest; an exact version
 * by its tag (no listing, as Flux and Helm pull it); a range, or nothing
 * (`*`: the newest stable), by listing the tags and selecting as Flux would
 * with the rules the flags name (see `selectFromRegistry`).
 */
async function locate(
  io: CliIo, client: RegistryClient, given: OciReference, version: string | undefined, flags: Parameters<typeof isRange>[1],
): Promise<OciReference> {
  if (given.tag !== undefined || given.digest !== undefined) return given;
  const constraint = version ?? '*';
  if (!isRange(constraint, flags)) return given.withTag(versionToTag(constraint));
  const { selection } = await selectFromRegistry(io, client, given, constraint, flags);
  if (!selection.matched) throw new NoMatchingVersionError(given.format(), constraint, selection.nearest);
  return given.withTag(selection.tag);
}

/** The file `part` names, from the chart layer (content cache first; the manifest digest from a HEAD). */
async function chartFile(client: RegistryClient, ref: OciReference, part: Exclude<Part, 'chart'>, io: CliIo): Promise<{ digest: string; file: string; content: Buffer }> {
  const { digest } = await client.headManifest(ref);
  const reference = `oci://${ref.registryHost}/${ref.path}`;
  const cache = ContentCache.open({ env: io.env });
  const layer = await fetchLayer(client, { reference, digest, subject: 'chart' }, cache);
  const chart = loadChartLayer(layer.bytes, `${reference}@${digest}`);
  const label = `${chart.metadata.name} ${chart.metadata.version} (${reference}@${digest})`;
  if (part === 'values') {
    const values = chart.values[chart.values.length - 1];
    return { digest, file: 'values.yaml', content: values ?? Buffer.alloc(0) };
  }
  if (part === 'schema') {
    if (!chart.schema) throw new ShowError(`chart ${label} has no values.schema.json: Helm does not validate its values`);
    return { digest, file: 'values.schema.json', content: chart.schema };
  }
  const readme = chartReadme(chart);
  if (!readme) throw new ShowError(`chart ${label} has no README (README.md, README.txt or README)`);
  return { digest, file: readme.name, content: readme.data };
}

/** A chart's file for a terminal: control characters escaped, except the tab and line breaks a file has. */
function terminalText(content: Buffer): string {
  return content.toString('utf8').split(/(\r?\n|\t)/).map((part, i) => (i % 2 === 1 ? part : printable(part))).join('');
}
