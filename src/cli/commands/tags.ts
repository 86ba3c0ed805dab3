import { parseOciReference } from '../../foundation/reference';
import { Command, parseCommandArgs, println } from '../command';
import { CliIo } from '../io';
import { REGISTRY_OPTIONS, REGISTRY_USAGE, registryClientFor } from '../registry-options';
import { registryJson, registryText } from '../registry-text';

/** `flux-oci tags <oci ref>`: every tag of a repository, sorted. */
export const tagsCommand: Command = {
  name: ['tags'],
  summary: 'list the tags of a chart repository',
  usage: `Usage: flux-oci tags <oci://host/path/chart> [--json] [options]

Lists every tag of the repository (following pagination), sorted.

  --json             print the tags as a JSON array of strings
                     (schemas/cli/tags.schema.json)

${REGISTRY_USAGE}`,
  async run(args: readonly string[], io: CliIo): Promise<number> {
    const { values, positionals } = parseCommandArgs(args, { ...REGISTRY_OPTIONS, json: { type: 'boolean' } }, { min: 1, max: 1, names: 'the repository reference' });
    const ref = parseOciReference(positionals[0], { allowTag: false, allowDigest: false });
    const client = registryClientFor(io, ref.host, values);
    try {
      const tags = await client.listTags(ref);
      if (values.json) println(io, registryJson(tags));
      else for (const tag of tags) println(io, registryText(tag));
      return 0;
    } finally {
      await client.close();
    }
  },
};
