import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { withoutLogins } from './logins';
import { FAST, requestFor } from './support';
import { ResolutionError } from '../../../src/check/errors';
import { ResolutionReport } from '../../../src/check/plan';
import { Resolver } from '../../../src/check/resolver';
import {
  basicAuthEntry, CANARY, canaryPassword, createCredentialHelper, CredentialHelper, pushTestChart, PushedChart,
  startRegistry, TestRegistry, writeDockerConfig,
} from '../../support/registry';

let registry: TestRegistry;
let pushed: PushedChart;
const helpers: CredentialHelper[] = [];

beforeAll(async () => {
  registry = await startRegistry({ mode: 'htpasswd' });
  pushed = await pushTestChart(registry, { repository: 'private/web', version: '1.2.3' });
});
afterAll(async () => {
  helpers.forEach((h) => h.remove());
  await registry.stop();
});

const folder = (): string => mkdtempSync(join(tmpdir(), 'flux-oci-logins-'));

/** A request with no `access.credentials`: the resolver must find the user's login itself. */
const resolveWith = (env: NodeJS.ProcessEnv, version = '1.2.3'): Promise<ResolutionReport> =>
  new Resolver({ lockfile: false, mode: 'online', env, ...FAST }).resolve([requestFor(registry, 'private/web', version)]);

function expectResolved(report: ResolutionReport): void {
  expect(report.failures).toEqual([]);
  expect(report.outcomes[0]).toMatchObject({ ok: true, from: 'registry', resolved: { version: '1.2.3', digest: pushed.digest } });
}

function expectNoLeak(report: ResolutionReport): void {
  const text = [report.failures.length ? new ResolutionError(report.failures).message : '', JSON.stringify(report)].join('\n');
  expect(text).not.toContain(CANARY);
  expect(text).not.toContain(registry.password);
}

test('docker login: DOCKER_CONFIG/config.json auths', async () => {
  const dir = folder();
  writeDockerConfig(dir, { auths: { [registry.host]: basicAuthEntry(registry.username!, registry.password!) } });
  const report = await resolveWith(withoutLogins({ DOCKER_CONFIG: dir }), '1.x');
  expectResolved(report);
  expectNoLeak(report);
});

test('helm registry login: HELM_REGISTRY_CONFIG', async () => {
  const file = writeDockerConfig(folder(), { auths: { [registry.host]: basicAuthEntry(registry.username!, registry.password!) } });
  const report = await resolveWith(withoutLogins({ HELM_REGISTRY_CONFIG: file }));
  expectResolved(report);
  expectNoLeak(report);
});

test('a credential helper named in credHelpers and found on PATH', async () => {
  const helper = createCredentialHelper({ host: registry.host, username: registry.username!, secret: registry.password! });
  helpers.push(helper);
  const dir = folder();
  writeDockerConfig(dir, { credHelpers: { [registry.host]: helper.suffix } });
  const report = await resolveWith(helper.env(withoutLogins({ DOCKER_CONFIG: dir })));
  expectResolved(report);
  expectNoLeak(report);
  expect(helper.calls()).toEqual(expect.arrayContaining([expect.objectContaining({ action: 'get', result: 'found' })]));
});

test('a stored login the registry refuses is unauthorized, and its password leaks nowhere', async () => {
  const wrong = canaryPassword();
  const dir = folder();
  writeDockerConfig(dir, { auths: { [registry.host]: basicAuthEntry(registry.username!, wrong) } });
  const report = await resolveWith(withoutLogins({ DOCKER_CONFIG: dir }));
  expect(report.failures.map((f) => f.cause)).toEqual(['unauthorized']);
  expectNoLeak(report);
  expect(JSON.stringify(report)).not.toContain(wrong);
});

test('a credential helper that is not installed is unauthorized and names the program', async () => {
  const dir = folder();
  writeDockerConfig(dir, { credHelpers: { [registry.host]: 'flux-oci-missing' } });
  const report = await resolveWith(withoutLogins({ DOCKER_CONFIG: dir }));
  expect(report.failures.map((f) => f.cause)).toEqual(['unauthorized']);
  expect(report.failures[0].message).toContain('docker-credential-flux-oci-missing');
  expectNoLeak(report);
});
