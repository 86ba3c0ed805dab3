import { FLUX_VERSION_RANGE } from './flux-version-option';

/** The flags that say by which Flux rules a `--version` range selects (tags, show). */
export const SELECTION_OPTIONS = {
  'semver-filter': { type: 'string' },
  'helm-repository': { type: 'boolean' },
  'flux-version': { type: 'string' },
} as const;

export const SELECTION_USAGE = `  --semver-filter <re>    OCIRepository ref.semverFilter (Go RE2 syntax), applied first
  --helm-repository       the rules of a HelmRepository (chart.spec) instead: strict
                          SemVer tags only, no semverFilter
  --flux-version <v>      the Flux release whose rules apply (${FLUX_VERSION_RANGE}; default: the newest)`;
