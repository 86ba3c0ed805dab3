/**
 * One timed process of the synth benchmark (bench/synth.ts runs it
 * compiled, in fresh processes): a cdk8s app of N ChartReleases (N/100
 * charts, one OciHelmSource each, values on every release) synthesized to
 * a scratch folder, with the registry check off. Variants:
 * - `checked`: flux-oci as users run it, every synth-time check on;
 * - `unchecked`: the synth-time CRD check left out (the objects are
 *   created without it), to measure what it costs;
 * - `raw`: the same manifests written as plain cdk8s ApiObjects, the floor
 *   (bench/synth.ts asserts the YAML is the same, byte for byte);
 * - `nested`: raw, but each release's two ApiObjects under a construct of
 *   their own, as a ChartRelease's are (a cdk8s L2 construct's shape): what
 *   the construct tree alone costs, without flux-oci's code.
 * Prints one JSON line. With `again`, the process synthesizes the same app
 * twice (the first into a scratch folder) and reports the second: the cost
 * once V8 has compiled and optimized the code, as in a process that
 * synthesizes repeatedly (tests, a watch loop).
 *
 * usage: node synth-run.js <checked|unchecked|raw|nested> <N> <outdir> [again]
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';

const started = performance.now();
const [variant, count, outdir, again] = process.argv.slice(2);
process.env.FLUX_OCI_RESOLVE = 'off';
if (variant === 'unchecked') {
  // Objects validate to nothing, so no JSON is checked and cdk8s serializes each object only to write it.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  Object.assign((require('../src/cdk8s/checked-api-object') as typeof import('../src/cdk8s/checked-api-object')).CheckedApiObject.prototype, { validate: () => [] });
}
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { ApiObject, App, Chart } = require('cdk8s') as typeof import('cdk8s');
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { Construct } = require('constructs') as typeof import('constructs');
const nested = variant === 'nested';
const plain = variant === 'raw' || nested;
// eslint-disable-next-line @typescript-eslint/no-require-imports
const fluxOci = plain ? undefined : require('../src/cdk8s') as typeof import('../src/cdk8s');
const loaded = performance.now();

const n = Number(count);

/** Builds the app of `n` releases and synthesizes it into `dir`; the times of both steps. */
function buildAndSynth(dir: string): { constructMs: number; synthMs: number } {
  const began = performance.now();
  const app = new App({ outdir: dir });
  for (let c = 0; c < Math.ceil(n / 100); c++) {
    const namespace = `team-${c}`;
    const url = `oci://registry.example.com/team-${c}/charts`;
    const chart = new Chart(app, namespace, { namespace });
    const source = fluxOci && new fluxOci.OciHelmSource(chart, 'charts', { url });
    for (let r = 0; r < 100 && c * 100 + r < n; r++) {
      const name = `app-${r}`;
      const version = r % 2 ? '1.x' : `1.${r}.0`;
      const values = { replicaCount: 2, image: { tag: `1.${r}.0` }, ingress: { enabled: true, hosts: [{ host: `${name}.example.com` }] } };
      if (fluxOci && source) {
        new fluxOci.ChartRelease(chart, name, { source, chart: name, version, values, install: { createNamespace: true } });
        continue;
      }
      const scope = nested ? new Construct(chart, name) : chart;
      new ApiObject(scope, nested ? 'OCIRepository' : `${name}-oci`, {
        apiVersion: 'source.toolkit.fluxcd.io/v1',
        kind: 'OCIRepository',
        metadata: { name, namespace },
        spec: {
          interval: '10m',
          layerSelector: { mediaType: 'application/vnd.cncf.helm.chart.content.v1.tar+gzip', operation: 'copy' },
          ref: version === '1.x' ? { semver: version } : { tag: version },
          url: `${url}/${name}`,
        },
      });
      new ApiObject(scope, nested ? 'Resource' : name, {
        apiVersion: 'helm.toolkit.fluxcd.io/v2',
        kind: 'HelmRelease',
        metadata: { name, namespace },
        spec: { chartRef: { kind: 'OCIRepository', name }, install: { createNamespace: true }, interval: '10m', values },
      });
    }
  }
  const constructed = performance.now();
  app.synth();
  return { constructMs: constructed - began, synthMs: performance.now() - constructed };
}

if (again) {
  const first = mkdtempSync(join(tmpdir(), 'synth-first-'));
  buildAndSynth(first);
  rmSync(first, { recursive: true, force: true });
  const cpuBefore = process.cpuUsage();
  const second = buildAndSynth(outdir);
  const cpu = process.cpuUsage(cpuBefore);
  // Peak RSS is the whole process's (both synths); the bench reports it for single-synth processes only.
  process.stdout.write(`${JSON.stringify({
    ...second,
    totalMs: second.constructMs + second.synthMs,
    cpuMs: (cpu.user + cpu.system) / 1000,
    peakRssMb: process.resourceUsage().maxRSS / 1024,
  })}\n`);
} else {
  const { constructMs, synthMs } = buildAndSynth(outdir);
  const cpu = process.cpuUsage();
  process.stdout.write(`${JSON.stringify({
    loadMs: loaded - started,
    constructMs,
    synthMs,
    totalMs: performance.now() - started,
    cpuMs: (cpu.user + cpu.system) / 1000,
    peakRssMb: process.resourceUsage().maxRSS / 1024,
  })}\n`);
}
