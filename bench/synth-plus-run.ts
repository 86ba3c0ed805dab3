/**
 * One timed process of the synth benchmark's reference (bench/synth.ts
 * runs it compiled, in fresh processes): cdk8s's own L2 library,
 * cdk8s-plus, against the same manifests as raw ApiObjects. It answers
 * what a construct library costs over raw objects when it checks nothing
 * against a CRD or a registry. Per release, a Deployment (one container, a
 * port) exposed by a Service; N/100 charts, as in bench/synth-run.ts.
 * - `prep`: synthesizes the plus app and writes each release's objects,
 *   as cdk8s serialized them, to <json>;
 * - `plus`: the app with cdk8s-plus constructs;
 * - `raw`: the objects of <json> as plain ApiObjects (reading and parsing
 *   the JSON is taken out of the figures).
 * bench/synth.ts asserts that `plus` and `raw` write the same YAML.
 * Prints one JSON line, as synth-run.js does.
 *
 * usage: node synth-plus-run.js <plus|raw> <N> <outdir> <json>
 *        node synth-plus-run.js prep <N> <json>
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';

const started = performance.now();
const [variant, count, target, jsonFile] = process.argv.slice(2);
const n = Number(count);
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { ApiObject, App, Chart } = require('cdk8s') as typeof import('cdk8s');
// eslint-disable-next-line @typescript-eslint/no-require-imports
const kplus = variant === 'raw' ? undefined : require('cdk8s-plus-34') as typeof import('cdk8s-plus-34');

/** The JSON of `raw`, read before its app is built; the wall and CPU time the read took, to take out. */
let objects: any[][] = [];
let readMs = 0;
let readCpuMs = 0;
if (variant === 'raw') {
  const began = performance.now();
  const cpu = process.cpuUsage();
  objects = JSON.parse(readFileSync(jsonFile, 'utf8'));
  const spent = process.cpuUsage(cpu);
  readMs = performance.now() - began;
  readCpuMs = (spent.user + spent.system) / 1000;
}
const loaded = performance.now();

const outdir = variant === 'prep' ? mkdtempSync(join(tmpdir(), 'synth-plus-prep-')) : target;
const app = new App({ outdir });
const charts = [];
for (let c = 0; c < Math.ceil(n / 100); c++) {
  const chart = new Chart(app, `team-${c}`, { namespace: `team-${c}` });
  charts.push(chart);
  for (let r = 0; r < 100 && c * 100 + r < n; r++) {
    if (kplus) {
      const deployment = new kplus.Deployment(chart, `app-${r}`, { replicas: 2, containers: [{ image: `nginx:1.${r}`, portNumber: 8080 }] });
      deployment.exposeViaService();
    } else {
      objects[c * 100 + r].forEach((body, i) => new ApiObject(chart, `app-${r}-${i}`, body));
    }
  }
}
const constructed = performance.now();
app.synth();
const synthesized = performance.now();

if (variant === 'prep') {
  // Each release's objects in the order cdk8s writes them: a chart's objects, two per release.
  const perRelease: unknown[][] = [];
  for (const chart of charts) {
    const json = chart.node.findAll().filter((x): x is InstanceType<typeof ApiObject> => x instanceof ApiObject).map((o) => o.toJson());
    for (let i = 0; i < json.length; i += 2) perRelease.push([json[i], json[i + 1]]);
  }
  writeFileSync(target, JSON.stringify(perRelease));
  rmSync(outdir, { recursive: true, force: true });
} else {
  const cpu = process.cpuUsage();
  process.stdout.write(`${JSON.stringify({
    loadMs: loaded - started - readMs,
    constructMs: constructed - loaded,
    synthMs: synthesized - constructed,
    totalMs: synthesized - started - readMs,
    cpuMs: (cpu.user + cpu.system) / 1000 - readCpuMs,
    peakRssMb: process.resourceUsage().maxRSS / 1024,
  })}\n`);
}
