import * as k8s from '@pulumi/kubernetes';
import * as pulumi from '@pulumi/pulumi';
import { RecordingMocks, expectResourceFailure, isSecretEnvelope, optionRecorder, printable, revealed, runProgram, settle, urnTail, useMocks, valueOf } from './mocks';
import { ValidationError } from '../../src/foundation/errors';
import { PrivateRegistrySecret } from '../../src/pulumi';

const TOKEN = 'glpat-not-a-real-token-3f9a';

let mocks: RecordingMocks;
beforeEach(async () => {
  mocks = await useMocks();
});
afterEach(settle);

describe('PrivateRegistrySecret with username/password', () => {
  test('creates exactly one dockerconfigjson Secret, parented to the component, keyed by the bare registry host', async () => {
    const secret = new PrivateRegistrySecret('gitlab', {
      registry: 'oci://registry.gitlab.com/acme/charts',
      namespace: 'flux-system',
      username: 'deploy',
      password: pulumi.secret(TOKEN),
    });

    const resources = await mocks.resources();
    expect(resources.map((r) => urnTail(r.urn))).toEqual([
      'flux-oci:index:PrivateRegistrySecret::gitlab',
      'flux-oci:index:PrivateRegistrySecret$kubernetes:core/v1:Secret::gitlab',
    ]);
    const created = resources[1].inputs;
    expect(created.metadata).toStrictEqual({ name: 'gitlab', namespace: 'flux-system' });
    expect(created.type).toBe('kubernetes.io/dockerconfigjson');
    const config = JSON.parse(revealed(created.stringData)['.dockerconfigjson']);
    expect(Object.keys(config.auths)).toEqual(['registry.gitlab.com']);
    expect(config.auths['registry.gitlab.com'].username).toBe('deploy');
    expect(Buffer.from(config.auths['registry.gitlab.com'].auth, 'base64').toString()).toBe(`deploy:${TOKEN}`);
    expect(await valueOf(secret.registry)).toBe('registry.gitlab.com');
  });

  test('the Secret data is a Pulumi secret, so no credential reaches a diff, even when the password was a plain string', async () => {
    new PrivateRegistrySecret('gitlab', { registry: 'registry.gitlab.com', username: 'deploy', password: TOKEN });
    const resources = await mocks.resources();
    const created = resources.find((r) => r.type === 'kubernetes:core/v1:Secret')!;
    expect(isSecretEnvelope(created.inputs.stringData)).toBe(true);
    expect(JSON.stringify(printable(resources.map((r) => r.inputs)))).not.toContain(TOKEN);
    expect(JSON.stringify(printable(resources.map((r) => r.inputs)))).not.toContain(Buffer.from(`deploy:${TOKEN}`).toString('base64'));
  });

  test('registered outputs carry names, never credentials, and stay plain', async () => {
    const secret = new PrivateRegistrySecret('gitlab', { registry: 'registry.gitlab.com', username: 'deploy', password: pulumi.secret(TOKEN) });
    for (const output of [secret.name, secret.namespace, secret.registry]) {
      expect(await pulumi.isSecret(output as pulumi.Output<unknown>)).toBe(false);
      expect(JSON.stringify(await valueOf(output as pulumi.Output<unknown>) ?? null)).not.toContain(TOKEN);
    }
    expect(await valueOf(secret.name)).toBe('gitlab');
    expect(await valueOf(secret.namespace)).toBeUndefined();
  });

  test('a name or namespace given as a secret stays secret, in the Secret and in the outputs', async () => {
    const secret = new PrivateRegistrySecret('gitlab', { registry: 'registry.gitlab.com', namespace: pulumi.secret('tenant-a'), username: 'u', password: pulumi.secret(TOKEN) });
    expect(await pulumi.isSecret(secret.namespace)).toBe(true);
    expect(await pulumi.isSecret(secret.registry)).toBe(true);
    const created = (await mocks.resources()).find((r) => r.type === 'kubernetes:core/v1:Secret')!;
    expect(isSecretEnvelope(created.inputs.metadata)).toBe(true);
    expect(revealed(created.inputs.metadata)).toStrictEqual({ name: 'gitlab', namespace: 'tenant-a' });
  });

  test("format 'basic-auth' and the helm-operator default 'opaque' hold username/password keys", async () => {
    new PrivateRegistrySecret('helm-auth', { registry: 'ghcr.io', username: 'bot', password: pulumi.secret(TOKEN), format: 'basic-auth' });
    new PrivateRegistrySecret('operator-auth', { registry: 'ghcr.io', username: 'bot', password: pulumi.secret(TOKEN), settings: { target: 'helm-operator' } });
    const secrets = (await mocks.resources()).filter((r) => r.type === 'kubernetes:core/v1:Secret');
    expect(secrets.map((s) => [s.name, s.inputs.type])).toEqual([['helm-auth', 'kubernetes.io/basic-auth'], ['operator-auth', 'Opaque']]);
    for (const s of secrets) {
      expect(isSecretEnvelope(s.inputs.stringData)).toBe(true);
      expect(revealed(s.inputs.stringData)).toStrictEqual({ username: 'bot', password: TOKEN });
    }
  });

  test('names and namespaces may come from other resources', async () => {
    const ns = new k8s.core.v1.Namespace('flux', { metadata: { name: 'flux-system' } });
    new PrivateRegistrySecret('gitlab', { registry: 'registry.gitlab.com', namespace: ns.metadata.name, name: pulumi.output('gitlab-pull'), username: 'u', password: pulumi.secret(TOKEN) });
    const created = (await mocks.resources()).find((r) => r.type === 'kubernetes:core/v1:Secret')!;
    expect(created.inputs.metadata).toStrictEqual({ name: 'gitlab-pull', namespace: 'flux-system' });
  });

  test('children use the Kubernetes provider given to the component', async () => {
    const provider = new k8s.Provider('cluster', {});
    new PrivateRegistrySecret('gitlab', { registry: 'registry.gitlab.com', username: 'u', password: pulumi.secret(TOKEN) }, { provider });
    const created = (await mocks.resources()).find((r) => r.type === 'kubernetes:core/v1:Secret')!;
    expect(created.provider).toMatch(/::pulumi:providers:kubernetes::cluster::cluster-id$/);
  });
});

describe('PrivateRegistrySecret with externalSecret', () => {
  test('creates an ExternalSecret templating the dockerconfigjson and no Secret; credentials, if any, are not written', async () => {
    const rec = optionRecorder();
    const secret = new PrivateRegistrySecret('gitlab', {
      registry: 'registry.gitlab.com',
      namespace: 'flux-system',
      username: 'deploy',
      password: pulumi.secret(TOKEN),
      externalSecret: { storeName: 'vault', storeKind: 'ClusterSecretStore', remoteKey: 'ci/gitlab-registry' },
    }, { transformations: rec.transformations });
    const resources = await mocks.resources();
    expect(resources.map((r) => urnTail(r.urn))).toEqual([
      'flux-oci:index:PrivateRegistrySecret::gitlab',
      'flux-oci:index:PrivateRegistrySecret$kubernetes:external-secrets.io/v1:ExternalSecret::gitlab',
    ]);
    expect(rec.options.get('kubernetes:external-secrets.io/v1:ExternalSecret::gitlab')!.parent).toBe(secret);
    const es = resources[1].inputs;
    expect(es.metadata).toStrictEqual({ name: 'gitlab', namespace: 'flux-system' });
    expect(es.spec.target).toMatchObject({ name: 'gitlab', template: { type: 'kubernetes.io/dockerconfigjson' } });
    expect(Object.keys(JSON.parse(es.spec.target.template.data['.dockerconfigjson']).auths)).toEqual(['registry.gitlab.com']);
    expect(es.spec.data.map((d: any) => d.remoteRef)).toEqual([
      { key: 'ci/gitlab-registry', property: 'username' },
      { key: 'ci/gitlab-registry', property: 'password' },
    ]);
    expect(JSON.stringify(resources.map((r) => revealed(r.inputs)))).not.toContain(TOKEN);
  });
});

describe('PrivateRegistrySecret.fromSecretName', () => {
  test('creates nothing', async () => {
    const existing = PrivateRegistrySecret.fromSecretName('ghcr-auth', { registry: 'ghcr.io', format: 'dockerconfigjson' });
    expect(existing.name).toBe('ghcr-auth');
    expect(await mocks.resources()).toEqual([]);
  });

  test('rejects an invalid name at the call', () => {
    expect(() => PrivateRegistrySecret.fromSecretName('Ghcr_Auth')).toThrow(ValidationError);
    expect(() => PrivateRegistrySecret.fromSecretName('Ghcr_Auth')).toThrow(/\[PrivateRegistrySecret\.fromSecretName\] name: 'Ghcr_Auth' is not a valid Kubernetes name/);
  });
});

describe('PrivateRegistrySecret validation', () => {
  test('fails in the constructor, naming the resource and field, for plain values', () => {
    expect(() => new PrivateRegistrySecret('gitlab', { registry: 'registry.gitlab.com', username: 'deploy' }))
      .toThrow('[gitlab] password: username is set but password is empty or missing; pass both');
    expect(() => new PrivateRegistrySecret('gitlab', { registry: 'https://', username: 'u', password: pulumi.secret(TOKEN) }))
      .toThrow(/^\[gitlab\] registry: /);
    expect(() => new PrivateRegistrySecret('gitlab', { registry: 'ghcr.io' }))
      .toThrow(/\[gitlab\] username: set username and password .* PrivateRegistrySecret\.fromSecretName\(\)/);
    expect(() => new PrivateRegistrySecret('gitlab', { registry: 'ghcr.io', username: 'u', password: pulumi.secret(TOKEN), format: 'json' as any }))
      .toThrow("[gitlab] format: 'json' is not one of 'dockerconfigjson', 'basic-auth', 'opaque'");
  });

  test('a password Output that resolves empty fails the program without printing credentials', () => {
    const run = runProgram('empty-password');
    expect(run.failures.length).toBeGreaterThan(0);
    expect(run.failures.every((f) => f.code === 'FLUX_OCI_VALIDATION')).toBe(true);
    expectResourceFailure(run, 'FLUX_OCI_VALIDATION', 'gitlab', '[gitlab] password: password resolved to an empty value');
    expect(JSON.stringify(run.failures)).not.toContain('deploy-user-7c1e');
  });
});
