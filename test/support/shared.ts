import { existsSync } from 'node:fs';
import * as path from 'node:path';

/**
 * The steering repository's `shared/` folder (CRDs, semver vectors), read in
 * place and never copied. `FLUX_OCI_SHARED` overrides the default `../shared`
 * next to the repository root. A missing folder fails the test run: a suite
 * that silently skips is not a test.
 */
export const SHARED_DIR = path.resolve(
  process.env.FLUX_OCI_SHARED ?? path.join(__dirname, '..', '..', '..', 'shared'),
);

export function sharedPath(...segments: string[]): string {
  const p = path.join(SHARED_DIR, ...segments);
  if (!existsSync(p)) {
    throw new Error(
      `shared reference file missing: ${p} (set FLUX_OCI_SHARED to the folder holding flux-crds/ and semver-vectors/)`,
    );
  }
  return p;
}
