/**
 * Token-auth benchmark (issue 16): a local registry behind the test token
 * server, 200 private chart repositories; flux-oci resolves 200 ranges, then
 * 200 ranges + 200 exact versions on the same repositories, logged in (each
 * repository is its own token scope set). Prints the requests it sent: the
 * total, the registry's 401s and the token requests; and its wall time
 * against a bare undici loop sending only what the answers need: one 401 to
 * learn the challenge, then per repository one token request and the
 * registry requests with that token, at flux-oci's default concurrency.
 * Wall times: median of RUNS, flux-oci and the loop alternating.
 */
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { Pool } from 'undici';
import { median, pool, seededRepositories } from './support';
import { ResolutionReport } from '../src/check/plan';
import { ChartRequest } from '../src/check/request';
import { Resolver } from '../src/check/resolver';
import { SEED_CLIENT_ID, startRegistry, TestRegistry } from '../test/support/registry';

const REPOSITORIES = 200;
const TAGS_PER_REPOSITORY = 20;
/** flux-oci's default requests in flight per host; the loop uses the same. */
const CONCURRENCY = 8;
const RUNS = 5;
const OCI_ACCEPT = 'application/vnd.oci.image.manifest.v1+json';
/** The registry keeps its storage between runs (gitignored); the token server's keys are new each start, which does not matter. */
const SEEDED = join(__dirname, '.work', 'token-auth-registry');

interface Counts {
  readonly total: number;
  readonly unauthorized: number;
  readonly tokens: number;
}

export async function main(): Promise<void> {
  const registry = await startRegistry({ mode: 'token', dataDir: SEEDED });
  try {
    const tags = Array.from({ length: TAGS_PER_REPOSITORY }, (_, i) => versionAt(i));
    const repositories = await seededRepositories(registry, { dataDir: SEEDED, prefix: 'bench/token', count: REPOSITORIES, tags, concurrency: 4 });
    const credentials = { username: registry.username!, password: registry.password! };
    const request = (repository: string, version: string): ChartRequest => ({
      path: repository,
      reference: `oci://${registry.host}/${repository}`,
      version,
      ruleSet: 'helm-repository',
      access: { insecure: true, credentials },
    });
    const ranges = repositories.map((repo, i) => request(repo, `~0.${i % 2}.0`));
    const exacts = repositories.map((repo, i) => request(repo, versionAt((i * 7) % TAGS_PER_REPOSITORY)));

    // Untimed warm-up of both clients and the registry's file cache.
    await resolve([...ranges.slice(0, 20), ...exacts.slice(0, 20)]);

    console.log(`load average ${loadavg()[0].toFixed(1)} at start (1 min)`);
    const cases: Array<{ name: string; requests: ChartRequest[] }> = [
      { name: '200 ranges', requests: ranges },
      { name: '200 ranges + 200 exact', requests: [...ranges, ...exacts] },
    ];
    console.log('| case | flux-oci requests | 401s | token requests | bare loop requests | flux-oci ms (median) | bare loop ms (median) | ratio |');
    console.log('|---|---:|---:|---:|---:|---:|---:|---:|');
    for (const c of cases) {
      const counted = await countedResolve(registry, c.requests);
      const jobs = minimalJobs(c.requests, counted.report);
      const fluxMs: number[] = [];
      const loopMs: number[] = [];
      let loopRequests = 0;
      for (let run = 0; run < RUNS; run++) {
        // Alternating order, so neither always goes first.
        const order = run % 2 === 0 ? ['flux', 'loop'] : ['loop', 'flux'];
        for (const which of order) {
          const start = performance.now();
          if (which === 'flux') await resolve(c.requests);
          else loopRequests = await bareLoop(registry, jobs);
          (which === 'flux' ? fluxMs : loopMs).push(performance.now() - start);
        }
      }
      const f = median(fluxMs);
      const l = median(loopMs);
      const n = counted.counts;
      console.log(`| ${c.name} | ${n.total} | ${n.unauthorized} | ${n.tokens} | ${loopRequests} | ${f.toFixed(0)} | ${l.toFixed(0)} | ${(f / l).toFixed(2)}× |`);
    }
  } finally {
    await registry.stop();
  }
}

/** 0.0.0 … 0.1.9 */
function versionAt(i: number): string {
  return `0.${Math.floor(i / 10)}.${i % 10}`;
}

async function resolve(requests: readonly ChartRequest[], env: NodeJS.ProcessEnv = {}): Promise<ResolutionReport> {
  const report = await new Resolver({ mode: 'online', lockfile: false, env }).resolve(requests);
  if (report.failures.length) throw new Error(`${report.failures.length} failed, first: ${report.failures[0].message}`);
  return report;
}

/**
 * One cold resolution with `FLUX_OCI_DEBUG=1` (its stderr lines captured,
 * not printed) to count the registry's 401s; token requests from the token
 * server's own log. Not timed: the debug lines cost time.
 */
async function countedResolve(registry: TestRegistry, requests: readonly ChartRequest[]): Promise<{ report: ResolutionReport; counts: Counts }> {
  registry.tokenServer!.clearRequests();
  const lines: string[] = [];
  const write = process.stderr.write;
  process.stderr.write = ((chunk: string | Uint8Array): boolean => { lines.push(String(chunk)); return true; }) as typeof process.stderr.write;
  let report: ResolutionReport;
  try {
    report = await resolve(requests, { FLUX_OCI_DEBUG: '1' });
  } finally {
    process.stderr.write = write;
  }
  const unauthorized = lines.filter((l) => l.includes(`${registry.url}/`) && / 401 \d+ms/.test(l)).length;
  const tokens = registry.tokenServer!.requests
    .filter((r) => (r.form?.client_id ?? r.query.client_id?.[0]) !== SEED_CLIENT_ID).length;
  return { report, counts: { total: report.registryRequests, unauthorized, tokens } };
}

/** Per repository: the registry requests the answers need (tag list for a range, manifest HEAD of each selected tag). */
function minimalJobs(requests: readonly ChartRequest[], report: ResolutionReport): Map<string, string[][]> {
  const jobs = new Map<string, string[][]>();
  requests.forEach((r, i) => {
    const outcome = report.outcomes[i];
    if (!outcome?.ok) throw new Error(`bench request ${i} did not resolve`);
    const repo = r.path;
    const job = jobs.get(repo) ?? [];
    const needed: string[][] = [['HEAD', `/v2/${repo}/manifests/${outcome.resolved.tag}`]];
    if (r.version.startsWith('~')) needed.unshift(['GET', `/v2/${repo}/tags/list?n=1000`]);
    // A range and an exact version landing on the same tag need one HEAD, as flux-oci sends one.
    for (const step of needed) if (!job.some(([m, p]) => m === step[0] && p === step[1])) job.push(step);
    jobs.set(repo, job);
  });
  return jobs;
}

/**
 * The floor: one request to learn the challenge (a 401), then per
 * repository one token request (Basic) and its registry requests with the
 * Bearer token, CONCURRENCY repositories at a time; returns the request count.
 */
async function bareLoop(registry: TestRegistry, jobs: Map<string, string[][]>): Promise<number> {
  const reg = new Pool(registry.url, { connections: CONCURRENCY });
  const realm = new URL(registry.tokenServer!.realm);
  const auth = new Pool(realm.origin, { connections: CONCURRENCY });
  const basic = `Basic ${Buffer.from(`${registry.username}:${registry.password}`).toString('base64')}`;
  let requests = 0;
  try {
    const probe = await reg.request({ method: 'GET', path: '/v2/' });
    await probe.body.dump();
    requests += 1;
    const challenge = String(probe.headers['www-authenticate'] ?? '');
    const service = /service="([^"]*)"/.exec(challenge)?.[1] ?? '';
    if (probe.statusCode !== 401 || !challenge.startsWith('Bearer')) throw new Error(`expected a Bearer challenge, got ${probe.statusCode}`);
    await pool([...jobs.entries()], CONCURRENCY, async ([repo, job]) => {
      const query = new URLSearchParams({ service, scope: `repository:${repo}:pull` });
      const res = await auth.request({ method: 'GET', path: `${realm.pathname}?${query}`, headers: { authorization: basic } });
      const token = ((await res.body.json()) as { token?: string; access_token?: string });
      requests += 1;
      const bearer = `Bearer ${token.access_token ?? token.token}`;
      for (const [method, path] of job) {
        const r = await reg.request({ method: method as 'GET', path, headers: { accept: OCI_ACCEPT, authorization: bearer } });
        // The loop parses what it fetches, as flux-oci does.
        if (method === 'GET') await r.body.json();
        else await r.body.dump();
        requests += 1;
        if (r.statusCode !== 200) throw new Error(`${method} ${path} answered ${r.statusCode}`);
      }
    });
  } finally {
    await reg.close();
    await auth.close();
  }
  return requests;
}
