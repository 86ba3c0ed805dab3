import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';

/**
 * The repository tests itself with nothing beside it (.ci/run runs the
 * suite on a fresh clone): no source, test or script reaches for the
 * steering folder next to the repository. Reference data lives in
 * reference/, with its provenance.
 */

const ROOT = join(__dirname, '..', '..');
const OUTSIDE = [
  /\.\.[/\\]shared\b/, // '../shared', '..\shared'
  /['"]\.\.['"]\s*,\s*(['"]\.\.['"]\s*,\s*)*['"]shared['"]/, // join(__dirname, '..', 'shared')
  /\/work\/shared\b/,
];

function files(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const path = join(dir, e.name);
    if (e.isDirectory()) return e.name === 'node_modules' || e.name.startsWith('.') ? [] : files(path);
    return /\.(ts|js|mjs|cjs|json|ya?ml|sh)$/.test(e.name) ? [path] : [];
  });
}

test('no file under src/, test/ or scripts/ reads ../shared', () => {
  const offenders = ['src', 'test', 'scripts'].flatMap((d) => files(join(ROOT, d)))
    .filter((f) => f !== __filename)
    .filter((f) => OUTSIDE.some((pattern) => pattern.test(readFileSync(f, 'utf8'))))
    .map((f) => relative(ROOT, f));
  expect(offenders).toEqual([]);
});

test('the patterns catch the ways a path to it is written', () => {
  for (const text of ["readFileSync('../shared/x')", "path.join(__dirname, '..', '..', 'shared', 'flux-crds')", "'/work/shared/notes'"]) {
    expect(OUTSIDE.some((p) => p.test(text))).toBe(true);
  }
  expect(OUTSIDE.some((p) => p.test("join(ROOT, 'reference', 'flux-crds')"))).toBe(false);
});
