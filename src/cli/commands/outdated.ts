import { Command } from '../command';
import { FLUX_VERSION_RANGE } from '../flux-version-option';
import { REGISTRY_USAGE } from '../registry-flags';

/**
 * `flux-oci outdated`: like `npm outdated`, for the lockfile entries a
 * program uses. The app runs with `FLUX_OCI_RESOLVE=off` (answers from
 * the lockfile, no lookup, nothing written, output to a scratch folder),
 * which still records every key it asks for; then each repository's tags
 * are listed once and each entry's constraint applied to them again.
 */
export const outdatedCommand: Command = {
  name: ['outdated'],
  summary: 'list newer versions of the charts a program has locked (like npm outdated)',
  usage: `Usage: flux-oci outdated [--app <command>]... [--lockfile <file>] [--json] [options]
       flux-oci outdated <file|folder|->... [--flux-version <v>] [--ignore-paths <p>]... [--json] [options]

Runs the cdk8s app (the 'app' command in ./cdk8s.yaml, or each --app) with
registry checks off, so nothing is looked up or written, to learn which
lockfile entries it uses and who uses them; then lists each chart's tags
and prints one row per entry: who uses it, the chart, the constraint as
written, the locked version, the newest version the constraint allows (by
the Flux rules the entry was locked with: rule set, semverFilter, Flux
release), the newest stable version, the kind of each jump (patch, minor,
major) and, when the registry says (org.opencontainers.image.created), the
age of each. Below the table, the artifacthub.io/changes notes of the
versions between the locked one and the newest in range (at most 10).

Exit code: 0 when every entry is the newest its constraint allows, 1 when
a newer one exists (or a program uses a chart the lockfile lacks), 2 on a
usage, app or registry error, or a YAML file that cannot be read (its rows
are missing). A tag or digest taken as written is listed
as pinned, never as an update; a chart pinned by tag (OCIRepository
ref.tag) is shown beside the newest stable version.

  --app <command>    a command that runs the app, e.g. 'npx ts-node main.ts'
                     (repeatable; default: cdk8s.yaml's 'app')
  --lockfile <file>  report on every entry of this lockfile instead of
                     running an app (a Pulumi program's flux-oci.lock.json);
                     rows are labelled by chart reference
  --json             print {"lockfiles":[{"file","rows":[…]}]}
                     (schemas/cli/outdated.schema.json)

With YAML files or folders (as 'flux-oci check' reads them), one row per
HelmRelease chart and OCIRepository in them, at its file:line; what is
"locked" there is what Flux pulls now: the exact version written, or what
the range resolves to today. Sources are reached with your own login.

  --flux-version <v> the Flux release the files are for (${FLUX_VERSION_RANGE}; default:
                     the newest serving every apiVersion used)
  --ignore-paths <p> leave out of the folders what this gitignore pattern
                     matches, relative to each folder (repeatable)

${REGISTRY_USAGE}`,
  run: (args, io) => import('./outdated-run').then((m) => m.run(args, io)),
};
