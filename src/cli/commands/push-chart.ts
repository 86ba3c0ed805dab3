import { resolve } from 'node:path';
import { parseOciReference } from '../../foundation/reference';
import { pushChart } from '../../publish';
import { Command, parseCommandArgs } from '../command';
import { UsageError } from '../errors';
import { CliIo } from '../io';
import { mountFromOption, printPushed, PUSH_OPTIONS, pushFeedback } from '../push-output';
import { REGISTRY_OPTIONS, REGISTRY_USAGE, registryClientFor } from '../registry-options';

/** `flux-oci push chart <tgz> <oci://host/path>`: `helm push`. */
export const pushChartCommand: Command = {
  name: ['push', 'chart'],
  summary: 'push a packaged chart to an OCI registry (like helm push)',
  usage: `Usage: flux-oci push chart <chart.tgz> <oci://host/path> [--prov <file>] [--mount-from <repo>] [--json]

Pushes to <oci://host/path>/<chart name>:<version> ('+' in the version becomes
'_' in the tag) with Helm's media types and annotations. Blobs the registry
already has are not sent again; the manifest is pushed last.

  --prov <file>      also push this provenance file (helm's .prov layer)
  --mount-from <repo>  a repository on the same registry holding the blobs
                     (e.g. charts/staging/web): mounted there, not uploaded
  --json             print {"reference","digest","tag","uploadedBytes","skippedBytes"}

${REGISTRY_USAGE}`,
  async run(args: readonly string[], io: CliIo): Promise<number> {
    const { values, positionals } = parseCommandArgs(args, { ...REGISTRY_OPTIONS, ...PUSH_OPTIONS, prov: { type: 'string' } }, {
      min: 2, max: 2, names: 'the chart archive and the oci:// destination',
    });
    if (!positionals[1].startsWith('oci://')) throw new UsageError(`destination '${positionals[1]}' must start with oci://, e.g. oci://ghcr.io/acme/charts`);
    const destination = parseOciReference(positionals[1], { allowTag: false, allowDigest: false });
    const client = registryClientFor(io, destination.host, values);
    try {
      const result = await pushChart(client, resolve(io.cwd, positionals[0]), destination, {
        provenance: values.prov === undefined ? undefined : resolve(io.cwd, values.prov),
        ...pushFeedback(io, values.json),
        mountFrom: mountFromOption(values['mount-from'], destination.host),
      });
      printPushed(io, result, values.json);
      return 0;
    } finally {
      await client.close();
    }
  },
};
