import { Command } from '../command';
import { REGISTRY_USAGE } from '../registry-flags';
import { SELECTION_USAGE } from '../selection-flags';

/** `flux-oci tags <oci ref> [--version <v|range>]`: the tags of a repository, or those a version request accepts. */
export const tagsCommand: Command = {
  name: ['tags'],
  summary: 'list the tags of a chart repository (or those a version range accepts)',
  usage: `Usage: flux-oci tags <oci://host/path/chart> [--version <v|range>] [--json] [options]

Lists every tag of the repository (following pagination), sorted. With
--version, lists only the tags that version or range accepts, oldest first,
and says on stderr which one Flux pulls, by the rules of the OCIRepository
(a HelmRelease chartRef) of the newest Flux release unless told otherwise.

  --version <v|range>     an exact version or a Masterminds range, as in a ChartRelease
${SELECTION_USAGE}
  --json                  print the tags as a JSON array of strings
                          (schemas/cli/tags.schema.json)

${REGISTRY_USAGE}`,
  run: (args, io) => import('./tags-run').then((m) => m.run(args, io)),
};
