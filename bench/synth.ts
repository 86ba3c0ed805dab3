/**
 * Synth benchmark: a cdk8s app of N ChartReleases (N = 100, 1,000, 5,000)
 * synthesized by flux-oci with every synth-time check, by flux-oci without
 * the CRD check, and written as the same manifests with plain cdk8s
 * ApiObjects (the floor), flat and with each release's pair under a
 * construct of its own (the floor for a construct per release, the shape
 * cdk8s L2 constructs have). bench/synth-run.ts is compiled with tsc first, so
 * no TypeScript is compiled in the timed processes; each variant runs in
 * its own fresh process, the variants alternate, and the first round of
 * each N asserts that all four wrote the same YAML, byte for byte. The
 * table shows min (median) of wall time (from before the first require),
 * process CPU time (steadier when other jobs share the cores) and peak RSS,
 * and the ratios of medians. At N = 1,000 a second table times a second
 * synth in processes that have done one: what is left once V8 has
 * compiled and optimized the code (the difference is warm-up).
 */
import { execFileSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const ROOT = join(__dirname, '..');
const OUT = join(__dirname, '.work', 'synth');
const RUNS = Number(process.env.BENCH_SYNTH_RUNS ?? 5);
const SIZES = [100, 1000, 5000];
/** The N also measured warm: a second synth in a process that has done one (see bench/synth-run.ts). */
const WARM_SIZE = 1000;
const VARIANTS = ['checked', 'unchecked', 'nested', 'raw'] as const;
type Variant = typeof VARIANTS[number];
const LABELS: Record<Variant, string> = {
  checked: 'flux-oci, every check',
  unchecked: 'flux-oci, no CRD check',
  nested: 'raw, a construct per release',
  raw: 'raw ApiObjects',
};

interface Run {
  readonly totalMs: number;
  readonly synthMs: number;
  /** CPU time of the whole process (user + system): steadier than wall time on a shared machine. */
  readonly cpuMs: number;
  readonly peakRssMb: number;
}

export async function main(): Promise<void> {
  const script = compile();
  for (const n of SIZES) {
    report(n, measure(script, n, []));
    if (n === WARM_SIZE) reportWarm(n, measure(script, n, ['again']));
  }
  console.log(`min (median) of ${RUNS} fresh processes per variant, alternating; times from before the first require;`
    + ' ratios are of medians; the four variants wrote identical YAML');
}

/** RUNS fresh processes per variant, alternating; the first round asserts that all variants wrote the same YAML. */
function measure(script: string, n: number, extraArgs: string[]): Record<Variant, Run[]> {
  const runs = Object.fromEntries(VARIANTS.map((v) => [v, [] as Run[]])) as Record<Variant, Run[]>;
  for (let i = 0; i < RUNS; i++) {
    const outputs: Partial<Record<Variant, Map<string, string>>> = {};
    for (const variant of i % 2 ? [...VARIANTS].reverse() : VARIANTS) {
      const outdir = mkdtempSync(join(tmpdir(), 'bench-synth-'));
      try {
        runs[variant].push(JSON.parse(execFileSync(process.execPath, [script, variant, String(n), outdir, ...extraArgs], { encoding: 'utf8' })));
        if (i === 0) outputs[variant] = filesOf(outdir);
      } finally {
        rmSync(outdir, { recursive: true, force: true });
      }
    }
    if (i === 0) assertSameYaml(n, outputs as Record<Variant, Map<string, string>>);
  }
  return runs;
}

function compile(): string {
  rmSync(OUT, { recursive: true, force: true });
  execFileSync(process.execPath, [
    join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc'),
    '--outDir', OUT, '--rootDir', ROOT, '--module', 'commonjs', '--moduleResolution', 'node', '--target', 'es2022',
    '--esModuleInterop', '--resolveJsonModule', '--skipLibCheck', '--strict', '--types', 'node',
    // Source maps as lib/ ships them (tsconfig.json): beside the code, so the timed processes load what users load.
    '--sourceMap', '--inlineSources',
    join(__dirname, 'synth-run.ts'),
  ], { cwd: ROOT, stdio: 'inherit' });
  mkdirSync(join(OUT, 'src', 'model', 'crd', 'generated'), { recursive: true });
  cpSync(join(ROOT, 'src', 'model', 'crd', 'generated'), join(OUT, 'src', 'model', 'crd', 'generated'), { recursive: true });
  return join(OUT, 'bench', 'synth-run.js');
}

function filesOf(dir: string): Map<string, string> {
  return new Map(readdirSync(dir).sort().map((f) => [f, readFileSync(join(dir, f), 'utf8')]));
}

function assertSameYaml(n: number, outputs: Record<Variant, Map<string, string>>): void {
  const expected = outputs.raw;
  if (expected.size === 0) throw new Error(`N=${n}: the raw variant wrote no file`);
  for (const variant of VARIANTS) {
    const actual = outputs[variant];
    const same = actual.size === expected.size && [...expected].every(([file, text]) => actual.get(file) === text);
    if (!same) throw new Error(`N=${n}: '${variant}' wrote other YAML than the raw ApiObjects (files ${[...actual.keys()].join(', ')})`);
  }
}

/** min and median of one figure of a variant's runs, a cell `min (median)`, and the ratio of two variants' medians. */
function statsOf(runs: Record<Variant, Run[]>) {
  const stat = (variant: Variant, key: keyof Run) => {
    const sorted = runs[variant].map((r) => r[key]).sort((a, b) => a - b);
    return { min: sorted[0], median: sorted[Math.floor(sorted.length / 2)] };
  };
  const cell = (variant: Variant, key: keyof Run) => `${stat(variant, key).min.toFixed(0)} (${stat(variant, key).median.toFixed(0)})`;
  const ratio = (a: Variant, b: Variant, key: keyof Run) => (stat(a, key).median / stat(b, key).median).toFixed(2);
  return { stat, cell, ratio };
}

function report(n: number, runs: Record<Variant, Run[]>): void {
  const { stat, cell, ratio } = statsOf(runs);
  console.log(`\n| ${n.toLocaleString('en')} ChartReleases | total wall, ms | app.synth(), ms | process CPU, ms | peak RSS, MB | / raw: wall, CPU, RSS |`);
  console.log('| --- | ---: | ---: | ---: | ---: | --- |');
  for (const v of VARIANTS) {
    const ratios = v === 'raw' ? '1' : `${ratio(v, 'raw', 'totalMs')}×, ${ratio(v, 'raw', 'cpuMs')}×, ${ratio(v, 'raw', 'peakRssMb')}×`;
    console.log(`| ${LABELS[v]} | ${cell(v, 'totalMs')} | ${cell(v, 'synthMs')} | ${cell(v, 'cpuMs')} | ${cell(v, 'peakRssMb')} | ${ratios} |`);
  }
  const overhead = (key: keyof Run) => ((stat('checked', key).median / stat('unchecked', key).median - 1) * 100).toFixed(1);
  console.log(`\nN=${n}: CRD check costs ${overhead('totalMs')} % wall, ${overhead('cpuMs')} % CPU, ${overhead('peakRssMb')} % peak RSS (medians)`);
  console.log(`N=${n}: every check / a construct per release: ${ratio('checked', 'nested', 'totalMs')}× wall, ${ratio('checked', 'nested', 'cpuMs')}× CPU, ${ratio('checked', 'nested', 'peakRssMb')}× peak RSS`);
}

/** The second synth of each warm process: construct + app.synth(), and the CPU the process spent meanwhile. */
function reportWarm(n: number, runs: Record<Variant, Run[]>): void {
  const { cell, ratio } = statsOf(runs);
  console.log(`\n| ${n.toLocaleString('en')} ChartReleases, second synth in the same process | construct + app.synth(), ms | app.synth(), ms | process CPU, ms | / raw: wall, CPU |`);
  console.log('| --- | ---: | ---: | ---: | --- |');
  for (const v of VARIANTS) {
    const ratios = v === 'raw' ? '1' : `${ratio(v, 'raw', 'totalMs')}×, ${ratio(v, 'raw', 'cpuMs')}×`;
    console.log(`| ${LABELS[v]} | ${cell(v, 'totalMs')} | ${cell(v, 'synthMs')} | ${cell(v, 'cpuMs')} | ${ratios} |`);
  }
}
