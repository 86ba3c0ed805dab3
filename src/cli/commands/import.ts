import { mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { importChartValues } from '../../check/import-values';
import { parseOciReference } from '../../foundation/reference';
import { Command, parseCommandArgs, println } from '../command';
import { UsageError } from '../errors';
import { CliIo } from '../io';
import { CHECK_REGISTRY_OPTIONS, CHECK_REGISTRY_USAGE, plainHttp, readCaFile } from '../registry-options';

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
  async run(args: readonly string[], io: CliIo): Promise<number> {
    const { values, positionals } = parseCommandArgs(args, {
      ...CHECK_REGISTRY_OPTIONS,
      version: { type: 'string' },
      output: { type: 'string' },
      json: { type: 'boolean' },
    }, { min: 1, max: 1, names: 'the chart reference' });
    const ref = parseOciReference(positionals[0]);
    if (ref.tag !== undefined || ref.digest !== undefined) throw new UsageError('give the version as --version, not as a :tag or @digest on the reference');
    if (values.version === undefined) throw new UsageError('missing --version <version|range>');
    const reference = ref.format();
    const imported = await importChartValues(reference, values.version, {
      env: io.env,
      access: { insecure: plainHttp(values), caPem: readCaFile(io, values['ca-file']) },
    });
    const dir = resolve(io.cwd, values.output ?? 'imports');
    mkdirSync(dir, { recursive: true });
    const file = join(dir, imported.module.fileName);
    const temp = `${file}.${process.pid}.tmp`;
    writeFileSync(temp, imported.module.source);
    renameSync(temp, file);
    const shown = relative(io.cwd, file) || file;
    if (values.json) {
      println(io, JSON.stringify({
        reference,
        version: imported.resolved.version,
        digest: imported.digest,
        file: shown,
        type: imported.module.typeName,
        constant: imported.module.constName,
        source: imported.module.fromSchema ? 'values.schema.json' : 'values.yaml',
      }));
    } else {
      println(io, `${shown}: ${imported.module.typeName} and ${imported.module.constName} for ${reference} ${imported.resolved.version} (${imported.digest}), from ${imported.module.fromSchema ? 'values.schema.json' : 'values.yaml'}`);
    }
    return 0;
  },
};
