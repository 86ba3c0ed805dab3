import type { PinMode } from './resolution';
import type { SourceStrategy } from './source';
import { FluxOciError } from '../foundation/errors';
import { IssueList } from '../foundation/issues';
import { classifyVersionRequest, compileSemverFilter, RuleSet, VersionRequest } from '../versions/select';

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

/** The release's `version` as an exact version or a range, `*` when unset. */
export function versionRequestOf(spec: VersionFields, strategy: SourceStrategy): VersionRequest {
  return classifyVersionRequest(spec.version ?? '*', ruleSetFor(strategy));
}

export function checkVersionRequest(issues: IssueList, spec: VersionFields, strategy: SourceStrategy): void {
  if (spec.version !== undefined && typeof spec.version !== 'string') {
    issues.add('version', `expected a version or range string such as '1.2.3' or '>=1.0.0 <2.0.0', got ${typeof spec.version}`);
    return;
  }
  let request: VersionRequest | undefined;
  try {
    request = versionRequestOf(spec, strategy);
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
    try {
      compileSemverFilter(spec.semverFilter);
    } catch (e) {
      if (!(e instanceof FluxOciError)) throw e;
      issues.add('semverFilter', e.message);
    }
  }
  if (spec.pin === 'digest' && strategy === 'HelmRepository') {
    issues.add('pin', "pin 'digest' writes OCIRepository ref.digest; HelmRepository charts can be pinned to a version only (pin 'version') or use strategy 'OCIRepository'");
  }
}
