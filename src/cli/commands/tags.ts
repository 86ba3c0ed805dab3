import { parseOciReference } from '../../foundation/reference';
import { Command, parseCommandArgs, println } from '../command';
import { CliIo } from '../io';
import { REGISTRY_OPTIONS, REGISTRY_USAGE, registryClientFor } from '../registry-options';
import { registryJson, registryText } from '../registry-text';
import { SELECTION_OPTIONS, SELECTION_USAGE, selectFromRegistry } from '../version-selection';

/** `flux-oci tags <oci ref> [--version <v|range>]`: the tags of a repository, or those a version request accepts. */
export const tagsCommand: Command = {
  name: ['tags'],
  summary: 'list the tags of a chart repository (or those a version range accepts)',
  usage: `Usage: flux-oci tags <oci://host/path/chart> [--version <v|range>] [--json] [options]

Lists every tag of the repository (following pagination), sorted. With
--version, lists only the tags that version or range accepts, oldest first,
and says on stderr which one Flux pulls, by the rules of the OCIRepository
(a HelmRelease chartRef) of the newest Flux release unless told otherwise.

  --version <v|range>     an exact version or a Masterminds range, as in a ChartRelease
${SELECTION_USAGE}
  --json                  print the tags as a JSON array of strings
                          (schemas/cli/tags.schema.json)

${REGISTRY_USAGE}`,
  async run(args: readonly string[], io: CliIo): Promise<number> {
    const { values, positionals } = parseCommandArgs(args, {
      ...REGISTRY_OPTIONS,
      ...SELECTION_OPTIONS,
      version: { type: 'string' },
      json: { type: 'boolean' },
    }, { min: 1, max: 1, names: 'the repository reference' });
    const ref = parseOciReference(positionals[0], { allowTag: false, allowDigest: false });
    const client = registryClientFor(io, ref.host, values);
    try {
      const tags = values.version === undefined
        ? await client.listTags(ref)
        : (await selectFromRegistry(io, client, ref, values.version, values)).matching;
      if (values.json) println(io, registryJson(tags));
      else for (const tag of tags) println(io, registryText(tag));
      return 0;
    } finally {
      await client.close();
    }
  },
};
