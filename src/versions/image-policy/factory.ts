import { alphabeticalPolicer } from './alphabetical-policy';
import { goToUpper } from './go-strings';
import { numericalPolicer } from './numerical-policy';
import type { PolicerResult } from './policer';
import { semverPolicer } from './semver-policy';
import type { ImagePolicyChoice, ImagePolicyRules } from './types';

/**
 * Go's `PolicerFromSpec` (fluxcd/image-reflector-controller
 * `internal/policy/factory.go` @debe2aaa): the first of `semver`,
 * `alphabetical`, `numerical` that is set decides, the order upper-cased
 * (`strings.ToUpper`) before it is checked; none set is `given
 * ImagePolicyChoice object is invalid`. The reason is Go's error text,
 * which the controller prefixes with `invalid policy: `.
 */
export function policerFromSpec(choice: ImagePolicyChoice | undefined, rules: ImagePolicyRules): PolicerResult {
  if (choice?.semver) return semverPolicer(choice.semver.range, rules);
  if (choice?.alphabetical) return alphabeticalPolicer(goToUpper(choice.alphabetical.order ?? ''));
  if (choice?.numerical) return numericalPolicer(goToUpper(choice.numerical.order ?? ''));
  return { ok: false, reason: 'given ImagePolicyChoice object is invalid' };
}
