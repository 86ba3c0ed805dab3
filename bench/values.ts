/**
 * Values benchmark: 200 distinct charts (~50 KB archives, each with a
 * draft-07 values.schema.json) pushed with flux-oci's own packageChart and
 * pushChart; the values check of one release per chart (resolve, fetch the
 * chart layer, check the values) with a cold content cache, then warm
 * (online: the tag HEADs only; from the lockfile: nothing at all). Baseline
 * for the download part, in the same run: `skopeo copy` of the same 200
 * charts to an OCI layout, 8 at a time (flux-oci's concurrency per host).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { pool } from './support';
import { ChartRequest } from '../src/check/request';
import { ContentReport, Resolver } from '../src/check/resolver';
import { checkReleaseValues } from '../src/check/values-stage';
import { pushProjectChart } from '../test/support/project-charts';
import { skopeo, startRegistry, TestRegistry } from '../test/support/registry';

const CHARTS = 200;
const CONCURRENCY = 8;

interface Row {
  readonly tool: string;
  readonly ms: number;
  /** Requests sent to the registry (HEAD, GET manifest, GET blob, token). */
  readonly requests: number;
  /** Chart layers fetched from the registry (each a manifest GET and a blob GET). */
  readonly layerFetches: number;
  /** Layer bytes received. */
  readonly bytes: number;
  readonly findings: number;
}

export async function main(): Promise<void> {
  const registry = await startRegistry({ mode: 'anonymous' });
  const work = mkdtempSync(join(tmpdir(), 'flux-oci-bench-values-'));
  const rows: Row[] = [];
  try {
    const start = performance.now();
    const pushed = await pool(Array.from({ length: CHARTS }, (_, i) => i), CONCURRENCY, (i) => pushProjectChart(registry, 'bench', chartFiles(i)));
    const archiveKiB = pushed.reduce((n, p) => n + p.tgz.length, 0) / CHARTS / 1024;
    console.log(`pushed ${CHARTS} charts (${archiveKiB.toFixed(0)} KiB each on average) in ${Math.round((performance.now() - start) / 1000)} s`);

    const requests = Array.from({ length: CHARTS }, (_, i): ChartRequest => ({
      path: `release${i}`, reference: `oci://${registry.host}/bench/chart${pad(i)}`, version: '1.0.0', ruleSet: 'helm-repository', access: { insecure: true },
    }));
    const cache = join(work, 'cache');
    const lockfile = join(work, 'flux-oci.lock.json');
    rows.push(await valuesCheck('flux-oci cold cache (online)', requests, { mode: 'online', lockfile, cache }));
    rows.push(await valuesCheck('flux-oci warm cache (online: tag HEADs)', requests, { mode: 'online', lockfile: false, cache }));
    rows.push(await valuesCheck('flux-oci warm cache + lockfile (locked)', requests, { mode: 'locked', lockfile, cache }));
    rows.push(await skopeoCopies(registry, requests, join(work, 'layout')));
    printTable(rows);
  } finally {
    await registry.stop();
    rmSync(work, { recursive: true, force: true });
  }
}

/** A chart of its own: a schema over 40 properties and a values.yaml padded with comments to ~50 KB packaged. */
function chartFiles(i: number): Record<string, string> {
  const properties: Record<string, unknown> = {};
  const values: string[] = [];
  for (let p = 0; p < 40; p++) {
    properties[`setting${p}`] = { type: 'object', properties: { enabled: { type: 'boolean' }, size: { type: 'integer', minimum: 0 }, name: { type: 'string' } } };
    values.push(`# -- setting ${p} of chart ${i}`, `setting${p}:`, '  enabled: true', `  size: ${p}`, `  name: s${p}-${i}`);
  }
  // Text that does not compress away, so each archive is ~50 KB.
  let seed = i + 1;
  const noise = Array.from({ length: 2200 }, () => {
    seed = (seed * 1103515245 + 12345) % 2 ** 31;
    return `# ${seed.toString(36)}${(seed * 7).toString(36)}${(seed * 13).toString(36)}${(seed * 31).toString(36)}${(seed * 57).toString(36)}`;
  });
  return {
    'Chart.yaml': `apiVersion: v2\nname: chart${pad(i)}\nversion: 1.0.0\n`,
    'values.yaml': `${values.join('\n')}\n${noise.join('\n')}\n`,
    'values.schema.json': JSON.stringify({ $schema: 'http://json-schema.org/draft-07/schema#', type: 'object', properties, additionalProperties: false }, undefined, 2),
    'templates/configmap.yaml': 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: {{ .Release.Name }}\ndata:\n  size: "{{ .Values.setting0.size }}"\n',
  };
}

async function valuesCheck(
  tool: string, requests: ChartRequest[], options: { mode: 'online' | 'locked'; lockfile: string | false; cache: string },
): Promise<Row> {
  const start = performance.now();
  const report: ContentReport = await new Resolver({ ...options, env: {} }).resolve(requests, { content: requests.map(() => true) });
  let findings = 0;
  let layerFetches = 0;
  let bytes = 0;
  requests.forEach((request, i) => {
    const outcome = report.outcomes[i];
    const content = report.content[i];
    if (!outcome?.ok || !content) throw new Error(`${tool}: ${request.path} did not resolve or fetch: ${JSON.stringify(outcome ?? content)}`);
    if (content.state !== 'fetched') throw new Error(`${tool}: ${request.path}: ${content.message}`);
    if (content.layer.from === 'registry') {
      layerFetches++;
      bytes += content.layer.bytes.length;
    }
    // One value of the wrong type per release: the check has something to report.
    findings += checkReleaseValues({ values: { setting1: { size: -1 } } }, request.reference, outcome.resolved, content).length;
  });
  return { tool, ms: performance.now() - start, requests: report.registryRequests, layerFetches, bytes, findings };
}

/** `skopeo copy` of each chart to an OCI layout (its config and layer blobs), 8 at a time. */
async function skopeoCopies(registry: TestRegistry, requests: ChartRequest[], layout: string): Promise<Row> {
  const start = performance.now();
  await pool(requests, CONCURRENCY, async (request) => {
    const repository = request.reference.slice(`oci://${registry.host}/`.length);
    const result = await skopeo(registry, ['copy', '--quiet', `docker://${registry.host}/${repository}:1.0.0`, `oci:${layout}-${repository.replace(/\//g, '-')}:1.0.0`], { timeoutMs: 120_000, credentials: 'none' });
    if (result.exitCode !== 0) throw new Error(`skopeo copy failed: ${result.stderr}`);
  });
  return { tool: 'skopeo copy (download only)', ms: performance.now() - start, requests: NaN, layerFetches: requests.length, bytes: NaN, findings: 0 };
}

function pad(i: number): string {
  return String(i).padStart(3, '0');
}

function printTable(rows: readonly Row[]): void {
  const skopeoMs = rows.find((r) => r.tool.startsWith('skopeo'))!.ms;
  console.log('| 200 releases | wall ms | registry requests | layers fetched | layer bytes | findings | time vs skopeo copy |');
  console.log('|---|---:|---:|---:|---:|---:|---:|');
  for (const r of rows) {
    const cell = (n: number) => (Number.isNaN(n) ? '' : String(n));
    console.log(`| ${r.tool} | ${r.ms.toFixed(0)} | ${cell(r.requests)} | ${r.layerFetches} | ${cell(r.bytes)} | ${r.findings} | ${r.tool.startsWith('skopeo') ? '' : `${(r.ms / skopeoMs).toFixed(2)}×`} |`);
  }
}
