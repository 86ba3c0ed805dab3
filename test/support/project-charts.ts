import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import type { TestRegistry } from './registry';
import { packageChart } from '../../src/archives';
import { pushArtifact, pushChart, PushedChart } from '../../src/publish';
import { RegistryClient } from '../../src/registry/client';
import { StaticCredentials } from '../../src/registry/credentials/store';

/** A chart folder as `name → text` (paths relative to the chart root). */
export type ChartFiles = Readonly<Record<string, string>>;

/** Writes `files` under a fresh temporary folder and returns it. */
export function writeFiles(files: ChartFiles, prefix = 'flux-oci-chart-'): string {
  const root = mkdtempSync(join(tmpdir(), prefix));
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(dirname(join(root, name)), { recursive: true });
    writeFileSync(join(root, name), text);
  }
  return root;
}

/**
 * Packages the chart folder `files` describes with flux-oci's own
 * `packageChart` and pushes it with `pushChart` to `oci://<registry>/<path>`,
 * as a user would with `flux-oci push chart`.
 */
export async function pushProjectChart(registry: TestRegistry, path: string, files: ChartFiles): Promise<PushedChart & { tgz: Buffer }> {
  const dir = writeFiles(files);
  const client = clientFor(registry);
  try {
    const chart = await packageChart(dir);
    const pushed = await pushChart(client, chart.bytes, `oci://${registry.host}/${path}`);
    return { ...pushed, tgz: chart.bytes };
  } finally {
    await client.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Pushes a folder as a Flux artifact (`flux push artifact`'s format) to `oci://<registry>/<repository>:<tag>`. */
export async function pushProjectArtifact(registry: TestRegistry, repository: string, tag: string, files: ChartFiles): Promise<string> {
  const dir = writeFiles(files, 'flux-oci-artifact-');
  const client = clientFor(registry);
  try {
    const pushed = await pushArtifact(client, dir, `oci://${registry.host}/${repository}:${tag}`, {
      source: 'https://example.com/repo', revision: 'main@sha1:0123456789abcdef0123456789abcdef01234567',
    });
    return pushed.digest;
  } finally {
    await client.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

function clientFor(registry: TestRegistry): RegistryClient {
  const credentials = registry.username
    ? new StaticCredentials({ [registry.host]: { username: registry.username, password: registry.password! } })
    : undefined;
  return new RegistryClient({ insecureHosts: registry.tls ? [] : [registry.host], credentials });
}

/** A small chart: Chart.yaml plus the given files. */
export function chartFiles(name: string, version: string, files: ChartFiles = {}): ChartFiles {
  return { 'Chart.yaml': `apiVersion: v2\nname: ${name}\nversion: ${version}\n`, 'templates/cm.yaml': 'kind: ConfigMap\n', ...files };
}
