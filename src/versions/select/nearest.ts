import type { Constraint, SemVer } from '../semver';
import { constraintInterval, Interval, isAbove, isBelow } from './bounds';
import { Candidate } from './candidates';

/**
 * Up to `limit` candidates closest to an exact version: those with its
 * major.minor first, then those with its major, then the rest, each group
 * from the nearest outwards.
 *
 * @param sorted candidates in ascending `compareCandidates` order
 */
export function nearestToVersion(sorted: readonly Candidate[], target: SemVer, limit: number): Candidate[] {
  const exactly = { version: target, inclusive: true };
  const interval = { lower: exactly, upper: exactly };
  const tier = (c: Candidate): number =>
    c.version.major !== target.major ? 2 : c.version.minor !== target.minor ? 1 : 0;
  const out: Candidate[] = [];
  for (let t = 0; t < 3 && out.length < limit; t++) {
    out.push(...outwards(sorted.filter((c) => tier(c) === t), interval, true));
  }
  return out.slice(0, limit);
}

/**
 * Up to `limit` candidates closest to a range: the highest below its lower
 * end and the lowest above its upper end, then those inside it that failed
 * for another reason (prerelease, `!=`), newest first, then further out.
 * For an unbounded range that is simply the newest versions.
 *
 * @param sorted candidates in ascending `compareCandidates` order
 */
export function nearestToRange(sorted: readonly Candidate[], constraint: Constraint, limit: number): Candidate[] {
  return outwards(sorted, constraintInterval(constraint), false).slice(0, limit);
}

/**
 * All candidates ordered by distance from `interval`: the nearest one below
 * and the nearest above, the ones inside (newest first; before the others
 * when `insideFirst`), then alternately further below and above.
 */
function outwards(sorted: readonly Candidate[], interval: Interval, insideFirst: boolean): Candidate[] {
  let first = 0;
  while (first < sorted.length && isBelow(sorted[first].version, interval)) first++;
  let end = first;
  while (end < sorted.length && !isAbove(sorted[end].version, interval)) end++;
  const inside = sorted.slice(first, end).reverse();
  const out: Candidate[] = insideFirst ? inside : [];
  let below = first - 1;
  let above = end;
  if (below >= 0) out.push(sorted[below--]);
  if (above < sorted.length) out.push(sorted[above++]);
  if (!insideFirst) out.push(...inside);
  while (below >= 0 || above < sorted.length) {
    if (below >= 0) out.push(sorted[below--]);
    if (above < sorted.length) out.push(sorted[above++]);
  }
  return out;
}
