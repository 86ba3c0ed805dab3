/* eslint-disable no-bitwise -- the Go program's xorshift32 and FNV-1a hash, bit for bit */
/**
 * The port of Go's `sort.Sort` (src/versions/select/go-sort.ts) against Go
 * itself: `go-sort-vectors.json` was printed by a small Go 1.19.8 program
 * that builds each input below, sorts `{key, id}` pairs with
 * `sort.Sort(sort.Reverse(byKey))` and hashes the resulting order of ids
 * (FNV-1a, 32 bit). golang/go `src/sort/zsortinterface.go` is identical in
 * Go 1.19.8 and at 662feb6f. Many equal keys make the order of ties, which
 * is what a port can get wrong, visible in the hash.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { goSort } from '../../../src/versions/select/go-sort';

interface Row {
  readonly pattern: 'random' | 'ascending' | 'descending' | 'sawtooth' | 'organ' | 'nearly';
  readonly n: number;
  readonly m: number;
  readonly seed: number;
  readonly hash: number;
  readonly first: number;
}

const rows: Row[] = JSON.parse(readFileSync(join(__dirname, 'go-sort-vectors.json'), 'utf8'));

/** The Go program's xorshift32. */
function rng(seed: number): () => number {
  let x = seed >>> 0;
  return () => {
    x ^= x << 13;
    x >>>= 0;
    x ^= x >>> 17;
    x ^= x << 5;
    x >>>= 0;
    return x;
  };
}

function keys({ pattern, n, m, seed }: Row): number[] {
  const next = rng(seed);
  const out = Array.from({ length: n }, (_, i) => {
    switch (pattern) {
      case 'random': return next() % m;
      case 'descending': return Math.trunc((n - i) / m);
      case 'sawtooth': return i % m;
      case 'organ': return i < Math.trunc(n / 2) ? Math.trunc(i / m) : Math.trunc((n - i) / m);
      default: return Math.trunc(i / m);
    }
  });
  if (pattern === 'nearly') {
    for (let k = 0; k < 3; k++) {
      const a = next() % n;
      const b = next() % n;
      [out[a], out[b]] = [out[b], out[a]];
    }
  }
  return out;
}

function fnv1a(ids: readonly number[]): number {
  let h = 2166136261;
  for (const id of ids) {
    h ^= id;
    h = Math.imul(h, 16777619) >>> 0;
  }
  return h;
}

describe('goSort matches Go sort.Sort(sort.Reverse(…)) element for element', () => {
  test('the vectors cover every size class of pdqsort', () => {
    expect(rows).toHaveLength(240);
    expect(new Set(rows.map((r) => r.n))).toEqual(new Set([2, 12, 13, 49, 50, 51, 100, 257, 1000, 4096]));
  });

  test.each(rows.map((r) => [`${r.pattern} n=${r.n} m=${r.m}`, r] as const))('%s', (_title, row) => {
    const items = keys(row).map((key, id) => ({ key, id }));
    goSort(items, (a, b) => b.key < a.key);
    expect(items[0].id).toBe(row.first);
    expect(fnv1a(items.map((i) => i.id))).toBe(row.hash);
  });
});
