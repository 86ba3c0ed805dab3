import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { withoutLogins } from './logins';
import { FAST, requestFor } from './support';
import { ResolutionReport } from '../../../src/check/plan';
import { Resolver } from '../../../src/check/resolver';
import { pushTestChart, PushedChart, startRegistry, TestRegistry } from '../../support/registry';
import { CommandResult, runCommand } from '../../support/registry/processes';

/**
 * The check trusts a registry's CA the way users already set it up for
 * docker, podman and skopeo, so nothing in the program names it: the CA is
 * only in `$HOME/.config/containers/certs.d/<host>/ca.crt` of a test HOME,
 * or in `SSL_CERT_FILE`. skopeo, an independent client, agrees.
 */
let registry: TestRegistry;
let pushed: PushedChart;
beforeAll(async () => {
  registry = await startRegistry({ mode: 'tls' });
  pushed = await pushTestChart(registry, { repository: 'charts/web', version: '3.1.0' });
});
afterAll(() => registry?.stop());

/** A HOME with the registry's CA in containers-certs.d, or an empty one. */
function home(withCa: boolean): { home: string; certsDir: string } {
  const dir = mkdtempSync(join(tmpdir(), 'flux-oci-home-'));
  const certsDir = join(dir, '.config', 'containers', 'certs.d', registry.host);
  if (withCa) {
    mkdirSync(certsDir, { recursive: true });
    writeFileSync(join(certsDir, 'ca.crt'), registry.caPem!);
  }
  return { home: dir, certsDir };
}

const resolve = (env: NodeJS.ProcessEnv): Promise<ResolutionReport> =>
  new Resolver({ lockfile: false, mode: 'online', env, ...FAST }).resolve([requestFor(registry, 'charts/web', '3.x', { access: { login: false } })]);

/** `skopeo list-tags` as a user would run it: this HOME, no credentials, and `--cert-dir` only when given. */
function skopeoListTags(env: NodeJS.ProcessEnv, certDir?: string): Promise<CommandResult> {
  const authfile = join(mkdtempSync(join(tmpdir(), 'flux-oci-auth-')), 'auth.json');
  writeFileSync(authfile, '{"auths":{}}\n');
  return runCommand('skopeo', ['list-tags', '--authfile', authfile, ...(certDir ? ['--cert-dir', certDir] : []), `docker://${registry.host}/charts/web`], { env });
}

test('a CA only in $HOME/.config/containers/certs.d/<host>/ca.crt is trusted; skopeo agrees, with that HOME and with --cert-dir', async () => {
  const { home: dir, certsDir } = home(true);
  const env = withoutLogins({ HOME: dir });
  const report = await resolve(env);
  expect(report.failures).toEqual([]);
  expect(report.outcomes[0]).toMatchObject({ ok: true, resolved: { version: '3.1.0', digest: pushed.digest } });

  const byHome = await skopeoListTags(env);
  expect(byHome.exitCode).toBe(0);
  expect(JSON.parse(byHome.stdout).Tags).toEqual(['3.1.0']);
  const byCertDir = await skopeoListTags(withoutLogins(), certsDir);
  expect(byCertDir.exitCode).toBe(0);
});

test('without it, neither trusts the registry: unreachable, naming the CA', async () => {
  const env = withoutLogins({ HOME: home(false).home });
  const report = await resolve(env);
  expect(report.failures.map((f) => f.cause)).toEqual(['unreachable']);
  expect(report.failures[0].message).toMatch(/CA/);
  expect((await skopeoListTags(env)).exitCode).not.toBe(0);
});

test('SSL_CERT_FILE naming a bundle with the CA is trusted', async () => {
  const report = await resolve(withoutLogins({ HOME: home(false).home, SSL_CERT_FILE: registry.caFile }));
  expect(report.failures).toEqual([]);
  expect(report.outcomes[0]).toMatchObject({ ok: true, resolved: { digest: pushed.digest } });
});

test('a certs.d folder that cannot be used is a clear failure naming the file, not a TLS mystery', async () => {
  const { home: dir, certsDir } = home(true);
  writeFileSync(join(certsDir, 'client.key'), 'not read');
  const report = await resolve(withoutLogins({ HOME: dir }));
  expect(report.failures).toHaveLength(1);
  expect(report.failures[0].message).toBe(`missing client certificate client.cert for key client.key in ${certsDir}`);
});
