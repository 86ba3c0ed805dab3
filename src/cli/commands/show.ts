import { stringify } from 'yaml';
import { parseOciReference } from '../../foundation/reference';
import { versionToTag } from '../../versions/select/tag-conversion';
import { Command, parseCommandArgs, println } from '../command';
import { NoMatchingVersionError, UsageError } from '../errors';
import { CliIo } from '../io';
import { REGISTRY_OPTIONS, REGISTRY_USAGE, registryClientFor } from '../registry-options';
import { registryData, registryJson } from '../registry-text';
import { isRange, SELECTION_OPTIONS, SELECTION_USAGE, selectFromRegistry } from '../version-selection';

/** `flux-oci show <oci ref> --version <v>`: the chart's Chart.yaml, from the config blob only. */
export const showCommand: Command = {
  name: ['show'],
  summary: "print a chart's Chart.yaml from the registry (no chart download)",
  usage: `Usage: flux-oci show <oci://host/path/chart> --version <v|range> [--json] [options]
       flux-oci show <oci://host/path/chart:tag> [--json] [options]

Prints the Chart.yaml the chart was pushed with, read from its config
blob, like 'helm show chart'. A '+' in the version is looked up as '_',
as Helm stores it. A range is resolved as Flux resolves it (the
OCIRepository rules of the newest Flux release unless told otherwise),
and the version picked is said on stderr.

  --version <v|range>     the chart version, or a Masterminds range
${SELECTION_USAGE}
  --json                  print {"reference","digest","metadata"}
                          (schemas/cli/show.schema.json)

${REGISTRY_USAGE}`,
  async run(args: readonly string[], io: CliIo): Promise<number> {
    const { values, positionals } = parseCommandArgs(args, {
      ...REGISTRY_OPTIONS,
      ...SELECTION_OPTIONS,
      version: { type: 'string' },
      json: { type: 'boolean' },
    }, { min: 1, max: 1, names: 'the chart reference' });
    let ref = parseOciReference(positionals[0]);
    if (values.version !== undefined && (ref.tag !== undefined || ref.digest !== undefined)) {
      throw new UsageError('give the version either as --version or in the reference, not both');
    } else if (values.version === undefined && ref.tag === undefined && ref.digest === undefined) {
      throw new UsageError('missing --version (or a :tag or @digest on the reference)');
    }
    const client = registryClientFor(io, ref.host, values);
    try {
      if (values.version !== undefined && isRange(values.version, values)) {
        const { selection } = await selectFromRegistry(io, client, ref, values.version, values);
        if (!selection.matched) throw new NoMatchingVersionError(ref.format(), values.version, selection.nearest);
        ref = ref.withTag(selection.tag);
      } else if (values.version !== undefined) {
        ref = ref.withTag(versionToTag(values.version));
      }
      const { digest, metadata } = await client.getChartMetadata(ref);
      if (values.json) println(io, registryJson({ reference: ref.format(), digest, metadata }, 2));
      else io.stdout.write(stringify(registryData(metadata)));
      return 0;
    } finally {
      await client.close();
    }
  },
};
