/**
 * Resolve benchmark: one local registry seeded with 200 chart repositories
 * of 300 SemVer tags each; flux-oci resolves 200 ranges and 200 exact
 * versions cold, then again from the lockfile it wrote. Baselines in the
 * same run: `skopeo list-tags` for each repository, and a bare undici loop
 * sending only the requests the answers need (ranges: tag list + manifest
 * HEAD; exact versions: manifest HEAD) at flux-oci's default concurrency.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { Pool } from 'undici';
import { median, pool, seededRepositories } from './support';
import { ResolutionReport } from '../src/check/plan';
import { ChartRequest } from '../src/check/request';
import { Resolver } from '../src/check/resolver';
import { skopeoListTags, startRegistry, TestRegistry } from '../test/support/registry';

const REPOSITORIES = 200;
export const TAGS_PER_REPOSITORY = 300;
/** flux-oci's default requests in flight per host; the baselines use the same. */
const CONCURRENCY = 8;
const OCI_ACCEPT = 'application/vnd.oci.image.manifest.v1+json';

interface Row {
  readonly case: string;
  readonly tool: string;
  readonly ms: number;
  /** This process's CPU time (user + system) during the case; the registry runs in its own process. */
  readonly cpuMs: number;
  readonly requests: number;
}

/** One reference's requests, sent in order. */
type Job = [string, string][];

const UNDICI = 'undici minimum';
const SKOPEO = 'skopeo list-tags (listing only)';

/** Kept between runs (gitignored): seeding 60,000 tags takes minutes, and so does deleting them. */
export const SEEDED = join(__dirname, '.work', 'resolve-registry');

/** Rounds of each timed case; each round alternates which tool goes first. Single rounds on 2 shared cores vary by ±30 % in CPU, so the median needs about ten. */
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 21);

export async function main(): Promise<void> {
  const registry = await startRegistry({ mode: 'anonymous', dataDir: SEEDED });
  const work = mkdtempSync(join(tmpdir(), 'flux-oci-bench-resolve-'));
  const rows: Row[] = [];
  try {
    const repositories = await resolveRepositories(registry);

    // Each repository gets a different target so no two lookups share an answer.
    const ranges = repositories.map((repo, i) => request(registry, repo, `~${i % 3}.${i % 10}.0`));
    const exacts = repositories.map((repo, i) => request(registry, repo, versionAt((i * 7) % TAGS_PER_REPOSITORY)));
    const lockfile = join(work, 'flux-oci.lock.json');

    // Untimed warm-up: the registry's file cache and both clients' code (JIT), so neither measured tool pays for going first.
    const warm = await resolveOnce(ranges, { mode: 'online', lockfile: false });
    await resolveOnce(exacts, { mode: 'online', lockfile: false });
    const rangeJobs = ranges.map((r, i): Job => [['GET', `/v2/${repoOf(r)}/tags/list`], ['HEAD', `/v2/${repoOf(r)}/manifests/${tagOf(warm, i)}`]]);
    const exactJobs = exacts.map((r): Job => [['HEAD', `/v2/${repoOf(r)}/manifests/${r.version}`]]);
    await bareLoop(registry, rangeJobs);
    await bareLoop(registry, exactJobs);

    // Alternating order, several rounds: a tool that always ran second would profit from the other's warm caches.
    for (let round = 0; round < ROUNDS; round++) {
      const undiciFirst = round % 2 === 1;
      for (const [label, requests, jobs] of [['200 ranges', ranges, rangeJobs], ['200 exact versions', exacts, exactJobs]] as const) {
        const flux = () => timed(label, 'flux-oci cold', async () => (await resolveOnce(requests, { mode: 'online', lockfile: false })).registryRequests);
        const bare = () => timed(label, UNDICI, () => bareLoop(registry, jobs));
        if (undiciFirst) rows.push(await bare(), await flux());
        else rows.push(await flux(), await bare());
      }
    }
    rows.push(await timed('200 ranges', SKOPEO, () => skopeoLoop(registry, repositories)));

    const all = [...ranges, ...exacts];
    await new Resolver({ mode: 'auto', lockfile, env: {} }).resolve(all);
    for (let round = 0; round < ROUNDS; round++) {
      rows.push(await timed('400 from lockfile', 'flux-oci warm', async () => (await resolveOnce(all, { mode: 'auto', lockfile })).registryRequests));
    }
    printTable(rows);
  } finally {
    await registry.stop();
    rmSync(work, { recursive: true, force: true });
  }
}

/** The 200 repositories of 300 tags, seeded on the first run (`registry` must use {@link SEEDED}); `layers` uses them too. */
export function resolveRepositories(registry: TestRegistry): Promise<string[]> {
  const tags = Array.from({ length: TAGS_PER_REPOSITORY }, (_, i) => versionAt(i));
  return seededRepositories(registry, { dataDir: SEEDED, prefix: 'bench/chart', count: REPOSITORIES, tags, concurrency: 8 });
}

/** 0.0.0 … 2.9.9: three majors, ten minors, ten patches. */
export function versionAt(i: number): string {
  return `${Math.floor(i / 100)}.${Math.floor(i / 10) % 10}.${i % 10}`;
}

function request(registry: TestRegistry, repository: string, version: string): ChartRequest {
  return { path: repository, reference: `oci://${registry.host}/${repository}`, version, ruleSet: 'helm-repository', access: { insecure: true } };
}

const repoOf = (r: ChartRequest): string => r.reference.slice(r.reference.indexOf('/', 'oci://'.length) + 1);

function tagOf(report: ResolutionReport, i: number): string {
  const outcome = report.outcomes[i];
  if (!outcome?.ok) throw new Error(`bench request ${i} did not resolve: ${outcome ? outcome.failure.message : 'no outcome'}`);
  return outcome.resolved.tag;
}

async function resolveOnce(requests: ChartRequest[], options: { mode: 'online' | 'auto'; lockfile: string | false }): Promise<ResolutionReport> {
  const report = await new Resolver({ ...options, env: {} }).resolve(requests);
  if (report.failures.length) throw new Error(`${report.failures.length} failed, first: ${report.failures[0].message}`);
  return report;
}

async function timed(label: string, tool: string, fn: () => Promise<number>): Promise<Row> {
  const cpu = process.cpuUsage();
  const start = performance.now();
  const requests = await fn();
  const ms = performance.now() - start;
  const used = process.cpuUsage(cpu);
  return { case: label, tool, ms, cpuMs: (used.user + used.system) / 1000, requests };
}

/**
 * Sends each job's requests in order, `CONCURRENCY` jobs at a time, on one
 * keep-alive pool, and parses what it fetches (a tag list's JSON), as a
 * client must; returns the request count.
 */
async function bareLoop(registry: TestRegistry, jobs: readonly Job[]): Promise<number> {
  const client = new Pool(registry.url, { connections: CONCURRENCY });
  let requests = 0;
  try {
    await pool(jobs, CONCURRENCY, async (job) => {
      for (const [method, path] of job) {
        const res = await client.request({ method: method as 'GET', path, headers: { accept: OCI_ACCEPT }, reset: false });
        if (method === 'GET') {
          const listed = await res.body.json() as { tags?: string[] };
          if (!Array.isArray(listed.tags)) throw new Error(`${path}: no tags`);
        } else {
          await res.body.dump();
        }
        requests += 1;
        if (res.statusCode !== 200) throw new Error(`${method} ${path} answered ${res.statusCode}`);
      }
    });
  } finally {
    await client.close();
  }
  return requests;
}

async function skopeoLoop(registry: TestRegistry, repositories: string[]): Promise<number> {
  await pool(repositories, CONCURRENCY, async (repo) => {
    const tags = await skopeoListTags(registry, repo, { credentials: 'none' });
    if (tags.length !== TAGS_PER_REPOSITORY) throw new Error(`skopeo listed ${tags.length} tags in ${repo}`);
  });
  return repositories.length; // one tag list each; skopeo's /v2/ probes are not counted
}

/** Median (min–max) per case and tool, and the ratio to the undici minimum per round. */
function printTable(rows: readonly Row[]): void {
  const groups = new Map<string, Row[]>();
  for (const row of rows) groups.set(`${row.case}\n${row.tool}`, [...(groups.get(`${row.case}\n${row.tool}`) ?? []), row]);
  console.log(`${ROUNDS} rounds, alternating order; median (min–max)`);
  console.log('| case | tool | wall ms | CPU ms | requests | per reference | wall vs undici minimum | CPU vs undici minimum | wall vs skopeo |');
  console.log('|---|---|---:|---:|---:|---:|---:|---:|---:|');
  for (const group of groups.values()) {
    const { case: label, tool } = group[0];
    const references = Number(/^\d+/.exec(label)?.[0] ?? 1);
    const base = groups.get(`${label}\n${UNDICI}`);
    const ratios = (pick: (r: Row) => number): string => {
      if (!base || !tool.startsWith('flux-oci')) return '';
      return summary(group.map((r, i) => pick(r) / pick(base[Math.min(i, base.length - 1)])), 2, '×');
    };
    const skopeo = groups.get(`${label}\n${SKOPEO}`)?.[0];
    const vsSkopeo = skopeo && tool.startsWith('flux-oci') ? `${(median(group.map((r) => r.ms)) / skopeo.ms).toFixed(2)}×` : '';
    console.log(`| ${label} | ${tool} | ${summary(group.map((r) => r.ms), 0)} | ${summary(group.map((r) => r.cpuMs), 0)} | ${group[0].requests} | `
      + `${(group[0].requests / references).toFixed(2)} | ${ratios((r) => r.ms)} | ${ratios((r) => r.cpuMs)} | ${vsSkopeo} |`);
  }
}

function summary(values: readonly number[], digits: number, unit = ''): string {
  if (values.length === 1) return `${values[0].toFixed(digits)}${unit}`;
  return `${median(values).toFixed(digits)}${unit} (${Math.min(...values).toFixed(digits)}–${Math.max(...values).toFixed(digits)})`;
}
