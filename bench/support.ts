/**
 * What the benchmarks share: a bounded-concurrency pool, medians, and a
 * local registry seeded once with tagged repositories and kept in
 * bench/.work/ (seeding tens of thousands of tags takes minutes).
 */
import { existsSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { performance } from 'node:perf_hooks';
import { pushTestTags, TestRegistry } from '../test/support/registry';

/** Runs `fn` over `items`, `width` at a time; results in the order of `items`. */
export async function pool<T, R>(items: readonly T[], width: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const results: R[] = [];
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) {
      const i = next++;
      results[i] = await fn(items[i]);
    }
  };
  await Promise.all(Array.from({ length: width }, worker));
  return results;
}

/** The median (the mean of the middle two for an even count). */
export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/** What to seed: `count` repositories `<prefix>NNN`, each one chart manifest under every tag. */
export interface SeedOptions {
  /** The registry's data folder, the one `startRegistry({ dataDir })` was given. */
  readonly dataDir: string;
  readonly prefix: string;
  readonly count: number;
  readonly tags: readonly string[];
  /** Tags pushed at a time per repository (8 repositories at a time). */
  readonly concurrency: number;
}

/** The repositories, pushed on the first run and reused after (a mark file in `dataDir` says they are complete). */
export async function seededRepositories(registry: TestRegistry, options: SeedOptions): Promise<string[]> {
  const repositories = Array.from({ length: options.count }, (_, i) => `${options.prefix}${String(i).padStart(3, '0')}`);
  const mark = join(options.dataDir, `seeded-${options.count}x${options.tags.length}`);
  const shown = relative(process.cwd(), options.dataDir);
  if (existsSync(mark)) {
    console.log(`reusing the registry seeded in ${shown} (delete it to seed again)`);
    return repositories;
  }
  const start = performance.now();
  await pool(repositories, 8, (repo) =>
    pushTestTags(registry, repo, [...options.tags], { version: options.tags[0], concurrency: options.concurrency }));
  writeFileSync(mark, '');
  console.log(`seeded ${options.count} repositories × ${options.tags.length} tags in ${Math.round((performance.now() - start) / 1000)} s, kept in ${shown}`);
  return repositories;
}
