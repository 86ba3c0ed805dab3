import { resolve } from 'node:path';
import { packageChart } from '../../archives/package-chart';
import { parseCommandArgs, println } from '../command';
import { CliIo } from '../io';
import { sourceDateEpoch } from '../source-date-epoch';

/** Runs `flux-oci package`; its usage is in ./package.ts. */
export async function run(args: readonly string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseCommandArgs(args, {
    'version': { type: 'string' },
    'app-version': { type: 'string' },
    'destination': { type: 'string', short: 'd' },
    'allow-external-symlinks': { type: 'boolean' },
    'json': { type: 'boolean' },
  }, { min: 1, max: 1, names: 'the chart directory' });
  const chart = await packageChart(resolve(io.cwd, positionals[0]), {
    version: values.version,
    appVersion: values['app-version'],
    outputDir: resolve(io.cwd, values.destination ?? '.'),
    mtime: sourceDateEpoch(io),
    allowExternalSymlinks: values['allow-external-symlinks'],
  });
  // Helm's wording (helm internal/sympath), on stderr so --json output stays one object.
  for (const link of chart.symlinks) {
    io.stderr.write(`found symbolic link in path: ${link.path} resolves to ${link.target}. Contents of linked file included and used\n`);
  }
  if (values.json) {
    println(io, JSON.stringify({ path: chart.path, name: chart.name, version: chart.version, digest: chart.digest, size: chart.bytes.length }));
  } else {
    println(io, `Successfully packaged chart and saved it to: ${chart.path}`);
  }
  return 0;
}
