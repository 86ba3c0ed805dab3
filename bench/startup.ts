/**
 * Start-up benchmark: whole processes, the CLI as the package ships it.
 * `flux-oci --help` against `node -e 0`; `flux-oci tags <ref>` on a local
 * repository of 300 tags against a bare Node + undici script sending the
 * same GET (`/tags/list?n=1000`) and printing the tags sorted, as flux-oci
 * does (the two outputs are compared). Each pair runs alternately (A B, then
 * B A) after a warm-up; figures are medians with min–max. Peak RSS and the
 * modules loaded come from the child itself at exit (a one-file preload
 * every variant gets alike: VmHWM of /proc/self/status, the keys of
 * `require.cache`; not `resourceUsage().maxRSS`, which Linux carries over
 * from the forking parent across exec).
 */
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { median } from './support';
import { compiledCli, removeScratch, scratchDir } from '../test/cli/run-cli';
import { pushTestTags, startRegistry } from '../test/support/registry';

const TAGS = 300;
const RUNS = 15;
const WARMUP = 2;

/** Printed on stderr by every measured child as it exits. */
const PRELOAD = `process.on('exit', () => {
  const rss = Number(/VmHWM:\\s*(\\d+)/.exec(require('fs').readFileSync('/proc/self/status', 'utf8'))[1]);
  process.stderr.write('\\n#bench ' + JSON.stringify({ rss, modules: Object.keys(require.cache).length - 1 }) + '\\n');
});
`;

const BARE_TAGS = `const { Pool } = require('undici');
(async () => {
  const url = new URL(process.argv[2]);
  const pool = new Pool(url.origin);
  const res = await pool.request({ method: 'GET', path: url.pathname + url.search });
  if (res.statusCode !== 200) throw new Error('status ' + res.statusCode);
  const { tags } = await res.body.json();
  process.stdout.write(tags.sort().map((t) => t + '\\n').join(''));
  await pool.close();
})();
`;

interface Variant {
  readonly name: string;
  readonly args: readonly string[];
}

interface Sample {
  readonly ms: number;
  readonly rssMiB: number;
  readonly modules: number;
  readonly stdout: string;
}

interface Figures {
  readonly variant: Variant;
  readonly samples: readonly Sample[];
}

export async function main(): Promise<void> {
  const cli = compiledCli();
  const dir = scratchDir('bench-startup-');
  const preload = join(dir, 'preload.js');
  const bare = join(dir, 'bare-tags.js');
  writeFileSync(preload, PRELOAD);
  writeFileSync(bare, BARE_TAGS);
  const registry = await startRegistry({ mode: 'anonymous' });
  try {
    const tags = Array.from({ length: TAGS }, (_, i) => `${Math.floor(i / 100)}.${Math.floor(i / 10) % 10}.${i % 10}`);
    await pushTestTags(registry, 'bench/startup', tags, { version: tags[0], concurrency: 8 });
    const rows = [
      pair(preload, { name: 'flux-oci --help', args: [cli, '--help'] }, { name: 'node -e 0', args: ['-e', '0'] }),
      pair(preload,
        { name: `flux-oci tags (${TAGS} tags)`, args: [cli, 'tags', `oci://${registry.host}/bench/startup`, '--plain-http'] },
        { name: 'node + undici, same GET', args: [bare, `${registry.url}/v2/bench/startup/tags/list?n=1000`] }),
    ];
    const [, tagsRow] = rows;
    if (tagsRow[0].samples[0].stdout !== tagsRow[1].samples[0].stdout) throw new Error('flux-oci tags and the bare script printed different tag lists');
    if (tagsRow[0].samples[0].stdout.split('\n').length !== TAGS + 1) throw new Error(`flux-oci tags did not print ${TAGS} tags`);
    printTable(rows);
  } finally {
    await registry.stop();
    removeScratch();
  }
}

/** A and B in turn (A B, B A, …) after a warm-up of each. */
function pair(preload: string, a: Variant, b: Variant): [Figures, Figures] {
  for (let i = 0; i < WARMUP; i++) [a, b].forEach((v) => runOnce(preload, v));
  const samplesA: Sample[] = [];
  const samplesB: Sample[] = [];
  for (let i = 0; i < RUNS; i++) {
    if (i % 2 === 0) {
      samplesA.push(runOnce(preload, a));
      samplesB.push(runOnce(preload, b));
    } else {
      samplesB.push(runOnce(preload, b));
      samplesA.push(runOnce(preload, a));
    }
  }
  return [{ variant: a, samples: samplesA }, { variant: b, samples: samplesB }];
}

function runOnce(preload: string, variant: Variant): Sample {
  const start = performance.now();
  const child = spawnSync(process.execPath, ['-r', preload, ...variant.args], { encoding: 'utf8', env: { PATH: process.env.PATH, HOME: process.env.HOME } });
  const ms = performance.now() - start;
  if (child.status !== 0) throw new Error(`${variant.name} exited ${child.status}: ${child.stderr}`);
  const report = /#bench (\{.*\})\n$/.exec(child.stderr);
  if (!report) throw new Error(`${variant.name} printed no figures on stderr: ${child.stderr}`);
  const { rss, modules } = JSON.parse(report[1]) as { rss: number; modules: number };
  return { ms, rssMiB: rss / 1024, modules, stdout: child.stdout };
}

function spread(values: readonly number[], digits = 0): string {
  return `${median(values).toFixed(digits)} (${Math.min(...values).toFixed(digits)}–${Math.max(...values).toFixed(digits)})`;
}

function printTable(rows: readonly [Figures, Figures][]): void {
  console.log(`${RUNS} runs each, alternating, after ${WARMUP} warm-up runs; median (min–max)\n`);
  console.log('| process | wall ms | peak RSS MiB | modules | wall vs baseline (pairwise median) | RSS vs baseline |');
  console.log('|---|---:|---:|---:|---:|---:|');
  for (const [a, b] of rows) {
    const ms = (f: Figures) => f.samples.map((s) => s.ms);
    const rss = (f: Figures) => f.samples.map((s) => s.rssMiB);
    const ratios = a.samples.map((s, i) => s.ms / b.samples[i].ms);
    for (const f of [a, b]) {
      const ratio = f === a ? `${median(ratios).toFixed(2)}× (${Math.min(...ratios).toFixed(2)}–${Math.max(...ratios).toFixed(2)})` : '';
      const rssRatio = f === a ? `${(median(rss(a)) / median(rss(b))).toFixed(2)}×` : '';
      console.log(`| ${f.variant.name} | ${spread(ms(f))} | ${spread(rss(f), 1)} | ${f.samples[0].modules} | ${ratio} | ${rssRatio} |`);
    }
  }
}
