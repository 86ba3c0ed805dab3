import { selectionRulesFor } from './flux-version';
import type { PinMode } from './resolution';
import type { SourceStrategy } from './source';
import type { Target } from './target';
import { FluxOciError } from '../foundation/errors';
import { IssueList } from '../foundation/issues';
// The modules themselves, not the layer's index: a synth checks versions without ever selecting a tag, so tag selection stays unloaded.
import type { RuleSet } from '../versions/select/rule-set';
import { NEWEST_SELECTION_RULES, SelectionRules } from '../versions/select/selection-rules';
import { compileSemverFilter } from '../versions/select/semver-filter';
import { classifyVersionRequest, VersionRequest } from '../versions/select/version-request';

/** The release fields that say which version to pull. */
export interface VersionFields {
  readonly version?: string;
  readonly semverFilter?: string;
  readonly pin?: PinMode;
}

/** The tag-selection rules Flux applies for a strategy (see notes/flux.md §3). */
export function ruleSetFor(strategy: SourceStrategy): RuleSet {
  return strategy === 'HelmRepository' ? 'helm-repository' : 'oci-repository';
}

/**
 * The selection rules of the release that will pull: the Flux release's
 * (`selectionRulesFor`), or the newest Flux's for helm-operator, whose own
 * rules have not been read (it pulls with Helm's OCI client, as a
 * HelmRepository does).
 */
export function selectionRulesOf(target: Target | undefined): SelectionRules {
  return target && target.kind === 'flux' ? selectionRulesFor(target.fluxVersion) : NEWEST_SELECTION_RULES;
}

/**
 * Requests already classified, per rule set: a release's constraint is read
 * at construction, by the builders and by the registry check, and many
 * releases share one (`1.x`). Invalid ones throw and are not kept.
 */
const classified = new Map<string, VersionRequest>();

/** The release's `version` as an exact version or a range, `*` when unset, by the target's rules. */
export function versionRequestOf(spec: VersionFields, strategy: SourceStrategy, target: Target | undefined): VersionRequest {
  const rules = selectionRulesOf(target);
  const ruleSet = ruleSetFor(strategy);
  const version = spec.version ?? '*';
  const key = `${rules.parseVersion} ${rules.masterminds} ${rules.chartLayerUnderscore} ${ruleSet} ${version}`;
  let request = classified.get(key);
  if (!request) {
    request = classifyVersionRequest(version, ruleSet, rules);
    classified.set(key, request);
  }
  return request;
}

export function checkVersionRequest(issues: IssueList, spec: VersionFields, strategy: SourceStrategy, target: Target): void {
  if (spec.version !== undefined && typeof spec.version !== 'string') {
    issues.add('version', `expected a version or range string such as '1.2.3' or '>=1.0.0 <2.0.0', got ${typeof spec.version}`);
    return;
  }
  // Flux compiles semverFilter before it parses the range, so its error is reported first.
  if (spec.semverFilter !== undefined) {
    try {
      compileSemverFilter(spec.semverFilter);
    } catch (e) {
      if (!(e instanceof FluxOciError)) throw e;
      issues.add('semverFilter', e.message);
    }
  }
  let request: VersionRequest | undefined;
  try {
    request = versionRequestOf(spec, strategy, target);
  } catch (e) {
    if (!(e instanceof FluxOciError)) throw e;
    issues.add('version', e.message);
  }
  if (spec.semverFilter !== undefined) {
    if (strategy !== 'OCIRepository') {
      issues.add('semverFilter', "semverFilter is an OCIRepository field; use strategy 'OCIRepository' or drop it");
    } else if (request?.kind === 'exact') {
      issues.add('semverFilter', `semverFilter applies only to a version range, but version '${spec.version}' is exact`);
    }
  }
  if (spec.pin === 'digest' && strategy === 'HelmRepository') {
    issues.add('pin', "pin 'digest' writes OCIRepository ref.digest; HelmRepository charts can be pinned to a version only (pin 'version') or use strategy 'OCIRepository'");
  }
}
