import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as pulumi from '@pulumi/pulumi';
import { App, Testing } from 'cdk8s';
import { parse } from 'yaml';
import { isSecretEnvelope, manifests, printable, revealed, settle, urnTail, useMocks, valueOf } from './mocks';
import { expectValid } from '../support/validate';

/**
 * examples/pulumi-private-registry runs as Pulumi would run it (its
 * Pulumi.yaml project name, its config with the token as a secret), under
 * the SDK's mocks, offline.
 */

const EXAMPLE = join(__dirname, '..', '..', 'examples', 'pulumi-private-registry');
const TOKEN = 'glpat-example-2a6f';

const resolveSetting = process.env.FLUX_OCI_RESOLVE;
afterEach(async () => {
  await settle();
  if (resolveSetting === undefined) delete process.env.FLUX_OCI_RESOLVE;
  else process.env.FLUX_OCI_RESOLVE = resolveSetting;
});

test('Pulumi.yaml declares a Node.js TypeScript program whose main exists', () => {
  const project = parse(readFileSync(join(EXAMPLE, 'Pulumi.yaml'), 'utf8'));
  expect(project.runtime).toMatchObject({ name: 'nodejs', options: { typescript: true } });
  expect(readFileSync(join(EXAMPLE, project.main), 'utf8')).toContain("from 'flux-oci/pulumi'");
});

test('creates the pull Secret, HelmRepository and HelmRelease of the private GitLab scenario, with the token kept secret', async () => {
  const project = parse(readFileSync(join(EXAMPLE, 'Pulumi.yaml'), 'utf8')).name as string;
  const mocks = await useMocks({ project, preview: true });
  pulumi.runtime.setAllConfig({ [`${project}:gitlabUser`]: 'deploy-bot', [`${project}:gitlabToken`]: TOKEN }, [`${project}:gitlabToken`]);
  // Offline: the example uses the default resolver, which honours FLUX_OCI_RESOLVE.
  process.env.FLUX_OCI_RESOLVE = 'off';
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const program = require(join(EXAMPLE, 'index.ts'));

  const resources = await mocks.resources();
  expect(resources.map((r) => urnTail(r.urn)).sort()).toEqual([
    'flux-oci:index:ChartRelease$kubernetes:helm.toolkit.fluxcd.io/v2:HelmRelease::apache',
    'flux-oci:index:ChartRelease::apache',
    'flux-oci:index:OciHelmSource$kubernetes:source.toolkit.fluxcd.io/v1:HelmRepository::gitlab-charts',
    'flux-oci:index:OciHelmSource::gitlab-charts',
    'flux-oci:index:PrivateRegistrySecret$kubernetes:core/v1:Secret::gitlab-registry',
    'flux-oci:index:PrivateRegistrySecret::gitlab-registry',
  ]);

  const secret = resources.find((r) => r.type === 'kubernetes:core/v1:Secret')!;
  expect(isSecretEnvelope(secret.inputs.stringData)).toBe(true);
  expect(JSON.parse(revealed(secret.inputs.stringData)['.dockerconfigjson']).auths['registry.gitlab.com'].password).toBe(TOKEN);
  expect(JSON.stringify(printable(resources.map((r) => r.inputs)))).not.toContain(TOKEN);

  const objects = manifests(resources);
  expectValid(objects);
  expect(await valueOf(program.pullSecretName)).toBe('gitlab-registry');
  expect(await valueOf(program.helmReleaseName)).toBe('apache');
  expect(await pulumi.isSecret(program.chartVersion)).toBe(false);

  // The Flux objects are those of the cdk8s gitlab-private example.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { defineApp } = require(join(EXAMPLE, '..', 'gitlab-private', 'main.ts')) as { defineApp: (app: App) => void };
  const app = Testing.app();
  defineApp(app);
  const flux = (list: any[]) => list.filter((o) => o.apiVersion.includes('toolkit.fluxcd.io')).sort((a, b) => a.kind.localeCompare(b.kind));
  expect(flux(objects)).toEqual(flux(app.charts.flatMap((c) => Testing.synth(c))));
  expect(objects.find((o) => o.kind === 'HelmRelease').spec.chart.spec).toMatchObject({ chart: 'apache', version: '0.1.x' });
});
