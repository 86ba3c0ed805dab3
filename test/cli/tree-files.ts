import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** Replaces the first `from` in `dir/file` with `to`; throws when the file has no `from`, so an edit never silently misses. */
export function edit(dir: string, file: string, from: string, to: string): void {
  const text = readFileSync(join(dir, file), 'utf8');
  if (!text.includes(from)) throw new Error(`${file} has no ${from}`);
  writeFileSync(join(dir, file), text.replace(from, to));
}

/** The 1-based line of `dir/file` that first holds `needle` (0 when none does). */
export function lineOf(dir: string, file: string, needle: string): number {
  return readFileSync(join(dir, file), 'utf8').split('\n').findIndex((l) => l.includes(needle)) + 1;
}
