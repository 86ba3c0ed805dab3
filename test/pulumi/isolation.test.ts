import { spawnSync } from 'node:child_process';
import { join } from 'node:path';

/**
 * Entry points load only their own peers: a cdk8s user never loads
 * `@pulumi/*` (nor needs it installed), a Pulumi user never loads cdk8s or
 * constructs. Checked in a fresh Node process, where `require.cache` lists
 * every module the entry point pulled in.
 */

const ROOT = join(__dirname, '..', '..');

function modulesLoadedBy(...entries: string[]): string[] {
  const script = `${entries.map((e) => `require(${JSON.stringify(join(ROOT, e))});`).join(' ')} process.stdout.write(JSON.stringify(Object.keys(require.cache)));`;
  const child = spawnSync(process.execPath, ['-r', 'ts-node/register/transpile-only', '-e', script], { cwd: ROOT, encoding: 'utf8' });
  if (child.status !== 0) throw new Error(`loading ${entries.join(', ')} failed: ${child.stderr}`);
  return JSON.parse(child.stdout) as string[];
}

const fromPackage = (name: string) => (file: string) => file.includes(`/node_modules/${name}/`);

test("'flux-oci' and 'flux-oci/cdk8s' load no @pulumi module", () => {
  const loaded = modulesLoadedBy('src/index.ts', 'src/cdk8s/index.ts');
  expect(loaded.some(fromPackage('cdk8s'))).toBe(true);
  expect(loaded.filter(fromPackage('@pulumi'))).toEqual([]);
});

test("'flux-oci/pulumi' loads neither cdk8s nor constructs", () => {
  const loaded = modulesLoadedBy('src/pulumi/index.ts');
  expect(loaded.some(fromPackage('@pulumi/pulumi'))).toBe(true);
  expect(loaded.some(fromPackage('@pulumi/kubernetes'))).toBe(true);
  expect(loaded.filter((f) => fromPackage('cdk8s')(f) || fromPackage('constructs')(f))).toEqual([]);
});
