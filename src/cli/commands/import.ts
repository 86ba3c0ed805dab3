import { Command } from '../command';
import { CHECK_REGISTRY_USAGE } from '../registry-flags';

/**
 * `flux-oci import <oci ref> --version <v|range>`: a TypeScript values
 * module for one chart version; `flux-oci import --app`: one for every chart
 * version the releases of a cdk8s app (or any program) resolve to.
 */
export const importCommand: Command = {
  name: ['import'],
  summary: 'write a TypeScript values type for a chart version (or every release of an app) under imports/',
  usage: `Usage: flux-oci import <oci://host/path/chart> --version <version|range> [--output <dir>] [--json] [options]
       flux-oci import --app [<command>]... [--output <dir>] [--json] [options]

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

With --app (or no reference), runs the app the way 'flux-oci lock' does
(the 'app' command of ./cdk8s.yaml, or each --app <command>; output to a
scratch folder, the lockfile written as a synth writes it) and imports the
chart version every ChartRelease resolved to, once per chart version.
Flux artifacts (plain manifests) have no values and are skipped.

  --version <v>      the chart version or range (required with a reference)
  --app [<command>]  import for every release of the app; a command that
                     runs it, e.g. 'npx ts-node main.ts' (repeatable;
                     default: cdk8s.yaml's 'app')
  --output <dir>     the folder to write to (default: imports, as 'cdk8s import')
  --json             print {"reference","version","digest","file","type","constant","source"};
                     with --app {"imports":[{…the same…,"releases":[…]}]}
                     (schemas/cli/import.schema.json)

${CHECK_REGISTRY_USAGE}`,
  run: (args, io) => import('./import-run').then((m) => m.run(args, io)),
};
