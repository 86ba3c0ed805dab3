import { stringify } from 'yaml';
import { chartReadme, loadChartLayer } from '../../archives/content-layer';
import { ContentCache } from '../../check/content-cache';
import { fetchLayer } from '../../check/content-fetch';
import { FluxOciError } from '../../foundation/errors';
import { printable } from '../../foundation/printable';
import { OciReference, parseOciReference } from '../../foundation/reference';
import type { RegistryClient } from '../../registry/client';
import { versionToTag } from '../../versions/select/tag-conversion';
import { Command, parseCommandArgs, println } from '../command';
import { NoMatchingVersionError, UsageError } from '../errors';
import { CliIo } from '../io';
import { REGISTRY_OPTIONS, REGISTRY_USAGE, registryClientFor } from '../registry-options';
import { registryData, registryJson } from '../registry-text';
import { isRange, SELECTION_OPTIONS, SELECTION_USAGE, selectFromRegistry } from '../version-selection';

/**
 * `flux-oci show [chart|values|readme|schema] <oci ref> [--version <v|range>]`,
 * as `helm show` does: `chart` (the default) reads the config blob only;
 * the others read the chart layer through the content fetch and cache the
 * synth-time check uses (a cached chart costs the tag lookup alone).
 */

/** The chart lacks the file asked for. */
export class ShowError extends FluxOciError {
  public readonly code: string = 'FLUX_OCI_SHOW';
}

type Part = 'chart' | 'values' | 'readme' | 'schema';

const SUMMARY: Readonly<Record<Part, string>> = {
  chart: "print a chart's Chart.yaml from the registry (no chart download)",
  values: "print a chart's values.yaml as it is in the chart",
  readme: "print a chart's README",
  schema: "print a chart's values.schema.json",
};

const WHAT: Readonly<Record<Part, string>> = {
  chart: `Prints the Chart.yaml the chart was pushed with, read from its config
blob, like 'helm show chart'.`,
  values: `Prints the chart's values.yaml exactly as the chart holds it (Helm
strips a UTF-8 BOM when it loads a chart; so does this), like 'helm show
values'. Subcharts' values are not included.`,
  readme: `Prints the chart's README (README.md, README.txt or README, any case,
as Helm finds it), like 'helm show readme'.`,
  schema: `Prints the chart's values.schema.json; a chart without one is an error
(exit 1) saying so.`,
};

const VERSION_HELP = `A '+' in the version is looked up as '_', as Helm stores it. A range
(e.g. '^1.2', '1.x') picks the version Flux would pull, by the OCIRepository
rules (a HelmRelease chartRef) of the newest Flux release unless told
otherwise; without --version or a tag, the newest stable version. The
version picked is printed on stderr.`;

function showCommandFor(part: Part, name: readonly string[]): Command {
  const json = part === 'chart' ? '{"reference","digest","metadata"}' : '{"reference","digest","file","content"}';
  const words = name.join(' ');
  return {
    name,
    summary: SUMMARY[part],
    usage: `Usage: flux-oci ${words} <oci://host/path/chart> [--version <version|range>] [--json] [options]
       flux-oci ${words} <oci://host/path/chart:tag> [--json] [options]

${WHAT[part]}
${VERSION_HELP}

  --version <v|range>     the chart version, or a range (default: newest stable)
${SELECTION_USAGE}
  --json                  print ${json}
                          (schemas/cli/${name.join('-')}.schema.json)

${REGISTRY_USAGE}`,
    async run(args: readonly string[], io: CliIo): Promise<number> {
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
    },
  };
}

export const showCommand: Command = showCommandFor('chart', ['show']);
export const showChartCommand: Command = showCommandFor('chart', ['show', 'chart']);
export const showValuesCommand: Command = showCommandFor('values', ['show', 'values']);
export const showReadmeCommand: Command = showCommandFor('readme', ['show', 'readme']);
export const showSchemaCommand: Command = showCommandFor('schema', ['show', 'schema']);

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
