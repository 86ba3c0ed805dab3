import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { checkFindings, cli } from './run-cli';
import { lineOf } from './tree-files';
import { fluxKustomizationYaml, helmReleaseYaml } from '../support/flux-yaml';

/**
 * `flux-oci check --flux-version`: a field the named Flux release's CRD
 * lacks is pruned by its API server and does nothing there, so it is an
 * error at the field (once, where the packaged schema lacks it too);
 * without a named release nothing is judged.
 */

function tree(): string {
  const dir = mkdtempSync(join(tmpdir(), 'check-newer-fields-'));
  writeFileSync(join(dir, 'apps.yaml'), `${helmReleaseYaml('web', `  commonMetadata:
    labels:
      team: web
  waitStrategy:
    name: poller
`)}---
${fluxKustomizationYaml('apps', './apps', '  ignoreMissingComponents: true\n')}`);
  return dir;
}

const warnings = async (dir: string, ...flags: string[]) => (await checkFindings('schema', ['--offline', ...flags, dir])).findings
  .map((f) => `${f.severity} ${f.object.kind} ${f.pointer} ${f.line}`);

test('each field the named Flux lacks is one error at its line; the newest Flux, or none named, judges none', async () => {
  const dir = tree();
  const at = (needle: string) => lineOf(dir, 'apps.yaml', needle);
  expect(await warnings(dir, '--flux-version', '2.6')).toEqual([
    `error HelmRelease /spec/commonMetadata ${at('commonMetadata:')}`,
    // The packaged schema for Flux 2.6 and 2.7 (helm-controller v1.4.5) lacks it too: its finding stands alone.
    `error HelmRelease /spec/waitStrategy ${at('waitStrategy:')}`,
    `error Kustomization /spec/ignoreMissingComponents ${at('ignoreMissingComponents:')}`,
  ]);
  expect(await warnings(dir, '--flux-version', '2.7')).toEqual([`error HelmRelease /spec/waitStrategy ${at('waitStrategy:')}`]);
  expect(await warnings(dir, '--flux-version', '2.9')).toEqual([]);
  expect(await warnings(dir)).toEqual([]);
});

test('the message says which Flux serves the field and what the older one does with it', async () => {
  const run = await cli(['check', '--offline', '--flux-version', '2.6', tree()]);
  expect(run.stdout).toContain('error [schema] HelmRelease apps/web: spec.commonMetadata needs Flux 2.7 or newer (HelmRelease commonMetadata); '
    + 'the API server of Flux 2.6 would drop it (its CRD lacks the field), so it does nothing there: upgrade Flux or remove the field');
});

test('an apiVersion the named Flux does not serve is an api-version error, not dated field by field', async () => {
  const findings = JSON.parse((await cli(['check', '--json', '--offline', '--flux-version', '2.2', tree()])).stdout).findings;
  const release = findings.filter((f: any) => f.object?.kind === 'HelmRelease');
  expect(release.filter((f: any) => f.rule === 'api-version')).toHaveLength(1);
  expect(release.filter((f: any) => f.message.includes('needs Flux'))).toEqual([]);
});

test("a field of a list's entries is dated entry by entry: dependsOn readyExpr needs Flux 2.7", async () => {
  const dir = mkdtempSync(join(tmpdir(), 'check-newer-fields-'));
  const dependsOn = '  dependsOn:\n    - name: infra\n    - name: db\n      readyExpr: "dep.status.ready == true"\n';
  const text = `${helmReleaseYaml('web', dependsOn)}---\n${fluxKustomizationYaml('apps', './apps', dependsOn)}`;
  writeFileSync(join(dir, 'apps.yaml'), text);
  const [release, kustomization] = text.split('\n').flatMap((line, i) => (line.includes('readyExpr') ? [i + 1] : []));
  expect(await warnings(dir, '--flux-version', '2.6')).toEqual([
    `error HelmRelease /spec/dependsOn/1/readyExpr ${release}`,
    `error Kustomization /spec/dependsOn/1/readyExpr ${kustomization}`,
  ]);
  expect(await warnings(dir, '--flux-version', '2.7')).toEqual([]);
  const run = await cli(['check', '--offline', '--flux-version', '2.6', dir]);
  expect(run.stdout).toContain('HelmRelease apps/web: spec.dependsOn[1].readyExpr needs Flux 2.7 or newer (HelmRelease dependsOn readyExpr)');
});

test("notification CEL fields are dated too: a Receiver's resourceFilter needs Flux 2.5, its resources' filter 2.9, a Provider's commitStatusExpr 2.6", async () => {
  const dir = mkdtempSync(join(tmpdir(), 'check-newer-fields-'));
  const text = `apiVersion: notification.toolkit.fluxcd.io/v1
kind: Receiver
metadata:
  name: push
  namespace: flux-system
spec:
  type: generic
  secretRef:
    name: token
  resources:
    - kind: OCIRepository
      name: app
      filter: req.tag == 'latest'
  resourceFilter: res.metadata.name == 'app'
---
apiVersion: notification.toolkit.fluxcd.io/v1beta3
kind: Provider
metadata:
  name: github
  namespace: flux-system
spec:
  type: github
  address: https://github.com/acme/app
  secretRef:
    name: token
  commitStatusExpr: "event.involvedObject.name + '/' + provider.metadata.uid"
`;
  writeFileSync(join(dir, 'notification.yaml'), text);
  const at = (needle: string) => lineOf(dir, 'notification.yaml', needle);
  // Up to 2.7 the packaged schema of those releases already lacks resources[].filter: its "unknown field" stands alone.
  expect(await warnings(dir, '--flux-version', '2.4')).toEqual([
    `error Receiver /spec/resources/0/filter ${at('filter: req.tag')}`,
    `error Receiver /spec/resourceFilter ${at('resourceFilter')}`,
    `error Provider /spec/commitStatusExpr ${at('commitStatusExpr')}`,
  ]);
  expect(await warnings(dir, '--flux-version', '2.5')).toEqual([
    `error Receiver /spec/resources/0/filter ${at('filter: req.tag')}`, `error Provider /spec/commitStatusExpr ${at('commitStatusExpr')}`,
  ]);
  expect(await warnings(dir, '--flux-version', '2.8')).toEqual([`error Receiver /spec/resources/0/filter ${at('filter: req.tag')}`]);
  expect(await warnings(dir, '--flux-version', '2.9')).toEqual([]);
});
