import { parseOciReference } from '../../foundation/reference';
import { LATEST_FLUX_VERSION, selectionRulesFor } from '../../model/flux-version';
import { describeTagRules, RuleSet, tagsInRange } from '../../versions/select';
import { Command, parseCommandArgs, println } from '../command';
import { FLUX_VERSION_RANGE, fluxVersionOption } from '../flux-version-option';
import { CliIo } from '../io';
import { REGISTRY_OPTIONS, REGISTRY_USAGE, registryClientFor } from '../registry-options';
import { registryJson, registryText } from '../registry-text';

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
  --semver-filter <re>    OCIRepository ref.semverFilter (Go RE2 syntax), applied first
  --helm-repository       the rules of a HelmRepository (chart.spec) instead: strict
                          SemVer tags only, no semverFilter
  --flux-version <v>      the Flux release whose rules apply (${FLUX_VERSION_RANGE}; default: the newest)
  --json                  print the tags as a JSON array of strings
                          (schemas/cli/tags.schema.json)

${REGISTRY_USAGE}`,
  async run(args: readonly string[], io: CliIo): Promise<number> {
    const { values, positionals } = parseCommandArgs(args, {
      ...REGISTRY_OPTIONS,
      'version': { type: 'string' },
      'semver-filter': { type: 'string' },
      'helm-repository': { type: 'boolean' },
      'flux-version': { type: 'string' },
      'json': { type: 'boolean' },
    }, { min: 1, max: 1, names: 'the repository reference' });
    const ref = parseOciReference(positionals[0], { allowTag: false, allowDigest: false });
    const fluxVersion = fluxVersionOption(values['flux-version']) ?? LATEST_FLUX_VERSION;
    const client = registryClientFor(io, ref.host, values);
    try {
      let tags = await client.listTags(ref);
      if (values.version !== undefined) {
        const ruleSet: RuleSet = values['helm-repository'] ? 'helm-repository' : 'oci-repository';
        const { selection, matching } = tagsInRange({
          tags, constraint: values.version, ruleSet, semverFilter: values['semver-filter'], rules: selectionRulesFor(fluxVersion),
        });
        tags = [...matching];
        const rules = `${describeTagRules(ruleSet, selectionRulesFor(fluxVersion))}, Flux ${fluxVersion}`;
        io.stderr.write(selection.matched
          ? `${values.version} → ${registryText(selection.tag)}: what Flux pulls (${rules}); ${tags.length} of ${selection.considered} tags match\n`
          : `${values.version}: no tag matches (${rules}; ${selection.considered} tags listed)\n`);
      }
      if (values.json) println(io, registryJson(tags));
      else for (const tag of tags) println(io, registryText(tag));
      return 0;
    } finally {
      await client.close();
    }
  },
};
