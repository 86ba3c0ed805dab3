import { resolve } from 'node:path';
import { parseOciReference } from '../../foundation/reference';
import { pushArtifact } from '../../publish';
import { parseCommandArgs } from '../command';
import { UsageError } from '../errors';
import { CliIo } from '../io';
import { mountFromOption, printPushed, PUSH_OPTIONS, pushFeedback } from '../push-output';
import { REGISTRY_OPTIONS } from '../registry-flags';
import { registryClientFor } from '../registry-options';

/** Runs `flux-oci push artifact`; its usage is in ./push-artifact.ts. */
export async function run(args: readonly string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseCommandArgs(args, {
    ...REGISTRY_OPTIONS,
    ...PUSH_OPTIONS,
    'source': { type: 'string' },
    'revision': { type: 'string' },
    'annotations': { type: 'string', multiple: true },
    'ignore-paths': { type: 'string', multiple: true },
    'reproducible': { type: 'boolean' },
  }, { min: 2, max: 2, names: 'the directory and the oci://…:tag destination' });
  if (!values.source) throw new UsageError('--source is required, e.g. --source https://github.com/acme/app');
  if (!values.revision) throw new UsageError('--revision is required, e.g. --revision main@sha1:1a2b3c4d');
  if (!positionals[1].startsWith('oci://')) throw new UsageError(`destination '${positionals[1]}' must start with oci://, e.g. oci://ghcr.io/acme/manifests:latest`);
  const destination = parseOciReference(positionals[1]);
  if (destination.tag === undefined) throw new UsageError(`destination '${positionals[1]}' needs a tag, e.g. ${positionals[1]}:latest`);
  const client = registryClientFor(io, destination.host, values);
  try {
    const result = await pushArtifact(client, resolve(io.cwd, positionals[0]), destination, {
      source: values.source,
      revision: values.revision,
      annotations: parseAnnotations(values.annotations ?? []),
      ignore: values['ignore-paths'],
      reproducible: values.reproducible,
      ...pushFeedback(io, values.json),
      mountFrom: mountFromOption(values['mount-from'], destination.host),
    });
    // Flux skips these silently; say which, on stderr so --json output stays one object.
    for (const skipped of result.skipped) {
      io.stderr.write(skipped.reason === 'symlink'
        ? `skipped symbolic link ${skipped.path}: Flux artifacts carry no links; copy the target in to include it\n`
        : `skipped irregular file ${skipped.path} (socket, FIFO or device)\n`);
    }
    printPushed(io, result, values.json, { files: result.files.length });
    return 0;
  } finally {
    await client.close();
  }
}

function parseAnnotations(pairs: readonly string[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const pair of pairs) {
    const eq = pair.indexOf('=');
    if (eq <= 0) throw new UsageError(`--annotations '${pair}' is not key=value`);
    out[pair.slice(0, eq)] = pair.slice(eq + 1);
  }
  return out;
}
