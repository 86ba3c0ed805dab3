import { parseOciReference } from '../../foundation/reference';
import { parseCommandArgs, println } from '../command';
import { CliIo } from '../io';
import { REGISTRY_OPTIONS } from '../registry-flags';
import { registryClientFor } from '../registry-options';
import { registryJson, registryText } from '../registry-text';
import { SELECTION_OPTIONS } from '../selection-flags';

/** Runs `flux-oci tags`; its usage is in ./tags.ts. */
export async function run(args: readonly string[], io: CliIo): Promise<number> {
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
      // Sorted for reading, by UTF-16 code unit like `sort`, each once; the registry's order (repeats included) is what selection reads.
      ? [...new Set(await client.listTags(ref))].sort()
      // Only --version needs the selection code (and its RE2 engine): loaded then.
      : (await (await import('../version-selection')).selectFromRegistry(io, client, ref, values.version, values)).matching;
    if (values.json) println(io, registryJson(tags));
    else for (const tag of tags) println(io, registryText(tag));
    return 0;
  } finally {
    await client.close();
  }
}
