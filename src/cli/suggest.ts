import { editDistance } from '../foundation/edit-distance';

/**
 * The candidate closest to what was typed, for "did you mean" hints on
 * unknown commands and options: a candidate the input is a prefix of (the
 * shortest), else the one at the smallest edit distance (insertions,
 * deletions, substitutions, adjacent swaps) if that distance is small for
 * the input's length; undefined when nothing is close.
 */
export function closest(input: string, candidates: readonly string[]): string | undefined {
  const prefixed = candidates.filter((c) => c.startsWith(input) && input.length >= 3).sort((a, b) => a.length - b.length);
  if (prefixed.length > 0) return prefixed[0];
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const candidate of candidates) {
    const d = editDistance(input, candidate);
    if (d < bestDistance) {
      best = candidate;
      bestDistance = d;
    }
  }
  return bestDistance <= Math.max(1, Math.floor(input.length / 3)) ? best : undefined;
}
