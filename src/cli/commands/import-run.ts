import { mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { importChartValues } from '../../check/import-values';
import { parseOciReference } from '../../foundation/reference';
import { parseCommandArgs, println } from '../command';
import { UsageError } from '../errors';
import { CliIo } from '../io';
import { CHECK_REGISTRY_OPTIONS } from '../registry-flags';
import { plainHttp, readCaFile } from '../registry-options';

/** Runs `flux-oci import`; its usage is in ./import.ts. */
export async function run(args: readonly string[], io: CliIo): Promise<number> {
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
}
