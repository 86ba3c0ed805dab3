import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { checkFindings, cli } from './run-cli';
import { lineOf } from './tree-files';
import { fluxKustomizationYaml, helmReleaseYaml, providerYaml } from '../support/flux-yaml';

/**
 * `flux-oci check` of the CEL expressions in Flux objects, as their
 * controllers read them: health check expressions are parsed, a dependsOn
 * entry's readyExpr is compiled with `self` and `dep` and must give a
 * bool, a Receiver's filters with `res` and `req`, a Provider's
 * commitStatusExpr with `event`, `alert` and `provider` and must give a
 * string. An expression the controller refuses is an error at its field.
 */

const receiver = (name: string, type: string, spec: string) => `---
apiVersion: notification.toolkit.fluxcd.io/v1
kind: Receiver
metadata:
  name: ${name}
  namespace: flux-system
spec:
  type: ${type}
  secretRef:
    name: webhook-token
${spec}`;

const provider = (name: string, expression: string) => providerYaml(name, 'github', '  address: https://github.com/acme/app\n  secretRef:\n'
  + `    name: github-token\n  commitStatusExpr: ${JSON.stringify(expression)}\n`);

const dependsOn = (expression: string) => `  dependsOn:
    - name: infra
      readyExpr: ${JSON.stringify(expression)}
`;

async function celFindings(dir: string): Promise<string[]> {
  return (await checkFindings('cel', ['--offline', dir])).findings.map((f) => `${f.file}:${f.line} ${f.pointer} ${f.message}`);
}

test('expressions Flux parses or compiles are errors at their field when its CEL refuses them, with where and why', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'check-cel-'));
  writeFileSync(join(dir, 'kustomizations.yaml'), [
    fluxKustomizationYaml('infra', './infra'),
    fluxKustomizationYaml('health', './apps', `  wait: true
  healthCheckExprs:
    - apiVersion: cert-manager.io/v1
      kind: Certificate
      current: status.conditions.filter(e, e.type == 'Ready').all(e, e.status == 'True')
      failed: status.conditions.exists(e, e.type == 'Ready' && e.status == 'False'
`),
    fluxKustomizationYaml('typo', './apps', dependsOn('self.metadata.generation == deps.metadata.generation')),
    fluxKustomizationYaml('dyn', './apps', dependsOn('dep.status.ready')),
    fluxKustomizationYaml('fine', './apps', dependsOn("dep.status.conditions.exists(c, c.type == 'Ready' && c.status == 'True')")),
    fluxKustomizationYaml('optional', './apps', dependsOn("dep.?metadata.?annotations[?'app/version'].orValue('') == self.metadata.annotations['app/version']")),
    fluxKustomizationYaml('substituted', './apps', dependsOn('${READY_EXPR}')),
  ].join('---\n'));
  writeFileSync(join(dir, 'release.yaml'), helmReleaseYaml('web', dependsOn("dep.status.conditions.any(c, c.type == 'Ready')")));
  writeFileSync(join(dir, 'notification.yaml'), [
    receiver('push', 'generic', "  resourceFilter: res.metadata.name == req.image.split(':')[0]\n"
      + '  resources:\n    - kind: OCIRepository\n      name: app\n      filter: claims.sub == res.metadata.name\n'),
    receiver('oidc', 'generic-oidc', '  resources:\n    - kind: OCIRepository\n      name: app\n      filter: claims.sub == res.metadata.name\n'),
    provider('status', "event.metadata.namespace + '/' + event.involvedObject.name"),
    provider('dyn-status', 'event.metadata.namespace + event.involvedObject.name'),
  ].join(''));
  const line = (file: string, needle: string) => `${join(dir, file)}:${lineOf(dir, file, needle)}`;
  expect(await celFindings(dir)).toEqual([
    expect.stringMatching(new RegExp(`^${escape(line('kustomizations.yaml', 'failed: status.conditions.exists'))} /spec/healthCheckExprs/0/failed `
      + 'Kustomization flux-system/health spec.healthCheckExprs\\[0\\].failed: .* \\(at column 69 of the expression\\); '
      + 'the controller stalls the object before anything is applied$')),
    expect.stringMatching(new RegExp(`^${escape(line('kustomizations.yaml', 'readyExpr: "self.metadata.generation'))} /spec/dependsOn/0/readyExpr `
      + "Kustomization flux-system/typo spec.dependsOn\\[0\\].readyExpr: undeclared reference to 'deps': the variables declared are 'self' and 'dep' "
      + '\\(at column 29 of the expression\\); the Kustomization is stalled \\(InvalidCELExpression\\) and never reconciled$')),
    expect.stringMatching(new RegExp(`^${escape(line('kustomizations.yaml', 'readyExpr: "dep.status.ready"'))} /spec/dependsOn/0/readyExpr `
      + "Kustomization flux-system/dyn spec.dependsOn\\[0\\].readyExpr: the expression's type is dyn, and Flux compiles it to require bool: "
      + 'a field of self or dep is dyn, so compare it .* or test it with has\\(\\); the Kustomization is stalled')),
    // claims is declared for generic-oidc Receivers only.
    expect.stringMatching(new RegExp(`^${escape(line('notification.yaml', 'filter: claims.sub'))} /spec/resources/0/filter Receiver flux-system/push `
      + "spec.resources\\[0\\].filter: undeclared reference to 'claims': the variables declared are 'res' and 'req' \\(at column 1 of the expression\\); "
      + 'notification-controller stalls the Receiver')),
    expect.stringMatching(new RegExp(`^${escape(line('notification.yaml', 'event.metadata.namespace + event'))} /spec/commitStatusExpr `
      + "Provider flux-system/dyn-status spec.commitStatusExpr: the expression's type is dyn, and Flux compiles it to require string: "
      + 'a field of event, alert or provider is dyn, so convert it with string\\(\\) or join it to a string literal; '
      + 'notification-controller fails to compile it for every event and sends no commit status$')),
    expect.stringMatching(new RegExp(`^${escape(line('release.yaml', 'readyExpr'))} /spec/dependsOn/0/readyExpr HelmRelease apps/web spec.dependsOn\\[0\\].readyExpr: `
      + "undeclared reference to 'any': no such function in Flux's CEL environment \\(CEL spells it exists\\) \\(at column 26 of the expression\\); "
      + 'the HelmRelease is stalled')),
  ]);
});

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

test('health check entries as the named Flux takes them: a duplicate GroupKind stalls from 2.8 and is skipped before; kind is required before 2.9', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'check-cel-'));
  writeFileSync(join(dir, 'apps.yaml'), fluxKustomizationYaml('apps', './apps', `  wait: true
  healthCheckExprs:
    - apiVersion: cert-manager.io/v1
      kind: Certificate
      current: "true"
    - apiVersion: cert-manager.io/v1
      kind: Certificate
      current: status.ready ==
    - apiVersion: postgresql.cnpg.io/v1
      current: status.phase == 'Cluster in healthy state'
`));
  const findings = async (...flags: string[]) => (await checkFindings('cel', ['--offline', ...flags, dir])).findings.map((f) => `${f.severity} ${f.pointer}`);
  expect(await findings()).toEqual(['error /spec/healthCheckExprs/1', 'error /spec/healthCheckExprs/1/current']);
  expect(await findings('--flux-version', '2.8')).toEqual([
    'error /spec/healthCheckExprs/1', 'error /spec/healthCheckExprs/1/current', 'error /spec/healthCheckExprs/2/kind',
  ]);
  // Flux 2.7 reads only the first Certificate entry: the second's broken expression is never parsed.
  expect(await findings('--flux-version', '2.7')).toEqual(['warning /spec/healthCheckExprs/1', 'error /spec/healthCheckExprs/2/kind']);
});

test('health check entries are judged by a Flux release the command names, not by one guessed from the apiVersions', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'check-cel-'));
  // A v2beta2 HelmRelease makes the check infer Flux 2.7, where kind was required: a guess, so the newest release judges.
  writeFileSync(join(dir, 'apps.yaml'), `${fluxKustomizationYaml('apps', './apps', `  wait: true
  healthCheckExprs:
    - apiVersion: cert-manager.io/v1
      current: "true"
`)}---\n${helmReleaseYaml('web', '').replace('helm.toolkit.fluxcd.io/v2', 'helm.toolkit.fluxcd.io/v2beta2')}`);
  const run = async (...flags: string[]) => JSON.parse((await cli(['check', '--json', '--offline', ...flags, dir])).stdout);
  const inferred = await run();
  expect(inferred.flux).toMatchObject({ source: 'inferred', fluxVersion: '2.7' });
  expect(inferred.findings.filter((f: any) => f.rule === 'cel')).toEqual([]);
  expect((await checkFindings('cel', ['--offline', '--flux-version', '2.7', dir])).findings.map((f) => f.pointer)).toEqual(['/spec/healthCheckExprs/0/kind']);
});
