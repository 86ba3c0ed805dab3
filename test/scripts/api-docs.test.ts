import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * The API reference a user reads: every prop and arg of `flux-oci/cdk8s`
 * and `flux-oci/pulumi`, and every type they name, has a description and is
 * exported from the entry point the user imports; defaults read as values or
 * sentences. `npm run api-docs` (and `api-docs:check` in `npm test`) runs
 * the same lint before writing the pages.
 */

const ROOT = join(__dirname, '..', '..');

function lint(...args: string[]): { status: number | null; output: string } {
  const child = spawnSync(process.execPath, [join(ROOT, 'scripts', 'api-docs.mjs'), '--lint', ...args], { cwd: ROOT, encoding: 'utf8' });
  return { status: child.status, output: child.stdout + child.stderr };
}

test('every prop and arg the front ends export, and every type they name, is described and exported from the same entry point', () => {
  const result = lint('--entry', 'src/cdk8s/index.ts', '--entry', 'src/pulumi/index.ts');
  expect(result.output).toContain('API lint passed');
  expect(result.status).toBe(0);
}, 600_000);

test('the lint names an undescribed prop and a prop type its entry point does not export', () => {
  const fixture = join('test', 'scripts', 'fixtures', 'api-lint');
  const result = lint('--entry', join(fixture, 'index.ts'), '--tsconfig', join(fixture, 'tsconfig.json'));
  expect(result.status).toBe(1);
  expect(result.output).toContain('WidgetProps.undescribed has no description');
  expect(result.output).toMatch(/Hidden, defined in .*hidden\.ts, is referenced by WidgetProps\.hidden but not included in the documentation/);
  expect(result.output).not.toContain('WidgetProps.described has no description');
}, 600_000);

test('defaults read as a value or a sentence, never as a code block holding "- none"', () => {
  const page = readFileSync(join(ROOT, 'docs', 'api', 'cdk8s.md'), 'utf8');
  const install = page.slice(page.indexOf('### InstallOptions'));
  // `@default 'Create'`: the value, as code.
  expect(install).toMatch(/##### crds\?[\s\S]*?###### Default\n\n`'Create'`\n/);
  // `@default - Flux's default, RemediateOnFailure`: the sentence, as text.
  expect(install).toMatch(/##### strategy\?[\s\S]*?###### Default\n\nFlux's default, RemediateOnFailure\n/);
  expect(page).not.toMatch(/```[a-z]*\n- /);
  expect(page).not.toMatch(/###### Default\n\n- /);
});
