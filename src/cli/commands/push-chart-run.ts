import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { parseOciReference } from '../../foundation/reference';
import { chartMetadataOf, chartReference, pushChart, PushInputError } from '../../publish';
import { parseCommandArgs } from '../command';
import { UsageError } from '../errors';
import { CliIo } from '../io';
import { mountFromOption, printPushed, PUSH_OPTIONS, pushFeedback } from '../push-output';
import { REGISTRY_OPTIONS } from '../registry-flags';
import { registryClientFor } from '../registry-options';
import { sourceDateEpoch } from '../source-date-epoch';

/** Runs `flux-oci push chart`; its usage is in ./push-chart.ts. */
export async function run(args: readonly string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseCommandArgs(args, { ...REGISTRY_OPTIONS, ...PUSH_OPTIONS, prov: { type: 'string' } }, {
    min: 2, max: 2, names: 'the chart archive and the oci:// destination',
  });
  if (!positionals[1].startsWith('oci://')) throw new UsageError(`destination '${positionals[1]}' must start with oci://, e.g. oci://ghcr.io/acme/charts`);
  const destination = parseOciReference(positionals[1]);
  const file = resolve(io.cwd, positionals[0]);
  const tgz = await readChart(file);
  const metadata = chartMetadataOf(tgz, file);
  const segments = destination.path.split('/');
  if (destination.tag === undefined && destination.digest === undefined && segments[segments.length - 1] === metadata.name) {
    const parent = destination.withRepository(segments.slice(0, -1).join('/'));
    io.stderr.write(`Note: the chart name is appended to the destination path: this pushes to ${chartReference(destination, metadata).format()}; `
      + `for ${chartReference(parent, metadata).format()} give ${parent.format()}\n`);
  }
  const created = sourceDateEpoch(io);
  const client = registryClientFor(io, destination.host, values);
  try {
    const result = await pushChart(client, tgz, destination, {
      provenance: values.prov === undefined ? undefined : resolve(io.cwd, values.prov),
      created,
      ...pushFeedback(io, values.json),
      mountFrom: mountFromOption(values['mount-from'], destination.host),
    }).catch((e) => {
      throw e instanceof PushInputError && e.input === 'reference' ? new UsageError(e.message) : e;
    });
    printPushed(io, result, values.json);
    return 0;
  } finally {
    await client.close();
  }
}

async function readChart(file: string): Promise<Buffer> {
  try {
    return await readFile(file);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'EISDIR') throw new UsageError(`${file} is a directory; push takes the packaged chart: flux-oci package ${file}, then push the .tgz it writes`);
    throw new UsageError(`cannot read the chart archive ${file}: ${code ?? (e as Error).message}`);
  }
}
