import { Command } from '../command';

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
  run: (args, io) => import('./package-run').then((m) => m.run(args, io)),
};
