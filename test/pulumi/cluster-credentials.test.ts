import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { manifests, printable, RecordingMocks, revealed, runProgram, settle, useMocks, valueOf } from './mocks';
import { ChartRelease, OciHelmSource, PrivateRegistrySecret } from '../../src/pulumi';
import { withoutLogins } from '../check/integration/logins';
import { basicAuthEntry, CANARY, pushTestChart, PushedChart, startRegistry, TestRegistry, writeDockerConfig } from '../support/registry';

/**
 * Pulumi goes through the same pipeline as cdk8s: the check presents what
 * Flux will have, and `fromDockerConfig()` / `fromEnv()` exist here too.
 */
let registry: TestRegistry;
let pushed: PushedChart;
let loginDir: string;
beforeAll(async () => {
  registry = await startRegistry({ mode: 'htpasswd' });
  pushed = await pushTestChart(registry, { repository: 'team/charts/web', version: '1.4.0' });
  loginDir = mkdtempSync(join(tmpdir(), 'flux-oci-login-'));
  writeDockerConfig(loginDir, { auths: { [registry.host]: basicAuthEntry(registry.username!, registry.password!) } });
});
afterAll(() => registry?.stop());

/** process.env for one test (the check and the programs run from it read it). */
let savedEnv: NodeJS.ProcessEnv;
let mocks: RecordingMocks;
beforeEach(async () => {
  savedEnv = { ...process.env };
  mocks = await useMocks({ preview: true });
});
afterEach(async () => {
  await settle();
  for (const key of Object.keys(process.env)) delete process.env[key];
  Object.assign(process.env, savedEnv);
});
function useEnv(env: NodeJS.ProcessEnv): void {
  for (const key of Object.keys(process.env)) delete process.env[key];
  Object.assign(process.env, env);
}

const url = (): string => `oci://${registry.host}/team/charts`;

// Programs run in their own process, with the environment given (jest's process.env is not the process's).
test('a source without secret fails with no-credentials-in-cluster although this machine is logged in', () => {
  const env = { ...withoutLogins({ DOCKER_CONFIG: loginDir }), FLUX_OCI_RESOLVE: 'online' };
  const run = runProgram('registry-resolution-fails', { env, config: { 'proj:url': url(), 'proj:chart': 'web', 'proj:version': '1.x' } });
  const failure = run.failures.find((f) => f.code === 'FLUX_OCI_RESOLUTION');
  expect(failure?.message).toMatch(/\[web\] chart oci:\/\/\S+\/team\/charts\/web version '1\.x' failed the registry check \(no-credentials-in-cluster\): Flux will pull this anonymously/);
  expect(JSON.stringify(run)).not.toContain(CANARY);
});

test('fromEnv(): the variables become the Secret (the password a Pulumi secret) and reach the check', async () => {
  useEnv({ ...withoutLogins(), FLUX_OCI_RESOLVE: 'online', REG_USER: registry.username!, REG_TOKEN: registry.password! });
  const pull = PrivateRegistrySecret.fromEnv('pull', { registry: registry.host, usernameVariable: 'REG_USER', passwordVariable: 'REG_TOKEN' });
  const source = new OciHelmSource('charts', { url: url(), insecure: true, secret: pull, settings: { resolve: { lockfile: false } } });
  const release = new ChartRelease('web', { source, chart: 'web', version: '1.x', pin: 'digest' });
  expect(await valueOf(release.resolvedDigest)).toBe(pushed.digest);
  const resources = await mocks.resources();
  expect(JSON.stringify(printable(resources.map((r) => r.inputs)))).not.toContain(CANARY);
  const secret = manifests(resources).find((o) => o.kind === 'Secret');
  expect(JSON.parse(secret.stringData['.dockerconfigjson']).auths[registry.host]).toMatchObject({ username: registry.username, password: registry.password });
});

test('fromEnv() names a variable that is not set', () => {
  useEnv({ ...withoutLogins(), REG_USER: 'me' });
  expect(() => PrivateRegistrySecret.fromEnv('pull', { registry: 'ghcr.io', usernameVariable: 'REG_USER', passwordVariable: 'REG_TOKEN_UNSET' }))
    .toThrow(/\[pull\] passwordVariable: environment variable REG_TOKEN_UNSET is not set or empty; export it before running Pulumi/);
});

test('fromDockerConfig() without externalSecret creates the Secret from the login (as a Pulumi secret)', async () => {
  useEnv({ ...withoutLogins(), FLUX_OCI_RESOLVE: 'online' });
  const pull = PrivateRegistrySecret.fromDockerConfig('pull', { registry: registry.host, source: 'docker', configFile: join(loginDir, 'config.json') });
  const source = new OciHelmSource('charts', { url: url(), insecure: true, secret: pull, settings: { resolve: { lockfile: false } } });
  const release = new ChartRelease('web', { source, chart: 'web', version: '1.x' });
  expect(await valueOf(release.resolvedVersion)).toBe('1.4.0');
  const resources = await mocks.resources();
  const secret = resources.find((r) => r.type === 'kubernetes:core/v1:Secret')!;
  expect(JSON.stringify(printable(secret.inputs))).not.toContain(CANARY);
  expect(JSON.stringify(revealed(secret.inputs))).toContain(CANARY);
});

describe('fromDockerConfig() with externalSecret: the login serves only the check', () => {
  let lockfile: string;
  beforeAll(() => {
    lockfile = join(mkdtempSync(join(tmpdir(), 'flux-oci-pulumi-lock-')), 'flux-oci.lock.json');
    const env = { ...withoutLogins({ DOCKER_CONFIG: loginDir }), FLUX_OCI_RESOLVE: 'auto' };
    const run = runProgram('docker-config-login', { env, config: { 'proj:url': url(), 'proj:version': '1.x', 'proj:lockfile': lockfile } });
    expect(run.failures).toEqual([]);
    expect(readFileSync(lockfile, 'utf8')).toContain(pushed.digest);
  });

  test.each(['locked', 'off'])('FLUX_OCI_RESOLVE=%s needs no login: the lockfile answers', (mode) => {
    const env = { ...withoutLogins(), FLUX_OCI_RESOLVE: mode };
    const run = runProgram('docker-config-login', { env, config: { 'proj:url': url(), 'proj:version': '1.x', 'proj:lockfile': lockfile } });
    expect(run.failures).toEqual([]);
    const repository = run.resources.find((r) => r.type.endsWith('OCIRepository'))!;
    expect(repository.inputs.spec.ref).toStrictEqual({ digest: pushed.digest, tag: '1.4.0' });
    expect(run.resources.map((r) => r.type)).toContain('kubernetes:external-secrets.io/v1:ExternalSecret');
    expect(run.resources.map((r) => r.type)).not.toContain('kubernetes:core/v1:Secret');
  });

  test("online without a login fails, naming 'flux-oci login <host>' first", () => {
    const env = { ...withoutLogins(), FLUX_OCI_RESOLVE: 'auto' };
    const run = runProgram('docker-config-login', { env, config: { 'proj:url': url(), 'proj:version': '1.x' } });
    const failure = run.failures.find((f) => f.code === 'FLUX_OCI_RESOLUTION');
    expect(failure?.message).toMatch(/\[web\] .*\(unauthorized\): no login for 127\.0\.0\.1:\d+ on this machine \(searched [^)]*\); run 'flux-oci login 127\.0\.0\.1:\d+'/);
  });
});

