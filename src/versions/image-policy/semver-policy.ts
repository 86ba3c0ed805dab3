import { InvalidConstraintError } from '../errors';
import { Constraint, SemVer, tryParseFluxVersion } from '../semver';
import { EMPTY_LIST_MESSAGE, Policer, PolicerResult } from './policer';
import type { ImagePolicyRules } from './types';

/**
 * The semver ImagePolicy (fluxcd/image-reflector-controller
 * `internal/policy/semver.go` @debe2aaa): `semver.NewConstraint(range)`
 * when the policy is built (its error is the policy's), then in `Latest`
 * every tag through fluxcd/pkg `version.ParseVersion`, skipping those it
 * rejects, and the greatest version satisfying the range wins, by
 * `GreaterThan`: of versions equal in precedence (`1.2.3`, `v1.2.3`,
 * `1.2.3+b`) the first walked stays. The answer is the tag as written
 * (`Original()`). No such tag: `unable to determine latest version from
 * provided list`.
 */
export function semverPolicer(range: string, rules: ImagePolicyRules): PolicerResult {
  let constraint: Constraint;
  try {
    constraint = Constraint.parse(range, { masterminds: rules.masterminds });
  } catch (e) {
    if (e instanceof InvalidConstraintError) return { ok: false, reason: e.reason };
    throw e;
  }
  const matching = (tag: string): SemVer | undefined => {
    const version = tryParseFluxVersion(tag, rules.parseVersion);
    return version !== undefined && constraint.check(version) ? version : undefined;
  };
  const policer: Policer = {
    latest(tags) {
      if (tags.length === 0) return { ok: false, cause: 'no-match', message: EMPTY_LIST_MESSAGE };
      let best: SemVer | undefined;
      for (const tag of tags) {
        const version = matching(tag);
        if (version !== undefined && (best === undefined || version.greaterThan(best))) best = version;
      }
      if (best === undefined) return { ok: false, cause: 'no-match', message: 'unable to determine latest version from provided list' };
      return { ok: true, tag: best.original };
    },
    rivals(tags, winner) {
      const best = matching(winner);
      if (best === undefined) return [];
      return tags.filter((tag) => tag !== winner && matching(tag)?.compare(best) === 0);
    },
  };
  return { ok: true, policer };
}
