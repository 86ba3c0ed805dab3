import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { withoutLogins } from './logins';
import { requestFor } from './support';
import { ResolutionReport } from '../../../src/check/plan';
import { ChartRequest } from '../../../src/check/request';
import { Resolver, ResolverOptions } from '../../../src/check/resolver';
import { ResolveSyncOptions } from '../../../src/check/sync/resolve-sync';
import { FaultProxy, pushTestChart, PushedChart, startFaultProxy, startRegistry, TestRegistry } from '../../support/registry';

let registry: TestRegistry;
let proxy: FaultProxy;
let pushed: PushedChart;

beforeAll(async () => {
  registry = await startRegistry({ mode: 'anonymous' });
  pushed = await pushTestChart(registry, { repository: 'charts/web', version: '1.2.3' });
  proxy = await startFaultProxy(registry);
});
afterAll(async () => {
  await proxy?.stop();
  await registry?.stop();
});
beforeEach(() => {
  proxy.setRules([]);
  proxy.clearRequests();
});

const TAGS = /\/tags\/list/;
const MANIFEST = /\/manifests\//;
/** Short waits so retries and timeouts take milliseconds, not minutes. */
const CLIENT: ResolverOptions['client'] = {
  timeouts: { connectMs: 2_000, requestMs: 500 },
  retry: { maxAttempts: 3, baseDelayMs: 10, maxDelayMs: 50, maxRetryAfterMs: 1_000, deadlineMs: 10_000 },
};
const range = (): ChartRequest => requestFor(proxy, 'charts/web', '1.x');
const exact = (): ChartRequest => requestFor(proxy, 'charts/web', '1.2.3');
const resolve = (request: ChartRequest): Promise<ResolutionReport> =>
  new Resolver({ lockfile: false, mode: 'online', env: withoutLogins(), client: CLIENT }).resolve([request]);

function expectResolved(report: ResolutionReport): void {
  expect(report.failures).toEqual([]);
  expect(report.outcomes[0]).toEqual({ ok: true, from: 'registry', resolved: { version: '1.2.3', tag: '1.2.3', digest: pushed.digest } });
}

/** The statuses (or faults) the proxy answered on `pattern`, in order. */
const answers = (pattern: RegExp): (number | string | undefined)[] =>
  proxy.requests.filter((r) => pattern.test(r.path)).map((r) => r.fault === 'status' ? r.status : r.fault ?? r.status);

test('429 with Retry-After on the tag list: retried, then resolved', async () => {
  proxy.setRules([{ path: TAGS, fault: { kind: 'status', status: 429, headers: { 'Retry-After': '1' }, body: 'Too Many Requests' } }]);
  const report = await resolve(range());
  expectResolved(report);
  expect(answers(TAGS)).toEqual([429, 200]);
  expect(report.registryRequests).toBeGreaterThanOrEqual(3); // two listings and a HEAD
});

test('503 on the manifest HEAD: retried, then resolved', async () => {
  proxy.setRules([{ method: 'HEAD', path: MANIFEST, fault: { kind: 'status', status: 503 } }]);
  expectResolved(await resolve(exact()));
  expect(answers(MANIFEST)).toEqual([503, 200]);
});

test('a connection reset before the response: retried, then resolved', async () => {
  proxy.setRules([{ path: TAGS, fault: { kind: 'reset' } }]);
  expectResolved(await resolve(range()));
  expect(answers(TAGS)).toEqual(['reset', 200]);
});

test('a registry that never answers is unreachable after the timeout, not a hang', async () => {
  proxy.setRules([{ path: MANIFEST, occurrence: 'every', fault: { kind: 'stall' } }]);
  const report = await resolve(exact());
  expect(report.failures.map((f) => f.cause)).toEqual(['unreachable']);
  expect(report.failures[0].message).toContain(proxy.host);
  expect(proxy.count(MANIFEST)).toBe(CLIENT.retry!.maxAttempts);
}, 20_000);

test('429 on every attempt: unreachable, naming the rate limit', async () => {
  proxy.setRules([{ path: MANIFEST, occurrence: 'every', fault: { kind: 'status', status: 429, headers: { 'Retry-After': '0' } } }]);
  const report = await resolve(exact());
  expect(report.failures.map((f) => f.cause)).toEqual(['unreachable']);
  expect(report.failures[0].message).toMatch(/429|rate/i);
  expect(proxy.count(MANIFEST)).toBe(CLIENT.retry!.maxAttempts);
});

test('a truncated tag list is retried; truncated every time it is unreachable, saying so', async () => {
  proxy.setRules([{ path: TAGS, fault: { kind: 'truncate' } }]);
  expectResolved(await resolve(range()));
  expect(answers(TAGS)).toEqual(['truncate', 200]);

  proxy.setRules([{ path: TAGS, occurrence: 'every', fault: { kind: 'truncate' } }]);
  proxy.clearRequests();
  const report = await resolve(range());
  expect(report.failures.map((f) => f.cause)).toEqual(['unreachable']);
  expect(report.failures[0].message).toMatch(/truncated/);
  expect(proxy.count(TAGS)).toBe(CLIENT.retry!.maxAttempts);
});

describe('app.synth() of a cdk8s app (own process: the synth blocks its thread)', () => {
  const execFileAsync = promisify(execFile);
  /** Runs synth-child.ts; returns its exit code, stderr and the files it wrote. */
  async function synthElsewhere(version: string): Promise<{ code: number; stderr: string; files: string[]; outdir: string }> {
    const outdir = join(mkdtempSync(join(tmpdir(), 'flux-oci-fault-synth-')), 'dist');
    const env = withoutLogins();
    delete env.FLUX_OCI_RESOLVE; // as on a user's machine; jest's setup turns checks off
    const args = JSON.stringify({ host: proxy.host, version, outdir, client: CLIENT });
    const result = await execFileAsync(process.execPath, ['-r', 'ts-node/register/transpile-only', join(__dirname, 'synth-child.ts'), args], {
      cwd: join(__dirname, '../../..'), env, timeout: 40_000,
    }).then(({ stderr }) => ({ code: 0, stderr }), (e: { code: number; stderr: string }) => ({ code: e.code, stderr: e.stderr }));
    const files = existsSync(outdir) ? readdirSync(outdir) : [];
    return { ...result, files, outdir };
  }

  test('through a 429 and a connection reset the synth succeeds and writes the resolved version', async () => {
    proxy.setRules([
      { path: TAGS, fault: { kind: 'status', status: 429, headers: { 'Retry-After': '0' } } },
      { method: 'HEAD', path: MANIFEST, fault: { kind: 'reset' } },
    ]);
    const { code, stderr, files, outdir } = await synthElsewhere('~1.2.0');
    expect({ code, stderr }).toEqual({ code: 0, stderr: '' });
    expect(files).toEqual(['apps.k8s.yaml']);
    expect(readFileSync(join(outdir, files[0]), 'utf8')).toMatch(/tag: 1\.2\.3/);
    expect(answers(TAGS)).toEqual([429, 200]);
    // HEAD reset, HEAD retried; then the manifest GET of the values check (the content cache is cold).
    expect(answers(MANIFEST)).toEqual(['reset', 200, 200]);
  }, 45_000);

  test('a registry that stalls fails the synth with the construct path and the host, and writes nothing', async () => {
    proxy.setRules([{ path: TAGS, occurrence: 'every', fault: { kind: 'stall' } }]);
    const { code, stderr, files } = await synthElsewhere('1.x');
    expect(code).toBe(1);
    expect(stderr).toContain('[apps/web]');
    expect(stderr).toContain('(unreachable)');
    expect(stderr).toContain(proxy.host);
    expect(files).toEqual([]);
  }, 45_000);
});

describe('resolveSync (worker thread, blocking caller)', () => {
  const execFileAsync = promisify(execFile);
  /** resolveSync in a child process: it blocks its thread, and this process must keep serving the proxy. */
  async function resolveSyncElsewhere(requests: ChartRequest[], options: ResolveSyncOptions): Promise<ResolutionReport> {
    const { stdout } = await execFileAsync(process.execPath, [
      '-r', 'ts-node/register/transpile-only', join(__dirname, 'resolve-sync-child.ts'), JSON.stringify({ requests, options }),
    ], { cwd: join(__dirname, '../../..'), timeout: 40_000 });
    return JSON.parse(stdout) as ResolutionReport;
  }

  test('through a 503 it retries and returns the resolution', async () => {
    proxy.setRules([{ method: 'HEAD', path: MANIFEST, fault: { kind: 'status', status: 503 } }]);
    const report = await resolveSyncElsewhere([exact()], {
      mode: 'online', lockfile: false, env: withoutLogins(), timeouts: CLIENT.timeouts, retry: CLIENT.retry, deadlineMs: 30_000,
    });
    expectResolved(report);
    expect(answers(MANIFEST)).toEqual([503, 200]);
  }, 45_000);

  test('a stalled registry comes back as unreachable', async () => {
    proxy.setRules([{ path: TAGS, occurrence: 'every', fault: { kind: 'stall' } }]);
    const report = await resolveSyncElsewhere([range()], {
      mode: 'online', lockfile: false, env: withoutLogins(), timeouts: CLIENT.timeouts, retry: CLIENT.retry, deadlineMs: 30_000,
    });
    expect(report.failures.map((f) => f.cause)).toEqual(['unreachable']);
    expect(proxy.count(TAGS)).toBe(CLIENT.retry!.maxAttempts);
  }, 45_000);
});
