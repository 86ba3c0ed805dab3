import { resolve } from 'node:path';
import { packageChart } from '../../archives/package-chart';
import { Command, parseCommandArgs, println } from '../command';
import { CliIo } from '../io';
import { sourceDateEpoch } from '../source-date-epoch';

/** `flux-oci package <dir>`: `helm package`, reproducibly. */
export const packageCommand: Command = {
  name: ['package'],
  summary: 'package a chart directory into <name>-<version>.tgz (like helm package)',
  usage: `Usage: flux-oci package <chart-dir> [--version <v>] [--app-version <v>] [--destination <dir>] [--allow-external-symlinks] [--json]

Writes the archive 'helm package' makes, with fixed timestamps and ownership,
so the same chart gives the same bytes (and digest) every time. Every entry's
time is SOURCE_DATE_EPOCH when set (as on Helm's main branch), else
1970-01-01T00:00:00Z. Symbolic links are followed as Helm follows them, each
one reported on stderr; a link that resolves outside the chart directory fails
the package unless allowed.

  --version <v>         set the chart version (strict SemVer 2)
  --app-version <v>     set the chart's appVersion
  -d, --destination <dir>  where to write the .tgz (default: the current directory)
  --allow-external-symlinks  package what links outside the chart directory point to
  --json                print {"path","name","version","digest","size"}
                        (schemas/cli/package.schema.json)`,
  async run(args: readonly string[], io: CliIo): Promise<number> {
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
  },
};
