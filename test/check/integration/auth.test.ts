import { readFileSync } from 'node:fs';
import { withoutLogins } from './logins';
import { FAST, requestFor, tempLockfile, userOf } from './support';
import { ResolutionError } from '../../../src/check/errors';
import { ResolutionReport } from '../../../src/check/plan';
import { ChartRequest } from '../../../src/check/request';
import { Resolver, ResolverOptions } from '../../../src/check/resolver';
import { CANARY, canaryPassword, pushTestChart, PushedChart, startRegistry, TestRegistry } from '../../support/registry';

const resolver = (more: Partial<ResolverOptions> = {}): Resolver =>
  new Resolver({ lockfile: false, mode: 'online', env: withoutLogins(), ...FAST, ...more });

/** Every text a user could see from a report: failure messages, the thrown error, and its JSON. */
function visibleText(report: ResolutionReport): string {
  const thrown = report.failures.length ? new ResolutionError(report.failures).message : '';
  return [thrown, JSON.stringify(report)].join('\n');
}

describe.each(['htpasswd', 'token'] as const)('%s registry', (mode) => {
  let registry: TestRegistry;
  let pushed: PushedChart;

  beforeAll(async () => {
    registry = await startRegistry({ mode });
    pushed = await pushTestChart(registry, { repository: 'private/web', version: '1.2.3' });
    await pushTestChart(registry, { repository: 'private/web', version: '1.3.0' });
  });
  afterAll(() => registry.stop());

  const ask = (repository: string, version: string, access: ChartRequest['access'] = {}): ChartRequest =>
    requestFor(registry, repository, version, { access: { credentials: userOf(registry), ...access } });

  test('the right credentials resolve an exact version and a range', async () => {
    const report = await resolver().resolve([ask('private/web', '1.2.3'), ask('private/web', '~1.3.0')]);
    expect(report.failures).toEqual([]);
    expect(report.outcomes[0]).toEqual({ ok: true, from: 'registry', resolved: { version: '1.2.3', tag: '1.2.3', digest: pushed.digest } });
    expect(report.outcomes[1]).toMatchObject({ ok: true, resolved: { version: '1.3.0' } });
  });

  test('a wrong password is unauthorized, and the password appears nowhere', async () => {
    const wrong = { username: registry.username!, password: canaryPassword() };
    const report = await resolver().resolve([ask('private/web', '1.2.3', { credentials: wrong })]);
    expect(report.failures.map((f) => f.cause)).toEqual(['unauthorized']);
    expect(report.failures[0].message).toContain(registry.host);
    const text = visibleText(report);
    expect(text).not.toContain(CANARY);
    expect(text).not.toContain(wrong.password);
    expect(text).not.toContain(registry.password);
  });

  test('no credentials and no logins on a private registry is unauthorized', async () => {
    const report = await resolver().resolve([requestFor(registry, 'private/web', '1.2.3')]);
    expect(report.failures.map((f) => f.cause)).toEqual(['unauthorized']);
    expect(visibleText(report)).not.toContain(CANARY);
  });

  test('a wrong path with good credentials is repository-not-found, for an exact version and a range', async () => {
    const report = await resolver().resolve([ask('private/wbe', '1.2.3'), ask('private/wbe', '1.x')]);
    expect(report.failures.map((f) => f.cause)).toEqual(['repository-not-found', 'repository-not-found']);
    expect(report.failures[0].message).toContain('private/wbe');
    expect(visibleText(report)).not.toContain(CANARY);
  });

  test('a wrong version with good credentials is version-not-found, naming what exists', async () => {
    const report = await resolver().resolve([ask('private/web', '1.2.4')]);
    expect(report.failures[0]).toMatchObject({ cause: 'version-not-found', version: '1.2.4' });
    expect(report.failures[0].available?.nearest).toEqual(expect.arrayContaining(['1.2.3']));
    expect(visibleText(report)).not.toContain(CANARY);
  });

  test('the lockfile written with credentials holds none of them', async () => {
    const file = tempLockfile();
    const report = await resolver({ mode: 'auto', lockfile: file }).resolve([ask('private/web', '1.2.3'), ask('private/web', '1.x')]);
    expect(report.failures).toEqual([]);
    expect(report.lockfileWritten).toBe(true);
    const text = readFileSync(file, 'utf8');
    expect(text).toContain(pushed.digest);
    expect(text).not.toContain(CANARY);
    expect(text).not.toContain(registry.username!);
  });
});

describe('TLS registry with a private CA', () => {
  let registry: TestRegistry;
  let pushed: PushedChart;

  beforeAll(async () => {
    registry = await startRegistry({ mode: 'tls', auth: 'htpasswd' });
    pushed = await pushTestChart(registry, { repository: 'charts/web', version: '2.0.0' });
  });
  afterAll(() => registry.stop());

  test('trusting the CA (access.caPem) resolves over HTTPS', async () => {
    const request = requestFor(registry, 'charts/web', '2.x', { access: { caPem: registry.caPem, credentials: userOf(registry) } });
    expect(request.access?.insecure).toBe(false);
    const report = await resolver().resolve([request]);
    expect(report.failures).toEqual([]);
    expect(report.outcomes[0]).toMatchObject({ ok: true, resolved: { version: '2.0.0', digest: pushed.digest } });
  });

  test('without the CA the certificate is refused: unreachable, and the credentials never leak', async () => {
    const report = await resolver().resolve([requestFor(registry, 'charts/web', '2.0.0', { access: { credentials: userOf(registry) } })]);
    expect(report.failures.map((f) => f.cause)).toEqual(['unreachable']);
    expect(report.failures[0].message).toContain(registry.host);
    expect(report.failures[0].message).toMatch(/CA/);
    expect(visibleText(report)).not.toContain(CANARY);
  });
});
