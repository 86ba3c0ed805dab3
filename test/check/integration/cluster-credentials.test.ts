import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { withoutLogins } from './logins';
import { FAST, requestFor, userOf } from './support';
import { ResolutionError } from '../../../src/check/errors';
import { ResolutionReport } from '../../../src/check/plan';
import { RegistryAccess } from '../../../src/check/request';
import { Resolver } from '../../../src/check/resolver';
import {
  basicAuthEntry, CANARY, canaryPassword, createCredentialHelper, CredentialHelper, pushTestChart, PushedChart,
  startRegistry, TestRegistry, writeDockerConfig,
} from '../../support/registry';

/**
 * The credentials the check presents are the ones Flux will have: nothing
 * for a source without a Secret (however good this machine's login), the
 * Secret's values, or the engineer's login standing in for a Secret the
 * program only names. Against real htpasswd and token registries.
 */
describe.each(['htpasswd', 'token'] as const)('%s registry', (mode) => {
  let registry: TestRegistry;
  let pushed: PushedChart;
  let helper: CredentialHelper;
  /** An environment whose docker config holds a valid login for the registry, answered by a credential helper that logs its calls. */
  let loggedIn: NodeJS.ProcessEnv;

  beforeAll(async () => {
    registry = await startRegistry({ mode });
    pushed = await pushTestChart(registry, { repository: 'private/web', version: '1.2.3' });
    helper = createCredentialHelper({ host: registry.host, username: registry.username!, secret: registry.password! });
    const dir = mkdtempSync(join(tmpdir(), 'flux-oci-cluster-creds-'));
    writeDockerConfig(dir, { credHelpers: { [registry.host]: helper.suffix } });
    loggedIn = helper.env(withoutLogins({ DOCKER_CONFIG: dir }));
  });
  afterAll(async () => {
    helper?.remove();
    await registry?.stop();
  });

  const resolve = (access: RegistryAccess, env = loggedIn): Promise<ResolutionReport> =>
    new Resolver({ lockfile: false, mode: 'online', env, ...FAST }).resolve([requestFor(registry, 'private/web', '1.x', { access })]);

  function expectNoLeak(report: ResolutionReport): void {
    const text = [report.failures.length ? new ResolutionError(report.failures).message : '', JSON.stringify(report)].join('\n');
    expect(text).not.toContain(CANARY);
    expect(text).not.toContain(registry.password);
  }

  test('a source without secret or provider fails with no-credentials-in-cluster, though this machine has a valid login, which is never read', async () => {
    const before = helper.calls().length;
    const report = await resolve({ login: false });
    expect(report.failures).toHaveLength(1);
    expect(report.failures[0].cause).toBe('no-credentials-in-cluster');
    expect(report.failures[0].message).toMatch(new RegExp(`^Flux will pull this anonymously \\(the source has no secret, provider or serviceAccountName\\) but ${registry.host.replace(/\./g, '\\.')} requires authentication.*; add a secret or provider to the source`));
    expect(helper.calls()).toHaveLength(before);
    expectNoLeak(report);
  });

  test("the source's Secret values pass: exactly those are presented", async () => {
    const report = await resolve({ credentials: userOf(registry) }, withoutLogins());
    expect(report.failures).toEqual([]);
    expect(report.outcomes[0]).toMatchObject({ ok: true, resolved: { version: '1.2.3', digest: pushed.digest } });
  });

  test('a Secret known only by name: the login stands in for it and passes', async () => {
    const report = await resolve({ login: { standsFor: "Secret 'pull'" } });
    expect(report.failures).toEqual([]);
    expect(report.outcomes[0]).toMatchObject({ ok: true, resolved: { digest: pushed.digest } });
    expect(helper.calls()).toEqual(expect.arrayContaining([expect.objectContaining({ action: 'get', result: 'found' })]));
  });

  test('a refused login says which login was tried and that the cluster uses the Secret instead', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'flux-oci-stale-login-'));
    const file = writeDockerConfig(dir, { auths: { [registry.host]: basicAuthEntry(registry.username!, canaryPassword()) } });
    const report = await resolve({ login: { standsFor: "Secret 'pull'" } }, withoutLogins({ DOCKER_CONFIG: dir }));
    expect(report.failures.map((f) => f.cause)).toEqual(['unauthorized']);
    expect(report.failures[0].message).toContain(`the check presented your login for ${registry.host} from ${file} standing in for Secret 'pull', which the cluster uses instead of your login; renew it with 'flux-oci login ${registry.host}'`);
    expectNoLeak(report);
  });

  test("no login at all: 'flux-oci login' first, and what the cluster uses", async () => {
    const report = await resolve({ login: { standsFor: "provider 'aws'" } }, withoutLogins());
    expect(report.failures.map((f) => f.cause)).toEqual(['unauthorized']);
    expect(report.failures[0].message).toMatch(new RegExp(`requires authentication and this machine has no login for it \\(searched .*config\\.json.*\\); run 'flux-oci login ${registry.host.replace(/\./g, '\\.')}' \\(or helm registry login, docker login, podman login\\) so the check can stand in for provider 'aws', which the cluster uses instead of your login`));
  });

  test('a required login (fromDockerConfig) that is missing fails before any request, naming flux-oci login first', async () => {
    const resolver = new Resolver({ lockfile: false, mode: 'online', env: withoutLogins(), ...FAST });
    const report = await resolver.resolve([requestFor(registry, 'private/web', '1.x', { access: { login: { required: true, standsFor: "Secret 'pull'" } } })]);
    expect(report.failures.map((f) => f.cause)).toEqual(['unauthorized']);
    expect(report.failures[0].message).toMatch(new RegExp(`^no login for ${registry.host.replace(/\./g, '\\.')} on this machine \\(searched .*\\); run 'flux-oci login ${registry.host.replace(/\./g, '\\.')}'`));
    expect(report.registryRequests).toBe(0);
  });
});
