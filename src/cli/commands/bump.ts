import { Command } from '../command';
import { CHECK_REGISTRY_USAGE } from '../registry-flags';

/**
 * `flux-oci bump <release> [--to <version>]`: moves one ChartRelease's
 * `version:` literal in the program's TypeScript source, leaving every
 * other byte as it was, then re-locks the app.
 */
export const bumpCommand: Command = {
  name: ['bump'],
  summary: "rewrite one ChartRelease's version in the program's source, then re-lock",
  usage: `Usage: flux-oci bump <construct path | id | chart> [--to <version>] [--entry <file>] [--no-lock] [--json]

Finds the ChartRelease in the program's TypeScript source (read with the
project's own TypeScript compiler) and rewrites its version: string
literal; nothing else in the file changes. A version that is not a literal
(a variable, a call, a template with substitutions) is refused: change it
where it is computed. Then runs 'flux-oci lock' for a cdk8s app.

  <release>          a construct path (apps/web: its last segment is the id),
                     a construct id or resource name, or a chart name
  --to <version>     the new version or range (default: the newest stable
                     version in the registry, found through the lockfile entry
                     of the release's current version)
  --entry <file>     the program's entry file (default: the .ts file in
                     cdk8s.yaml's 'app', or Pulumi.yaml's main, or index.ts)
  --no-lock          do not re-lock after the edit
  --json             print {"release","from","to","file","line","locked"}
                     (schemas/cli/bump.schema.json)

${CHECK_REGISTRY_USAGE}`,
  run: (args, io) => import('./bump-run').then((m) => m.run(args, io)),
};
