/**
 * Resolve benchmark: one local registry seeded with 200 chart repositories
 * of 300 SemVer tags each; flux-oci resolves 200 ranges and 200 exact
 * versions cold, then again from the lockfile it wrote. Baselines in the
 * same run: `skopeo list-tags` for each repository, and a bare undici loop
 * sending only the requests the answers need (ranges: tag list + manifest
 * HEAD; exact versions: manifest HEAD) at flux-oci's default concurrency.
 */
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { performance } from 'node:perf_hooks';
import { Pool } from 'undici';
import { ResolutionReport } from '../src/check/plan';
import { ChartRequest } from '../src/check/request';
import { Resolver } from '../src/check/resolver';
import { pushTestTags, skopeoListTags, startRegistry, TestRegistry } from '../test/support/registry';

const REPOSITORIES = 200;
const TAGS_PER_REPOSITORY = 300;
/** flux-oci's default requests in flight per host; the baselines use the same. */
const CONCURRENCY = 8;
const OCI_ACCEPT = 'application/vnd.oci.image.manifest.v1+json';

interface Row {
  readonly case: string;
  readonly tool: string;
  readonly ms: number;
  readonly requests: number;
}

const UNDICI = 'undici minimum';
const SKOPEO = 'skopeo list-tags (listing only)';

/** Kept between runs (gitignored): seeding 60,000 tags takes minutes, and so does deleting them. */
const SEEDED = join(__dirname, '.work', 'resolve-registry');
const SEED_MARK = join(SEEDED, `seeded-${REPOSITORIES}x${TAGS_PER_REPOSITORY}`);

export async function main(): Promise<void> {
  const registry = await startRegistry({ mode: 'anonymous', dataDir: SEEDED });
  const work = mkdtempSync(join(tmpdir(), 'flux-oci-bench-resolve-'));
  const rows: Row[] = [];
  try {
    const repositories = await seeded(registry);

    // Each repository gets a different target so no two lookups share an answer.
    const ranges = repositories.map((repo, i) => request(registry, repo, `~${i % 3}.${i % 10}.0`));
    const exacts = repositories.map((repo, i) => request(registry, repo, versionAt((i * 7) % TAGS_PER_REPOSITORY)));
    const lockfile = join(work, 'flux-oci.lock.json');

    // Untimed warm-up: the registry's file cache and both clients' code, so neither measured tool pays for going first.
    await bareLoop(registry, repositories.map((repo) => [['GET', `/v2/${repo}/tags/list`]]));
    await new Resolver({ mode: 'online', lockfile: false, env: {} }).resolve([...ranges.slice(0, 20), ...exacts.slice(0, 20)]);

    const rangeReport = await timedResolve('200 ranges', 'flux-oci cold', ranges, rows, { mode: 'online', lockfile: false });
    rows.push(await timed('200 ranges', UNDICI, async () => bareLoop(registry, ranges.map((r, i) => [
      ['GET', `/v2/${repoOf(r)}/tags/list`],
      ['HEAD', `/v2/${repoOf(r)}/manifests/${tagOf(rangeReport, i)}`],
    ]))));
    rows.push(await timed('200 ranges', SKOPEO, () => skopeoLoop(registry, repositories)));

    await timedResolve('200 exact versions', 'flux-oci cold', exacts, rows, { mode: 'online', lockfile: false });
    rows.push(await timed('200 exact versions', UNDICI, async () => bareLoop(registry, exacts.map((r) => [
      ['HEAD', `/v2/${repoOf(r)}/manifests/${r.version}`],
    ]))));

    const all = [...ranges, ...exacts];
    await new Resolver({ mode: 'auto', lockfile, env: {} }).resolve(all);
    await timedResolve('400 from lockfile', 'flux-oci warm', all, rows, { mode: 'auto', lockfile });
    printTable(rows);
  } finally {
    await registry.stop();
    rmSync(work, { recursive: true, force: true });
  }
}

/** 200 repositories, each one chart manifest tagged 300 times (blobs once per repository); pushed once, reused after. */
async function seeded(registry: TestRegistry): Promise<string[]> {
  const repositories = Array.from({ length: REPOSITORIES }, (_, i) => `bench/chart${String(i).padStart(3, '0')}`);
  if (existsSync(SEED_MARK)) {
    console.log(`reusing the registry seeded in ${relative(process.cwd(), SEEDED)} (delete it to seed again)`);
    return repositories;
  }
  const start = performance.now();
  const tags = Array.from({ length: TAGS_PER_REPOSITORY }, (_, i) => versionAt(i));
  await pool(repositories, 8, (repo) => pushTestTags(registry, repo, tags, { version: tags[0], concurrency: 8 }));
  writeFileSync(SEED_MARK, '');
  console.log(`seeded ${REPOSITORIES} repositories × ${TAGS_PER_REPOSITORY} tags in ${Math.round((performance.now() - start) / 1000)} s, kept in ${relative(process.cwd(), SEEDED)}`);
  return repositories;
}

/** 0.0.0 … 2.9.9: three majors, ten minors, ten patches. */
function versionAt(i: number): string {
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

async function timedResolve(
  label: string, tool: string, requests: ChartRequest[], rows: Row[], options: { mode: 'online' | 'auto'; lockfile: string | false },
): Promise<ResolutionReport> {
  const start = performance.now();
  const report = await new Resolver({ ...options, env: {} }).resolve(requests);
  const ms = performance.now() - start;
  if (report.failures.length) throw new Error(`${label}: ${report.failures.length} failed, first: ${report.failures[0].message}`);
  rows.push({ case: label, tool, ms, requests: report.registryRequests });
  return report;
}

async function timed(label: string, tool: string, fn: () => Promise<number>): Promise<Row> {
  const start = performance.now();
  const requests = await fn();
  return { case: label, tool, ms: performance.now() - start, requests };
}

/** Sends each job's requests in order, `CONCURRENCY` jobs at a time, on one keep-alive pool; returns the request count. */
async function bareLoop(registry: TestRegistry, jobs: [string, string][][]): Promise<number> {
  const client = new Pool(registry.url, { connections: CONCURRENCY });
  let requests = 0;
  try {
    await pool(jobs, CONCURRENCY, async (job) => {
      for (const [method, path] of job) {
        const res = await client.request({ method: method as 'GET', path, headers: { accept: OCI_ACCEPT }, reset: false });
        await res.body.dump();
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

async function pool<T>(items: readonly T[], width: number, fn: (item: T) => Promise<unknown>): Promise<void> {
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) await fn(items[next++]);
  };
  await Promise.all(Array.from({ length: width }, worker));
}

function printTable(rows: readonly Row[]): void {
  console.log('| case | tool | wall ms | requests | requests/reference | time vs undici minimum | time vs skopeo |');
  console.log('|---|---|---:|---:|---:|---:|---:|');
  for (const row of rows) {
    const references = Number(/^\d+/.exec(row.case)?.[0] ?? 1);
    const ratio = (baseline: string): string => {
      const base = rows.find((r) => r.case === row.case && r.tool === baseline);
      return base && row.tool.startsWith('flux-oci') ? `${(row.ms / base.ms).toFixed(2)}×` : '';
    };
    const perReference = (row.requests / references).toFixed(2);
    console.log(`| ${row.case} | ${row.tool} | ${row.ms.toFixed(0)} | ${row.requests} | ${perReference} | ${ratio(UNDICI)} | ${ratio(SKOPEO)} |`);
  }
}
