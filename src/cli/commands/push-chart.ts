import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { parseOciReference } from '../../foundation/reference';
import { chartMetadataOf, chartReference, pushChart, PushInputError } from '../../publish';
import { Command, parseCommandArgs } from '../command';
import { UsageError } from '../errors';
import { CliIo } from '../io';
import { mountFromOption, printPushed, PUSH_OPTIONS, pushFeedback } from '../push-output';
import { REGISTRY_OPTIONS, REGISTRY_USAGE, registryClientFor } from '../registry-options';
import { sourceDateEpoch } from '../source-date-epoch';

/** `flux-oci push chart <tgz> <oci://host/path>`: `helm push`. */
export const pushChartCommand: Command = {
  name: ['push', 'chart'],
  summary: 'push a packaged chart to an OCI registry (like helm push)',
  usage: `Usage: flux-oci push chart <chart.tgz> <oci://host/path> [--prov <file>] [--mount-from <repo>] [--json] [options]

Pushes to <oci://host/path>/<chart name>:<version> ('+' in the version becomes
'_' in the tag) with Helm's media types and annotations: the path is the
repository the chart name is appended to, so web-0.1.0.tgz pushed to
oci://ghcr.io/acme/charts lands in oci://ghcr.io/acme/charts/web:0.1.0.
Blobs the registry already has are not sent again; the manifest is pushed last.

The push is reproducible: the same archive gives the same digest. Its
'org.opencontainers.image.created' is SOURCE_DATE_EPOCH when set, else the
time of the archive's Chart.yaml entry (1970-01-01T00:00:00Z for charts from
'flux-oci package'). helm push uses the .tgz file's mtime instead, which
changes with every copy of the same bytes.

  --prov <file>        also push this provenance file (helm's .prov layer)
  --mount-from <repo>  a repository on the same registry holding the blobs
                       (e.g. charts/staging/web): mounted there, not uploaded
  --json               print {"reference","digest","tag","uploadedBytes","skippedBytes"}
                       (schemas/cli/push-chart.schema.json)

${REGISTRY_USAGE}`,
  async run(args: readonly string[], io: CliIo): Promise<number> {
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
  },
};

async function readChart(file: string): Promise<Buffer> {
  try {
    return await readFile(file);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'EISDIR') throw new UsageError(`${file} is a directory; push takes the packaged chart: flux-oci package ${file}, then push the .tgz it writes`);
    throw new UsageError(`cannot read the chart archive ${file}: ${code ?? (e as Error).message}`);
  }
}
