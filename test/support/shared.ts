import { existsSync } from 'node:fs';
import * as path from 'node:path';

/**
 * The repository's `reference/` folder: upstream CRDs and semver vectors,
 * copied in with their provenance (see `reference/README.md`), so a fresh
 * clone tests with nothing beside it. A missing file fails the test run: a
 * suite that silently skips is not a test.
 */
export const SHARED_DIR = path.resolve(__dirname, '..', '..', 'reference');

export function sharedPath(...segments: string[]): string {
  const p = path.join(SHARED_DIR, ...segments);
  if (!existsSync(p)) throw new Error(`reference file missing: ${p} (see reference/README.md)`);
  return p;
}
