import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { helmReleaseYaml } from '../support/flux-yaml';

/**
 * `flux-oci check --offline` loads no registry client: a HelmRelease whose
 * chart the values check would read still asks the Resolver for it, which
 * the content cache (or nothing, offline) answers without the registry
 * code (undici, auth, the client: some 70 ms of loading on its own), and
 * with no chart to check values against, Ajv (96 modules) is not loaded.
 * Checked in a fresh Node process, where `require.cache` lists every module.
 */

const ROOT = join(__dirname, '..', '..');

const FILES = `apiVersion: source.toolkit.fluxcd.io/v1
kind: HelmRepository
metadata:
  name: charts
  namespace: apps
spec:
  type: oci
  interval: 10m
  url: oci://127.0.0.1:9/charts
---
${helmReleaseYaml('web', '  values:\n    replicas: 2\n')}`;

test('an offline check of a HelmRelease loads no registry client and no Ajv, and says the lookup was not made', () => {
  const script = `
    const { checkManifests } = require(${JSON.stringify(join(ROOT, 'src', 'check', 'manifests'))});
    checkManifests([{ file: 'apps.yaml', text: ${JSON.stringify(FILES)} }], { resolver: { mode: 'off', lockfile: false, cache: false } }).then((report) => {
      const loaded = Object.keys(require.cache).filter((f) => f.startsWith(${JSON.stringify(join(ROOT, 'src'))}));
      const ajv = Object.keys(require.cache).some((f) => f.endsWith('/node_modules/ajv/dist/ajv.js'));
      process.stdout.write(JSON.stringify({ rules: report.findings.map((f) => f.rule), loaded, ajv }));
    });`;
  const child = spawnSync(process.execPath, ['-r', 'ts-node/register/transpile-only', '-e', script], {
    cwd: ROOT, encoding: 'utf8', env: { ...process.env, FLUX_OCI_RESOLVE: 'off' },
  });
  expect(child.stderr).toBe('');
  const { rules, loaded, ajv } = JSON.parse(child.stdout) as { rules: string[]; loaded: string[]; ajv: boolean };
  expect(rules).toEqual(['not-checked']);
  expect(loaded.some((f) => f.endsWith('/src/check/resolver.ts'))).toBe(true);
  expect(loaded.filter((f) => /\/src\/(check\/online-lookup|registry\/client)\.ts$/.test(f))).toEqual([]);
  // Nor Ajv: no chart's values.schema.json to compile (the CRD validators are Ajv's standalone code).
  expect(loaded.some((f) => f.endsWith('/src/values/schema.ts'))).toBe(true);
  expect(ajv).toBe(false);
});
