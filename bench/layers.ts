/**
 * Where a range lookup's CPU goes, layer by layer, in one process: the
 * `resolve` benchmark's 200 repositories (a tag list and a manifest `HEAD`
 * each, 8 at a time) through a bare undici pool, flux-oci's
 * `RegistryClient`, and the `Resolver` (which adds selection over 300 tags a
 * repository); then the client's own per-request CPU with no sockets (an
 * in-process dispatcher that answers at once); then selection alone. CPU
 * medians of many alternating rounds, each layer against the bare loop.
 */
import { Dispatcher, Pool } from 'undici';
import { resolveRepositories, SEEDED, TAGS_PER_REPOSITORY, versionAt } from './resolve';
import { median, pool } from './support';
import { Resolver } from '../src/check/resolver';
import { OciReference, parseOciReference } from '../src/foundation/reference';
import { RegistryClient } from '../src/registry';
import { selectTag } from '../src/versions/select/select-tag';
import { startRegistry } from '../test/support/registry';

const CONCURRENCY = 8;
const ACCEPT = 'application/vnd.oci.image.manifest.v1+json';
/** Rounds per layer; single rounds vary by ±30 % on 2 shared cores. */
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 40);

type Layer = [name: string, run: () => Promise<void>];

export async function main(): Promise<void> {
  const registry = await startRegistry({ mode: 'anonymous', dataDir: SEEDED });
  try {
    const repositories = await resolveRepositories(registry);
    const range = (i: number): string => `~${i % 3}.${i % 10}.0`;
    // The tag each range selects (the newest patch of its minor), so every layer sends the same requests.
    const refs = repositories.map((repo, i) => parseOciReference(`oci://${registry.host}/${repo}:${i % 3}.${i % 10}.9`));
    const requests = repositories.map((repo, i) => ({
      path: repo, reference: `oci://${registry.host}/${repo}`, version: range(i), ruleSet: 'helm-repository' as const, access: { insecure: true },
    }));
    console.log(`### over the local registry: 200 tag lists + 200 HEADs a round, CPU ms, median of ${ROUNDS} rounds`);
    printLayers(await measure([
      ['undici Pool (baseline)', () => bareLookups(registry.url, refs)],
      ['RegistryClient', () => clientLookups(registry.host, refs)],
      ['Resolver (+ selection)', async () => {
        const report = await new Resolver({ mode: 'online', lockfile: false, env: {} }).resolve(requests);
        if (report.failures.length) throw new Error(report.failures[0].message);
      }],
    ]), 'ms');

    const instant = new InstantDispatcher();
    console.log(`\n### no sockets: 200 HEADs a round on a dispatcher that answers at once, CPU µs per request, median of ${ROUNDS * 2} rounds`);
    printLayers(await measure([
      ['dispatcher.request (baseline)', () => instantBare(instant, refs)],
      ['RegistryClient', () => clientLookups(registry.host, refs, instant, false)],
    ], 2), 'µs', 1000 / refs.length);

    const lists = repositories.map(() => JSON.parse(JSON.stringify(Array.from({ length: TAGS_PER_REPOSITORY }, (_, i) => versionAt(i)))) as string[]);
    const selection = await measure([['selectTag, 200 ranges × 300 tags', async () => {
      lists.forEach((tags, i) => {
        if (!selectTag({ tags, constraint: range(i), ruleSet: 'helm-repository' }).matched) throw new Error(`no match for ${range(i)}`);
      });
    }]]);
    console.log(`\n### selection alone (fresh tag strings, as JSON.parse gives them), CPU ms a round: ${median(selection[0][1]).toFixed(1)}`);
  } finally {
    await registry.stop();
  }
}

/** CPU ms of each layer per round, after two untimed rounds; the layers take turns, the first rotating. */
async function measure(layers: readonly Layer[], factor = 1): Promise<[string, number[]][]> {
  const cpu = layers.map(([name]): [string, number[]] => [name, []]);
  for (let round = -2; round < ROUNDS * factor; round++) {
    for (let k = 0; k < layers.length; k++) {
      const index = (k + Math.max(round, 0)) % layers.length;
      const start = process.cpuUsage();
      await layers[index][1]();
      const used = process.cpuUsage(start);
      if (round >= 0) cpu[index][1].push((used.user + used.system) / 1000);
    }
  }
  return cpu;
}

function printLayers(rows: readonly [string, number[]][], unit: string, scale = 1): void {
  const base = median(rows[0][1]);
  console.log(`| layer | CPU ${unit} | vs baseline |\n|---|---:|---:|`);
  for (const [name, values] of rows) console.log(`| ${name} | ${(median(values) * scale).toFixed(1)} | ${(median(values) / base).toFixed(2)}× |`);
}

async function bareLookups(origin: string, refs: readonly OciReference[]): Promise<void> {
  const client = new Pool(origin, { connections: CONCURRENCY });
  await pool(refs, CONCURRENCY, async (ref) => {
    const list = await client.request({ method: 'GET', path: `/v2/${ref.repository}/tags/list?n=1000`, headers: { accept: ACCEPT }, reset: false });
    if (!Array.isArray(((await list.body.json()) as { tags?: unknown }).tags)) throw new Error(`${ref.repository}: no tags`);
    const head = await client.request({ method: 'HEAD', path: `/v2/${ref.repository}/manifests/${ref.tag}`, headers: { accept: ACCEPT }, reset: false });
    await head.body.dump();
    if (head.statusCode !== 200) throw new Error(`HEAD ${ref.format()} answered ${head.statusCode}`);
  });
  await client.close();
}

/** With a registry: a tag list and a HEAD per reference. With `dispatcher`: the HEAD only. */
async function clientLookups(host: string, refs: readonly OciReference[], dispatcher?: Dispatcher, list = true): Promise<void> {
  const client = new RegistryClient({ insecureHosts: [host], dispatcher, env: {} });
  await pool(refs, CONCURRENCY, async (ref) => {
    if (list) await client.listTags(ref);
    await client.headManifest(ref);
  });
  await client.close();
}

async function instantBare(dispatcher: Dispatcher, refs: readonly OciReference[]): Promise<void> {
  await pool(refs, CONCURRENCY, async (ref) => {
    const res = await dispatcher.request({
      origin: `http://${ref.host}`, method: 'HEAD', path: `/v2/${ref.repository}/manifests/${ref.tag}`, headers: { accept: ACCEPT }, reset: false,
    });
    await res.body.dump();
  });
}

const DIGEST = `sha256:${'a'.repeat(64)}`;

/** Answers every request at once with a manifest HEAD's headers: the CPU left is the caller's own. */
class InstantDispatcher extends Dispatcher {
  public dispatch(_options: Dispatcher.DispatchOptions, handler: Dispatcher.DispatchHandler): boolean {
    queueMicrotask(() => {
      const raw = ['docker-content-digest', DIGEST, 'content-length', '1234', 'content-type', ACCEPT].map((s) => Buffer.from(s));
      handler.onConnect?.(() => undefined);
      handler.onHeaders?.(200, raw, () => undefined, 'OK');
      queueMicrotask(() => handler.onComplete?.([]));
    });
    return true;
  }

  public async close(): Promise<void> {}

  public async destroy(): Promise<void> {}
}
