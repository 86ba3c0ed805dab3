/**
 * Optimal string alignment distance (Damerau-Levenshtein without repeated
 * edits of a substring): insertions, deletions, substitutions, and a swap
 * of two adjacent letters as one edit. For "did you mean" hints.
 */
export function editDistance(a: string, b: string): number {
  const rows: number[][] = Array.from({ length: a.length + 1 }, (_, i) => [i, ...new Array<number>(b.length).fill(0)]);
  for (let j = 1; j <= b.length; j++) rows[0][j] = j;
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      rows[i][j] = Math.min(rows[i - 1][j] + 1, rows[i][j - 1] + 1, rows[i - 1][j - 1] + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) rows[i][j] = Math.min(rows[i][j], rows[i - 2][j - 2] + 1);
    }
  }
  return rows[a.length][b.length];
}

/**
 * The candidate closest to what was typed, for "did you mean" hints (an
 * unknown command or option, a folder name that is not there): a candidate the input is a prefix of (the
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
