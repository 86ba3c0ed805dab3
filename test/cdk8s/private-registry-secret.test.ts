import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { inspect } from 'node:util';
import { ChartRelease, OciHelmSource, PrivateRegistrySecret, RegistryProxySecret, RegistryTlsSecret } from '../../src/cdk8s';
import { ValidationError } from '../../src/foundation/errors';
import { findObject, synthValid, testChart } from '../support/synth';

const CANARY_USER = 'canary-user-7f3a';
const CANARY_PASSWORD = 'canary-pass-Q9x2-do-not-leak';

/** Captures process warnings emitted while `fn` runs. */
function warningsDuring(fn: () => void): string[] {
  const seen: string[] = [];
  const onWarning = (w: Error) => seen.push(`${(w as any).code}: ${w.message}`);
  const original = process.emitWarning;
  // emitWarning is asynchronous; capture synchronously instead.
  process.emitWarning = ((warning: string | Error, options?: any) => onWarning(typeof warning === 'string' ? Object.assign(new Error(warning), { code: options?.code }) : warning)) as any;
  try {
    fn();
  } finally {
    process.emitWarning = original;
  }
  return seen;
}

describe('PrivateRegistrySecret', () => {
  test('plaintext: writes the dockerconfigjson Flux reads, keyed by the bare host, and warns', () => {
    const { app, chart } = testChart();
    let secret!: PrivateRegistrySecret;
    const warnings = warningsDuring(() => {
      secret = new PrivateRegistrySecret(chart, 'gitlab', { registry: 'oci://registry.gitlab.com/acme', username: 'bot', password: 'tok', plaintext: true });
    });
    expect(warnings).toEqual([expect.stringMatching(/^FLUX_OCI_PLAINTEXT_SECRET: test\/gitlab: Secret 'gitlab' is written with literal credentials for registry.gitlab.com/)]);
    expect(warnings.join()).not.toContain('tok');
    expect(secret.registry).toBe('registry.gitlab.com');
    const s = findObject(synthValid(app), 'Secret');
    expect(s.type).toBe('kubernetes.io/dockerconfigjson');
    expect(JSON.parse(s.stringData['.dockerconfigjson'])).toStrictEqual({
      auths: { 'registry.gitlab.com': { username: 'bot', password: 'tok', auth: Buffer.from('bot:tok').toString('base64') } },
    });
  });

  test.each([
    ['basic-auth', 'kubernetes.io/basic-auth'],
    ['opaque', 'Opaque'],
  ] as const)('plaintext with format %s writes username/password keys', (format, type) => {
    const { app, chart } = testChart();
    warningsDuring(() => new PrivateRegistrySecret(chart, 's', { registry: 'ghcr.io', username: 'u', password: 'p', plaintext: true, format }));
    const s = findObject(synthValid(app), 'Secret');
    expect(s.type).toBe(type);
    expect(s.stringData).toStrictEqual({ username: 'u', password: 'p' });
  });

  test('without plaintext, credentials are not written and synth says so', () => {
    const { app, chart } = testChart();
    const warnings = warningsDuring(() => {
      new PrivateRegistrySecret(chart, 'gitlab', { registry: 'registry.gitlab.com', username: CANARY_USER, password: CANARY_PASSWORD });
    });
    expect(warnings).toEqual([expect.stringMatching(/^FLUX_OCI_SECRET_NOT_WRITTEN: .*Secret 'gitlab' for registry.gitlab.com is not written .*and must exist in the cluster/)]);
    expect(synthValid(app)).toEqual([]);
  });

  test('externalSecret renders the dockerconfigjson in the cluster from a store', () => {
    const { app, chart } = testChart();
    new PrivateRegistrySecret(chart, 'gitlab', {
      registry: 'registry.gitlab.com',
      externalSecret: { storeName: 'vault', storeKind: 'ClusterSecretStore', remoteKey: 'ci/gitlab', passwordProperty: 'token' },
    });
    const es = findObject(synthValid(app), 'ExternalSecret');
    expect(es.apiVersion).toBe('external-secrets.io/v1');
    expect(es.spec.secretStoreRef).toStrictEqual({ name: 'vault', kind: 'ClusterSecretStore' });
    expect(es.spec.target.name).toBe('gitlab');
    expect(es.spec.target.template.type).toBe('kubernetes.io/dockerconfigjson');
    expect(Object.keys(JSON.parse(es.spec.target.template.data['.dockerconfigjson']).auths)).toEqual(['registry.gitlab.com']);
    expect(es.spec.data).toStrictEqual([
      { secretKey: 'username', remoteRef: { key: 'ci/gitlab', property: 'username' } },
      { secretKey: 'password', remoteRef: { key: 'ci/gitlab', property: 'token' } },
    ]);
  });

  test('fromEnv reads the variables and names a missing one', () => {
    const { chart } = testChart();
    process.env.FLUX_OCI_TEST_USER = 'u';
    delete process.env.FLUX_OCI_TEST_TOKEN;
    expect(() => PrivateRegistrySecret.fromEnv(chart, 's', { registry: 'ghcr.io', usernameVariable: 'FLUX_OCI_TEST_USER', passwordVariable: 'FLUX_OCI_TEST_TOKEN' }))
      .toThrow(/\[test\/s\] passwordVariable: environment variable FLUX_OCI_TEST_TOKEN is not set or empty/);
    process.env.FLUX_OCI_TEST_TOKEN = 't';
    const s = warningsDuring(() => PrivateRegistrySecret.fromEnv(chart, 's2', { registry: 'ghcr.io', usernameVariable: 'FLUX_OCI_TEST_USER', passwordVariable: 'FLUX_OCI_TEST_TOKEN' }));
    expect(s).toHaveLength(1);
    delete process.env.FLUX_OCI_TEST_USER;
    delete process.env.FLUX_OCI_TEST_TOKEN;
  });

  test('fromDockerConfig takes one host from the config file, never the others', () => {
    const dir = mkdtempSync(join(tmpdir(), 'flux-oci-dockercfg-'));
    const file = join(dir, 'config.json');
    writeFileSync(file, JSON.stringify({
      auths: {
        'ghcr.io': { auth: Buffer.from(`${CANARY_USER}:${CANARY_PASSWORD}`).toString('base64') },
        'registry.gitlab.com': { auth: Buffer.from('other-user:other-secret').toString('base64') },
      },
    }));
    const { app, chart } = testChart();
    warningsDuring(() => PrivateRegistrySecret.fromDockerConfig(chart, 'ghcr', { registry: 'ghcr.io', source: 'docker', configFile: file, plaintext: true }));
    const s = findObject(synthValid(app), 'Secret');
    const written = s.stringData['.dockerconfigjson'];
    expect(JSON.parse(written).auths).toStrictEqual({
      'ghcr.io': { username: CANARY_USER, password: CANARY_PASSWORD, auth: Buffer.from(`${CANARY_USER}:${CANARY_PASSWORD}`).toString('base64') },
    });
    expect(written).not.toContain('other-secret');
    // With plaintext the login is the Secret's content, so it is read at construction.
    expect(() => PrivateRegistrySecret.fromDockerConfig(chart, 'quay', { registry: 'quay.io', source: 'docker', configFile: file, plaintext: true }))
      .toThrow(/\[test\/quay\] registry: no username\/password login for 'quay.io' in .*; run 'flux-oci login quay.io' \(or helm registry login, docker login, podman login\)/);
    // Without, it serves only the registry check and is read only when that goes online.
    expect(() => warningsDuring(() => PrivateRegistrySecret.fromDockerConfig(chart, 'quay2', { registry: 'quay.io', source: 'docker', configFile: file }))).not.toThrow();
  });

  test('rejects half credentials and plaintext without credentials', () => {
    const { chart } = testChart();
    expect(() => new PrivateRegistrySecret(chart, 'a', { registry: 'ghcr.io', username: 'u' })).toThrow(/\[test\/a\] password: username is set but password is empty or missing/);
    expect(() => new PrivateRegistrySecret(chart, 'b', { registry: 'ghcr.io', plaintext: true })).toThrow(/\[test\/b\] plaintext: plaintext writes username\/password/);
    expect(() => new PrivateRegistrySecret(chart, 'c', { registry: 'not a host' })).toThrow(/\[test\/c\] registry: 'not a host' does not name a registry host/);
  });
});

describe('credentials never leak', () => {
  /** Builds an app that passes the canary credentials to every construct that takes credentials. */
  function appWithCanaries(plaintext: boolean) {
    const { app, chart } = testChart();
    const warnings = warningsDuring(() => {
      const secret = new PrivateRegistrySecret(chart, 'pull', { registry: 'ghcr.io', username: CANARY_USER, password: CANARY_PASSWORD, plaintext });
      if (plaintext) {
        new RegistryProxySecret(chart, 'proxy', { address: 'http://proxy:3128', username: CANARY_USER, password: CANARY_PASSWORD, plaintext });
      }
      const source = new OciHelmSource(chart, 'charts', { url: 'oci://ghcr.io/acme/charts', secret });
      new ChartRelease(chart, 'web', { source, chart: 'web', version: '1.x' });
      new RegistryTlsSecret(chart, 'ca', { caCert: '-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n' });
    });
    return { app, warnings };
  }

  test('without plaintext: not in the synthesized YAML, nor in warnings, nor in inspect output of constructs', () => {
    const { app, warnings } = appWithCanaries(false);
    const yaml = app.synthYaml();
    for (const canary of [CANARY_USER, CANARY_PASSWORD, Buffer.from(`${CANARY_USER}:${CANARY_PASSWORD}`).toString('base64')]) {
      expect(yaml).not.toContain(canary);
      expect(warnings.join('\n')).not.toContain(canary);
      expect(inspect(app, { depth: 12 })).not.toContain(canary);
      expect(JSON.stringify(app.node.children.map((c) => c.node.children.map((x) => Object.keys(x))))).not.toContain(canary);
    }
  });

  test('with plaintext: written only into the Secrets themselves', () => {
    const { app } = appWithCanaries(true);
    for (const obj of synthValid(app)) {
      const text = JSON.stringify(obj);
      if (obj.kind === 'Secret' && ['pull', 'proxy'].includes(obj.metadata.name)) expect(text).toContain(CANARY_PASSWORD);
      else expect(text).not.toContain(CANARY_PASSWORD);
    }
  });

  test('never in error messages, even for invalid props next to credentials', () => {
    const { chart } = testChart();
    const attempts: Array<() => unknown> = [
      () => new PrivateRegistrySecret(chart, 'e1', { registry: 'bad host!', username: CANARY_USER, password: CANARY_PASSWORD }),
      () => new PrivateRegistrySecret(chart, 'e2', { registry: 'ghcr.io', username: CANARY_USER, password: CANARY_PASSWORD, name: 'Bad_Name' }),
      () => new PrivateRegistrySecret(chart, 'e3', { registry: 'ghcr.io', password: CANARY_PASSWORD }),
      () => new RegistryProxySecret(chart, 'e4', { address: `http://${CANARY_USER}:${CANARY_PASSWORD}@proxy:3128` }),
      () => new RegistryProxySecret(chart, 'e5', { address: `::${CANARY_USER}:${CANARY_PASSWORD}@proxy` }),
      () => new RegistryProxySecret(chart, 'e6', { address: 'http://proxy:3128', username: CANARY_USER, password: CANARY_PASSWORD }),
    ];
    for (const attempt of attempts) {
      let error: unknown;
      try {
        warningsDuring(() => attempt());
      } catch (e) {
        error = e;
      }
      expect(error).toBeInstanceOf(ValidationError);
      const text = `${(error as Error).message}\n${inspect(error, { depth: 8 })}`;
      expect(text).not.toContain(CANARY_PASSWORD);
      expect(text).not.toContain(CANARY_USER);
    }
  });
});
