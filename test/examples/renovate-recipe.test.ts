/**
 * The Renovate recipe in docs/renovate.json (shown in the README) finds
 * every ChartRelease of the examples with its registry URL and version.
 *
 * Renovate's regex manager with `matchStringsStrategy: "recursive"` is
 * reproduced here as renovatebot/renovate implements it
 * (lib/modules/manager/custom/regex/strategies.ts `processRecursive`, read
 * at 0356c5c7): each matchString runs, global, over the previous level's
 * match; the named groups of every level are merged; the last level's match
 * is what Renovate rewrites. Renovate compiles patterns with RE2, so the
 * recipe must use no lookaround or backreference (checked below).
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { App } from 'cdk8s';
import { ChartRelease, FluxOci } from '../../src/cdk8s';

const ROOT = join(__dirname, '..', '..');
const EXAMPLES = join(ROOT, 'examples');
const RECIPE_TEXT = readFileSync(join(ROOT, 'docs', 'renovate.json'), 'utf8');
const RECIPE = JSON.parse(RECIPE_TEXT).customManagers[0];

interface Dependency {
  readonly depName: string;
  readonly currentValue: string;
  /** The text Renovate replaces `currentValue` in. */
  readonly replaceString: string;
}

function extract(content: string): Dependency[] {
  const regexes: RegExp[] = RECIPE.matchStrings.map((s: string) => new RegExp(s, 'g'));
  const found: Dependency[] = [];
  const recurse = (text: string, level: number, groups: Record<string, string>): void => {
    if (level === regexes.length) {
      const depName = RECIPE.depNameTemplate.replace(/\{\{\{(\w+)\}\}\}/g, (_: string, name: string) => groups[name]);
      found.push({ depName, currentValue: groups.currentValue, replaceString: text });
      return;
    }
    for (const match of text.matchAll(regexes[level])) recurse(match[0], level + 1, { ...groups, ...match.groups });
  };
  recurse(content, 0, {});
  return found;
}

/** What each example declares, read from its constructs after it ran (checks off): the oracle. */
function declaredReleases(name: string, defineApp: (app: App) => void): { depName: string; currentValue: string }[] {
  const app = new App({ outdir: '/nonexistent' });
  // As the example's own main() configures it.
  if (name === 'helm-operator') FluxOci.configure(app, { target: 'helm-operator' });
  defineApp(app);
  return app.node.findAll().filter((c): c is ChartRelease => c instanceof ChartRelease).map((release) => {
    const spec = release._spec();
    return { depName: `${spec.source.url.replace(/^oci:\/\//, '')}/${spec.chart}`, currentValue: spec.version ?? '*' };
  });
}

const byName = (a: { depName: string }, b: { depName: string }) => a.depName.localeCompare(b.depName);

test('the recipe is what the README shows, and RE2 can compile it (no lookaround, no backreference)', () => {
  expect(readFileSync(join(ROOT, 'README.md'), 'utf8')).toContain(RECIPE_TEXT.trim());
  for (const pattern of RECIPE.matchStrings as string[]) {
    expect(pattern).not.toMatch(/\(\?<?[=!]|\\[1-9]/);
  }
  expect(RECIPE).toMatchObject({ customType: 'regex', matchStringsStrategy: 'recursive', datasourceTemplate: 'docker' });
});

const cdk8sExamples = readdirSync(EXAMPLES).filter((name) => existsSync(join(EXAMPLES, name, 'main.ts'))).sort();

test.each(cdk8sExamples)('examples/%s: every ChartRelease found with its registry URL and version', (name) => {
  const file = join(EXAMPLES, name, 'main.ts');
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const declared = declaredReleases(name, require(file).defineApp);
  const found = extract(readFileSync(file, 'utf8'));
  expect(found.map(({ depName, currentValue }) => ({ depName, currentValue })).sort(byName)).toEqual(declared.sort(byName));
  // What Renovate rewrites holds the version literal, so a bump edits it and nothing else.
  for (const dep of found) expect(dep.replaceString).toMatch(new RegExp(`version:\\s*['"\`]${dep.currentValue.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}['"\`]$`));
});

test('examples/pulumi-private-registry: the Pulumi call shape is found too', () => {
  // The program's objects are checked in test/pulumi/example.test.ts: one release, apache 0.1.x from registry.gitlab.com/acme/charts.
  const found = extract(readFileSync(join(EXAMPLES, 'pulumi-private-registry', 'index.ts'), 'utf8'));
  expect(found.map(({ depName, currentValue }) => ({ depName, currentValue }))).toEqual([
    { depName: 'registry.gitlab.com/acme/charts/apache', currentValue: '0.1.x' },
  ]);
});
