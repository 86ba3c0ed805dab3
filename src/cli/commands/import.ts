import { Command } from '../command';
import { CHECK_REGISTRY_USAGE } from '../registry-flags';

/** `flux-oci import <oci ref> --version <v|range>`: a TypeScript values module for one chart version. */
export const importCommand: Command = {
  name: ['import'],
  summary: 'write a TypeScript values type for a chart version under imports/',
  usage: `Usage: flux-oci import <oci://host/path/chart> --version <version|range> [--output <dir>] [--json] [options]

Resolves the version by the registry check's rules (a range: the newest
stable version, as Flux's OCIRepository picks), fetches the chart through
the content cache, and writes imports/<chart>-<version>.ts with:
  - an interface <Chart>Values for the chart's values, from its
    values.schema.json (json-schema-to-typescript; every key optional, as
    values are merged over the chart's defaults; a $ref to another document
    is left 'unknown') or else inferred from values.yaml with its comments
    as doc comments; subcharts' values under their key (alias);
  - <chart>Chart: ImportedChart<<Chart>Values> = { chart, version, digest },
    to pass as a ChartRelease's valuesType.
Running it again for the same chart digest writes the same bytes.

  --version <v>      the chart version or range (required)
  --output <dir>     the folder to write to (default: imports, as 'cdk8s import')
  --json             print {"reference","version","digest","file","type","constant","source"}
                     (schemas/cli/import.schema.json)

${CHECK_REGISTRY_USAGE}`,
  run: (args, io) => import('./import-run').then((m) => m.run(args, io)),
};
