import { stringify } from 'yaml';
import { parseOciReference } from '../../foundation/reference';
import { versionToTag } from '../../versions/select/tag-conversion';
import { Command, parseCommandArgs, println } from '../command';
import { UsageError } from '../errors';
import { CliIo } from '../io';
import { REGISTRY_OPTIONS, REGISTRY_USAGE, registryClientFor } from '../registry-options';
import { registryData, registryJson } from '../registry-text';

/** `flux-oci show <oci ref> --version <v>`: the chart's Chart.yaml, from the config blob only. */
export const showCommand: Command = {
  name: ['show'],
  summary: "print a chart's Chart.yaml from the registry (no chart download)",
  usage: `Usage: flux-oci show <oci://host/path/chart> --version <version> [--json] [options]
       flux-oci show <oci://host/path/chart:tag> [--json] [options]

Prints the Chart.yaml the chart was pushed with, read from its config
blob, like 'helm show chart'. A '+' in the version is looked up as '_',
as Helm stores it.

  --version <v>      the chart version (exact)
  --json             print {"reference","digest","metadata"}
                     (schemas/cli/show.schema.json)

${REGISTRY_USAGE}`,
  async run(args: readonly string[], io: CliIo): Promise<number> {
    const { values, positionals } = parseCommandArgs(args, {
      ...REGISTRY_OPTIONS,
      version: { type: 'string' },
      json: { type: 'boolean' },
    }, { min: 1, max: 1, names: 'the chart reference' });
    let ref = parseOciReference(positionals[0]);
    if (values.version !== undefined) {
      if (ref.tag !== undefined || ref.digest !== undefined) throw new UsageError('give the version either as --version or in the reference, not both');
      ref = ref.withTag(versionToTag(values.version));
    } else if (ref.tag === undefined && ref.digest === undefined) {
      throw new UsageError('missing --version (or a :tag or @digest on the reference)');
    }
    const client = registryClientFor(io, ref.host, values);
    try {
      const { digest, metadata } = await client.getChartMetadata(ref);
      if (values.json) println(io, registryJson({ reference: ref.format(), digest, metadata }, 2));
      else io.stdout.write(stringify(registryData(metadata)));
      return 0;
    } finally {
      await client.close();
    }
  },
};
