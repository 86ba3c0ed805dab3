/**
 * Push benchmark: a 5 MB and a 50 MB chart and a 1,000-file Flux artifact,
 * pushed by flux-oci and, in the same run, by `skopeo copy` from an OCI
 * layout holding the same blobs, each to a fresh repository of one local
 * registry. Reports wall time and blob bytes sent; a re-push by flux-oci
 * shows what the HEAD check saves.
 */
import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { buildArtifact, chartConfigJson, packageChart } from '../src/archives';
import { OCI_MANIFEST_MEDIA_TYPE, computeDigest } from '../src/foundation';
import { FLUX_CONFIG_MEDIA_TYPE, FLUX_CONTENT_MEDIA_TYPE, HELM_CHART_LAYER_MEDIA_TYPE, HELM_CONFIG_MEDIA_TYPE } from '../src/foundation/media-types';
import { pushArtifact, pushChart } from '../src/publish';
import { RegistryClient } from '../src/registry';
import { skopeo, startRegistry, TestRegistry } from '../test/support/registry';

interface Row {
  readonly case: string;
  readonly tool: string;
  readonly ms: number;
  readonly bytes: number;
}

interface Blob {
  readonly mediaType: string;
  readonly content: Buffer;
}

export async function main(): Promise<void> {
  const work = mkdtempSync(join(tmpdir(), 'flux-oci-bench-push-'));
  const registry = await startRegistry({ mode: 'anonymous' });
  const client = new RegistryClient({ insecureHosts: [registry.host], env: {} });
  const rows: Row[] = [];
  try {
    for (const mb of [5, 50]) {
      // Random bytes do not compress, so the .tgz is about the stated size; 1 MiB files stay under Helm's per-file limit.
      const payload: Record<string, Buffer> = {};
      for (let i = 0; i < mb; i++) payload[`files/payload-${i}.bin`] = randomBytes(1024 * 1024);
      const dir = writeTree(join(work, `chart-${mb}`), { 'Chart.yaml': `apiVersion: v2\nname: bench${mb}\nversion: 1.0.0\n`, ...payload });
      const chart = await packageChart(dir);
      const label = `chart ${mb} MB`;
      rows.push(await timed(label, 'flux-oci', async () => (await pushChart(client, chart.bytes, `oci://${registry.host}/fluxoci`)).uploadedBytes));
      rows.push(await timed(label, 'flux-oci (re-push)', async () => (await pushChart(client, chart.bytes, `oci://${registry.host}/fluxoci`)).uploadedBytes));
      const layout = writeLayout(join(work, `layout-chart-${mb}`), [
        { mediaType: HELM_CONFIG_MEDIA_TYPE, content: Buffer.from(chartConfigJson(chart.metadata)) },
        { mediaType: HELM_CHART_LAYER_MEDIA_TYPE, content: chart.bytes },
      ]);
      rows.push(await timed(label, 'skopeo copy', () => skopeoCopy(registry, layout, `skopeo/bench${mb}:1.0.0`)));
    }

    const files: Record<string, string> = {};
    for (let i = 0; i < 1000; i++) files[`manifests/app-${Math.floor(i / 100)}/cm-${i}.yaml`] = configMap(i);
    const artifactDir = writeTree(join(work, 'artifact'), files);
    const label = 'artifact 1,000 files';
    const options = { source: 'https://example.com/bench', revision: 'main@sha1:0000000', reproducible: true };
    await buildArtifact(artifactDir); // warm-up: the first call also pays for compiling the archive code
    rows.push(await timed(label, 'flux-oci archive only (buildArtifact)', async () => (await buildArtifact(artifactDir)).bytes.length));
    rows.push(await timed(label, 'flux-oci archive + push', async () => (await pushArtifact(client, artifactDir, `oci://${registry.host}/fluxoci/artifact:v1`, options)).uploadedBytes));
    const artifact = await buildArtifact(artifactDir);
    const layout = writeLayout(join(work, 'layout-artifact'), [
      { mediaType: FLUX_CONFIG_MEDIA_TYPE, content: Buffer.from('{}') },
      { mediaType: FLUX_CONTENT_MEDIA_TYPE, content: artifact.bytes },
    ]);
    rows.push(await timed(label, 'skopeo copy', () => skopeoCopy(registry, layout, 'skopeo/artifact:v1')));
  } finally {
    await client.close();
    await registry.stop();
    rmSync(work, { recursive: true, force: true });
  }
  printTable(rows);
}

async function timed(label: string, tool: string, fn: () => Promise<number>): Promise<Row> {
  const start = performance.now();
  const bytes = await fn();
  return { case: label, tool, ms: performance.now() - start, bytes };
}

/** Copies the layout's one image; returns the blob bytes a fresh repository needs (skopeo sends them all). */
async function skopeoCopy(registry: TestRegistry, layout: { dir: string; bytes: number }, target: string): Promise<number> {
  const result = await skopeo(registry, ['copy', '--quiet', `oci:${layout.dir}:bench`, `docker://${registry.host}/${target}`], { timeoutMs: 120_000 });
  if (result.exitCode !== 0) throw new Error(`skopeo copy failed: ${result.stderr}`);
  return layout.bytes;
}

/** An OCI image layout (`oci-layout`, `index.json`, `blobs/sha256/…`) with one manifest tagged `bench`. */
function writeLayout(dir: string, [config, ...layers]: Blob[]): { dir: string; bytes: number } {
  const put = (content: Buffer) => {
    const digest = computeDigest(content);
    writeTree(join(dir, 'blobs', 'sha256'), { [digest.slice('sha256:'.length)]: content });
    return digest;
  };
  const descriptor = (b: Blob) => ({ mediaType: b.mediaType, digest: put(b.content), size: b.content.length });
  const manifest = Buffer.from(JSON.stringify({
    schemaVersion: 2, mediaType: OCI_MANIFEST_MEDIA_TYPE, config: descriptor(config), layers: layers.map(descriptor),
  }));
  const index = {
    schemaVersion: 2,
    manifests: [{ mediaType: OCI_MANIFEST_MEDIA_TYPE, digest: put(manifest), size: manifest.length, annotations: { 'org.opencontainers.image.ref.name': 'bench' } }],
  };
  writeTree(dir, { 'oci-layout': '{"imageLayoutVersion":"1.0.0"}', 'index.json': JSON.stringify(index) });
  return { dir, bytes: [config, ...layers].reduce((n, b) => n + b.content.length, 0) };
}

function writeTree(dir: string, files: Record<string, string | Buffer>): string {
  for (const [name, content] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, name)), { recursive: true });
    writeFileSync(join(dir, name), content);
  }
  return dir;
}

function configMap(i: number): string {
  return `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: cm-${i}\ndata:\n  index: "${i}"\n  payload: "${randomBytes(48).toString('hex')}"\n`;
}

function printTable(rows: readonly Row[]): void {
  console.log('| case | tool | wall ms | blob bytes sent | vs skopeo |');
  console.log('|---|---|---:|---:|---:|');
  for (const row of rows) {
    const baseline = rows.find((r) => r.case === row.case && r.tool === 'skopeo copy');
    const ratio = baseline && row !== baseline && !row.tool.includes('only') ? `${(row.ms / baseline.ms).toFixed(2)}×` : '';
    console.log(`| ${row.case} | ${row.tool} | ${row.ms.toFixed(0)} | ${row.bytes} | ${ratio} |`);
  }
}
