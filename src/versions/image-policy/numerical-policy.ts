import { parseGoFloat } from './go-parse-float';
import { EMPTY_LIST_MESSAGE, Policer, PolicerResult } from './policer';
import { readPolicyOrder } from './policy-order';

/**
 * The numerical ImagePolicy (fluxcd/image-reflector-controller
 * `internal/policy/numerical.go` @debe2aaa, `Numerical.Latest`): every tag
 * must be a Go float (`strconv.ParseFloat(tag, 64)`, see `parseGoFloat`), or
 * the whole policy fails on the first that is not, with `failed to parse
 * invalid numeric value '%s'`. Walking the tags, a tag replaces the current
 * one unless it is smaller (`ASC`) or greater (`DESC`): so of equal values
 * the last one walked wins, and NaN, which compares false with everything,
 * always replaces and is always replaced.
 *
 * @param order the order already upper-cased, as `PolicerFromSpec` passes it
 */
export function numericalPolicer(order: string): PolicerResult {
  const read = readPolicyOrder(order);
  if (!read.ok) return read;
  const ascending = read.order === 'ASC';
  const policer: Policer = {
    latest(tags) {
      if (tags.length === 0) return { ok: false, cause: 'no-match', message: EMPTY_LIST_MESSAGE };
      let latest = '';
      let previous = 0;
      for (let i = 0; i < tags.length; i++) {
        const parsed = parseGoFloat(tags[i]);
        if (!parsed.ok) return { ok: false, cause: 'not-numeric', message: `failed to parse invalid numeric value '${tags[i]}'` };
        const current = parsed.value;
        if (i > 0 && (ascending ? current < previous : current > previous)) continue;
        latest = tags[i];
        previous = current;
      }
      return { ok: true, tag: latest };
    },
    rivals(tags, winner) {
      const values = tags.map((tag) => {
        const parsed = parseGoFloat(tag);
        return parsed.ok ? parsed.value : NaN;
      });
      // With a NaN among them, any tag can come last after the last NaN walked, so any tag can win.
      if (values.some(Number.isNaN)) return tags.filter((tag) => tag !== winner);
      const best = values[tags.indexOf(winner)];
      return tags.filter((tag, i) => tag !== winner && values[i] === best);
    },
  };
  return { ok: true, policer };
}
