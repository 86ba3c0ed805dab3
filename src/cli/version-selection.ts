import { UsageError } from './errors';
import { fluxVersionOption } from './flux-version-option';
import { CliIo } from './io';
import { registryText } from './registry-text';
import { OciReference } from '../foundation/reference';
import { LATEST_FLUX_VERSION, selectionRulesFor } from '../model/flux-version';
import { RegistryClient } from '../registry/client';
import { classifyVersionRequest, describeTagRules, RuleSet, tagsInRange, TagsInRange } from '../versions/select';

interface SelectionFlags {
  readonly 'semver-filter'?: string;
  readonly 'helm-repository'?: boolean;
  readonly 'flux-version'?: string;
}

/** Whether `version` is a range (not an exact version) under the rules the flags select. */
export function isRange(version: string, flags: SelectionFlags): boolean {
  const rules = selectionRulesFor(fluxVersionOption(flags['flux-version']) ?? LATEST_FLUX_VERSION);
  return classifyVersionRequest(version, ruleSetOf(flags), rules).kind === 'range';
}

/**
 * Lists the repository's tags and selects with `version` as Flux would, by
 * the rules the flags name; says on stderr which tag Flux pulls (or that
 * none matches) and by which rules.
 */
export async function selectFromRegistry(
  io: CliIo, client: RegistryClient, ref: OciReference, version: string, flags: SelectionFlags,
): Promise<TagsInRange> {
  const fluxVersion = fluxVersionOption(flags['flux-version']) ?? LATEST_FLUX_VERSION;
  const listed = await client.listTags(ref);
  const ruleSet = ruleSetOf(flags);
  const rules = selectionRulesFor(fluxVersion);
  const result = tagsInRange({ tags: listed, constraint: version, ruleSet, semverFilter: flags['semver-filter'], rules });
  const described = `${describeTagRules(ruleSet, rules)}, Flux ${fluxVersion}`;
  const { selection, matching } = result;
  io.stderr.write(selection.matched
    ? `${version} → ${registryText(selection.tag)}: what Flux pulls (${described}); ${matching.length} of ${selection.considered} tags match\n`
    : `${version}: no tag matches (${described}; ${selection.considered} tags listed)\n`);
  return result;
}

function ruleSetOf(flags: SelectionFlags): RuleSet {
  if (flags['helm-repository'] && flags['semver-filter'] !== undefined) {
    throw new UsageError('--semver-filter is an OCIRepository field; a HelmRepository (--helm-repository) has none');
  }
  return flags['helm-repository'] ? 'helm-repository' : 'oci-repository';
}
