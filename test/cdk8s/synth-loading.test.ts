import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Lockfile } from '../../src/check/lockfile';

/**
 * A synth loads the registry check's code only when it can use it: with
 * checks off (`FLUX_OCI_RESOLVE=off`, as `npm run synth` runs the examples)
 * and no lockfile, no Resolver, lockfile, plan or tag-selection module is
 * loaded; a lockfile beside the app (whose entries still pin) brings them.
 * Checked in a fresh Node process, where `require.cache` lists every module.
 */

const ROOT = join(__dirname, '..', '..');
const CHECK_CODE = /\/src\/(check\/(resolver|lockfile|plan)|versions\/select\/select-tag)\.ts$/;

/** Synthesizes one ChartRelease (`pin` as given) with checks off in a fresh process; the app's YAML and the flux-oci modules loaded. */
function synthOff(lockfile: string, pin: 'none' | 'version'): { yaml: string; loaded: string[] } {
  const outdir = mkdtempSync(join(tmpdir(), 'flux-oci-loading-'));
  const script = `
    const { App, Chart } = require('cdk8s');
    const { ChartRelease, FluxOci, OciHelmSource } = require(${JSON.stringify(join(ROOT, 'src', 'cdk8s'))});
    const app = new App({ outdir: ${JSON.stringify(outdir)} });
    FluxOci.configure(app, { resolve: { lockfile: ${JSON.stringify(lockfile)} } });
    const chart = new Chart(app, 'apps', { namespace: 'apps' });
    const source = new OciHelmSource(chart, 'charts', { url: 'oci://127.0.0.1:9/charts' });
    new ChartRelease(chart, 'web', { source, chart: 'web', version: '1.x', pin: ${JSON.stringify(pin)} });
    app.synth();
    process.stdout.write(JSON.stringify(Object.keys(require.cache).filter((f) => f.startsWith(${JSON.stringify(join(ROOT, 'src'))}))));`;
  const child = spawnSync(process.execPath, ['-r', 'ts-node/register/transpile-only', '-e', script], {
    cwd: ROOT, encoding: 'utf8', env: { ...process.env, FLUX_OCI_RESOLVE: 'off' },
  });
  if (child.status !== 0) throw new Error(`synth failed: ${child.stderr}`);
  return { yaml: readFileSync(join(outdir, 'apps.k8s.yaml'), 'utf8'), loaded: JSON.parse(child.stdout) as string[] };
}

test('checks off and no lockfile: the synth loads no registry-check code', () => {
  const { yaml, loaded } = synthOff(join(mkdtempSync(join(tmpdir(), 'flux-oci-nolock-')), 'flux-oci.lock.json'), 'none');
  expect(loaded.some((f) => f.endsWith('/src/cdk8s/chart-release.ts'))).toBe(true);
  expect(loaded.filter((f) => CHECK_CODE.test(f))).toEqual([]);
  expect(yaml).toContain('semver: 1.x');
});

test('checks off with a lockfile: its entry pins the release, so the Resolver is loaded', () => {
  const lockfile = join(mkdtempSync(join(tmpdir(), 'flux-oci-lock-')), 'flux-oci.lock.json');
  const lock = Lockfile.load(lockfile);
  lock.set({ path: 'apps/web', reference: 'oci://127.0.0.1:9/charts/web', version: '1.x', ruleSet: 'oci-repository' },
    { version: '1.4.2', tag: '1.4.2', digest: `sha256:${'a'.repeat(64)}` });
  lock.save();
  const { yaml, loaded } = synthOff(lockfile, 'version');
  expect(loaded.filter((f) => CHECK_CODE.test(f)).map((f) => f.slice(f.indexOf('/src/') + 1)).sort())
    .toEqual(['src/check/lockfile.ts', 'src/check/plan.ts', 'src/check/resolver.ts', 'src/versions/select/select-tag.ts']);
  expect(yaml).toContain('tag: 1.4.2');
});
