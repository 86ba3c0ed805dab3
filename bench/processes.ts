/**
 * Whole-process measurements shared by the start-up and check benchmarks:
 * two variants run alternately (A B, then B A) after a warm-up; peak RSS
 * and the modules loaded come from the child itself at exit (a one-file
 * preload every variant gets alike: VmHWM of /proc/self/status, the keys of
 * `require.cache`; not `resourceUsage().maxRSS`, which Linux carries over
 * from the forking parent across exec).
 */
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { median } from './support';

/** Printed on stderr by every measured child as it exits. */
const PRELOAD = `process.on('exit', () => {
  const rss = Number(/VmHWM:\\s*(\\d+)/.exec(require('fs').readFileSync('/proc/self/status', 'utf8'))[1]);
  process.stderr.write('\\n#bench ' + JSON.stringify({ rss, modules: Object.keys(require.cache).length - 1 }) + '\\n');
});
`;

/** One process to run: a name for the table and Node's arguments. */
export interface Variant {
  readonly name: string;
  readonly args: readonly string[];
  /** Exit statuses that count as a run (a check that reports findings exits 1). @default [0] */
  readonly statuses?: readonly number[];
}

export interface Sample {
  readonly ms: number;
  readonly rssMiB: number;
  readonly modules: number;
  readonly stdout: string;
}

export interface Figures {
  readonly variant: Variant;
  readonly samples: readonly Sample[];
}

/** Alternating runs of two variants, and the preload they share. */
export class ProcessPairs {
  private readonly preload: string;

  constructor(dir: string, private readonly runs: number, private readonly warmup: number) {
    this.preload = join(dir, 'preload.js');
    writeFileSync(this.preload, PRELOAD);
  }

  /** A and B in turn (A B, B A, …) after a warm-up of each. */
  pair(a: Variant, b: Variant): [Figures, Figures] {
    for (let i = 0; i < this.warmup; i++) [a, b].forEach((v) => this.runOnce(v));
    const samplesA: Sample[] = [];
    const samplesB: Sample[] = [];
    for (let i = 0; i < this.runs; i++) {
      if (i % 2 === 0) {
        samplesA.push(this.runOnce(a));
        samplesB.push(this.runOnce(b));
      } else {
        samplesB.push(this.runOnce(b));
        samplesA.push(this.runOnce(a));
      }
    }
    return [{ variant: a, samples: samplesA }, { variant: b, samples: samplesB }];
  }

  /** The table: each pair's wall time, peak RSS and modules, and A's ratios to B (pairwise median for wall time). */
  print(rows: readonly [Figures, Figures][]): void {
    console.log(`${this.runs} runs each, alternating, after ${this.warmup} warm-up runs; median (min–max)\n`);
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

  private runOnce(variant: Variant): Sample {
    const start = performance.now();
    const child = spawnSync(process.execPath, ['-r', this.preload, ...variant.args], {
      encoding: 'utf8', maxBuffer: 256 * 1024 * 1024, env: { PATH: process.env.PATH, HOME: process.env.HOME },
    });
    const ms = performance.now() - start;
    if (!(variant.statuses ?? [0]).includes(child.status ?? -1)) throw new Error(`${variant.name} exited ${child.status}: ${child.stderr}`);
    const report = /#bench (\{.*\})\n$/.exec(child.stderr);
    if (!report) throw new Error(`${variant.name} printed no figures on stderr: ${child.stderr}`);
    const { rss, modules } = JSON.parse(report[1]) as { rss: number; modules: number };
    return { ms, rssMiB: rss / 1024, modules, stdout: child.stdout };
  }
}

function spread(values: readonly number[], digits = 0): string {
  return `${median(values).toFixed(digits)} (${Math.min(...values).toFixed(digits)}–${Math.max(...values).toFixed(digits)})`;
}
