import { compareGoStrings } from './go-strings';
import { EMPTY_LIST_MESSAGE, Policer, PolicerResult } from './policer';
import { readPolicyOrder } from './policy-order';

/**
 * The alphabetical ImagePolicy (fluxcd/image-reflector-controller
 * `internal/policy/alphabetical.go` @debe2aaa): Go sorts the tags with
 * `sort.StringSlice` (byte-wise UTF-8) and takes the first, the order
 * reversed for `ASC`. So `ASC` picks the greatest tag and `DESC` the
 * smallest; no sort is needed for that. Tags are distinct strings, so no
 * two tie and the order Go walks them in does not matter.
 *
 * @param order the order already upper-cased, as `PolicerFromSpec` passes it
 */
export function alphabeticalPolicer(order: string): PolicerResult {
  const read = readPolicyOrder(order);
  if (!read.ok) return read;
  const sign = read.order === 'ASC' ? 1 : -1;
  const policer: Policer = {
    latest(tags) {
      if (tags.length === 0) return { ok: false, cause: 'no-match', message: EMPTY_LIST_MESSAGE };
      let best = tags[0];
      for (const tag of tags) if (sign * compareGoStrings(tag, best) > 0) best = tag;
      return { ok: true, tag: best };
    },
    rivals: () => [],
  };
  return { ok: true, policer };
}
