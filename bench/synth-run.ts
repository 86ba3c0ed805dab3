/**
 * One timed process of the synth benchmark (bench/synth.ts runs it
 * compiled, in fresh processes): a cdk8s app of N ChartReleases (N/100
 * charts, one OciHelmSource each, values on every release) synthesized to
 * a scratch folder, with the registry check off. `unvalidated` leaves the
 * synth-time CRD check out (the objects are created without it), to measure
 * what it costs. Prints one JSON line.
 *
 * usage: node synth-run.js <validated|unvalidated> <N> <outdir>
 */
import { performance } from 'node:perf_hooks';

const started = performance.now();
const [mode, count, outdir] = process.argv.slice(2);
process.env.FLUX_OCI_RESOLVE = 'off';
if (mode === 'unvalidated') {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  Object.assign(require('../src/cdk8s/synth-validation'), { validatedAtSynth: (_owner: unknown, obj: unknown) => obj });
}
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { App, Chart } = require('cdk8s') as typeof import('cdk8s');
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { ChartRelease, OciHelmSource } = require('../src/cdk8s') as typeof import('../src/cdk8s');
const loaded = performance.now();

const n = Number(count);
const app = new App({ outdir });
for (let c = 0; c < Math.ceil(n / 100); c++) {
  const chart = new Chart(app, `team-${c}`, { namespace: `team-${c}` });
  const source = new OciHelmSource(chart, 'charts', { url: `oci://registry.example.com/team-${c}/charts` });
  for (let r = 0; r < 100 && c * 100 + r < n; r++) {
    new ChartRelease(chart, `app-${r}`, {
      source,
      chart: `app-${r}`,
      version: r % 2 ? '1.x' : `1.${r}.0`,
      values: { replicaCount: 2, image: { tag: `1.${r}.0` }, ingress: { enabled: true, hosts: [{ host: `app-${r}.example.com` }] } },
      install: { createNamespace: true },
    });
  }
}
const constructed = performance.now();
app.synth();
const done = performance.now();
const cpu = process.cpuUsage();
process.stdout.write(`${JSON.stringify({ loadMs: loaded - started, constructMs: constructed - loaded, synthMs: done - constructed, totalMs: done - started, cpuMs: (cpu.user + cpu.system) / 1000 })}\n`);
