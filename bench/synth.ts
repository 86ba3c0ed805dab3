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
 * compiled and optimized the code (the difference is warm-up). A last
 * table is the reference for what any construct library costs: cdk8s's
 * own cdk8s-plus (a Deployment and a Service per release) against the
 * same manifests as raw ApiObjects (bench/synth-plus-run.ts).
 */
import { execFileSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const ROOT = join(__dirname, '..');
const OUT = join(__dirname, '.work', 'synth');
const RUNS = Number(process.env.BENCH_SYNTH_RUNS ?? 5);
const SIZES = [100, 1000, 5000];
/** The N also measured warm (a second synth in a process that has done one, see bench/synth-run.ts) and for the cdk8s-plus reference. */
const WARM_SIZE = 1000;
const PLUS_VARIANTS = ['plus', 'raw'] as const;
type PlusVariant = typeof PLUS_VARIANTS[number];
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
  reportPlus(WARM_SIZE, measurePlus(join(OUT, 'bench', 'synth-plus-run.js'), WARM_SIZE));
  console.log(`min (median) of ${RUNS} fresh processes per variant, alternating; times from before the first require;`
    + ' ratios are of medians; the four variants wrote identical YAML, and so did cdk8s-plus and its raw twin');
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
    if (i === 0) assertSameYaml(n, outputs as Record<Variant, Map<string, string>>, VARIANTS);
  }
  return runs;
}

/** The cdk8s-plus reference: its objects written once by `prep`, then RUNS fresh processes per variant, alternating. */
function measurePlus(script: string, n: number): Record<PlusVariant, Run[]> {
  const scratch = mkdtempSync(join(tmpdir(), 'bench-synth-plus-'));
  try {
    const json = join(scratch, 'objects.json');
    execFileSync(process.execPath, [script, 'prep', String(n), json]);
    const runs: Record<PlusVariant, Run[]> = { plus: [], raw: [] };
    for (let i = 0; i < RUNS; i++) {
      const outputs: Partial<Record<PlusVariant, Map<string, string>>> = {};
      for (const variant of i % 2 ? [...PLUS_VARIANTS].reverse() : PLUS_VARIANTS) {
        const outdir = mkdtempSync(join(scratch, `${variant}-`));
        runs[variant].push(JSON.parse(execFileSync(process.execPath, [script, variant, String(n), outdir, json], { encoding: 'utf8' })));
        if (i === 0) outputs[variant] = filesOf(outdir);
        rmSync(outdir, { recursive: true, force: true });
      }
      if (i === 0) assertSameYaml(n, { plus: outputs.plus!, raw: outputs.raw! }, PLUS_VARIANTS);
    }
    return runs;
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}

function compile(): string {
  rmSync(OUT, { recursive: true, force: true });
  execFileSync(process.execPath, [
    join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc'),
    '--outDir', OUT, '--rootDir', ROOT, '--module', 'commonjs', '--moduleResolution', 'node', '--target', 'es2022',
    '--esModuleInterop', '--resolveJsonModule', '--skipLibCheck', '--strict', '--types', 'node',
    // Source maps as lib/ ships them (tsconfig.json): beside the code, so the timed processes load what users load.
    '--sourceMap', '--inlineSources',
    join(__dirname, 'synth-run.ts'), join(__dirname, 'synth-plus-run.ts'),
  ], { cwd: ROOT, stdio: 'inherit' });
  mkdirSync(join(OUT, 'src', 'model', 'crd', 'generated'), { recursive: true });
  cpSync(join(ROOT, 'src', 'model', 'crd', 'generated'), join(OUT, 'src', 'model', 'crd', 'generated'), { recursive: true });
  return join(OUT, 'bench', 'synth-run.js');
}

function filesOf(dir: string): Map<string, string> {
  return new Map(readdirSync(dir).sort().map((f) => [f, readFileSync(join(dir, f), 'utf8')]));
}

/** Every variant wrote what `raw` wrote, file for file. */
function assertSameYaml(n: number, outputs: Readonly<Record<string, Map<string, string>>>, variants: readonly string[]): void {
  const expected = outputs.raw;
  if (expected.size === 0) throw new Error(`N=${n}: the raw variant wrote no file`);
  for (const variant of variants) {
    const actual = outputs[variant];
    const same = actual.size === expected.size && [...expected].every(([file, text]) => actual.get(file) === text);
    if (!same) throw new Error(`N=${n}: '${variant}' wrote other YAML than the raw ApiObjects (files ${[...actual.keys()].join(', ')})`);
  }
}

/** min and median of one figure of a variant's runs, a cell `min (median)`, and the ratio of two variants' medians. */
function statsOf<V extends string>(runs: Record<V, Run[]>) {
  const stat = (variant: V, key: keyof Run) => {
    const sorted = runs[variant].map((r) => r[key]).sort((a, b) => a - b);
    return { min: sorted[0], median: sorted[Math.floor(sorted.length / 2)] };
  };
  const cell = (variant: V, key: keyof Run) => `${stat(variant, key).min.toFixed(0)} (${stat(variant, key).median.toFixed(0)})`;
  const ratio = (a: V, b: V, key: keyof Run) => (stat(a, key).median / stat(b, key).median).toFixed(2);
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

/** The reference: what cdk8s-plus costs over the same manifests as raw ApiObjects. */
function reportPlus(n: number, runs: Record<PlusVariant, Run[]>): void {
  const { cell, ratio } = statsOf(runs);
  console.log(`\n| ${n.toLocaleString('en')} cdk8s-plus Deployments + Services (reference) | total wall, ms | app.synth(), ms | process CPU, ms | peak RSS, MB | / raw: wall, CPU, RSS |`);
  console.log('| --- | ---: | ---: | ---: | ---: | --- |');
  console.log(`| cdk8s-plus-34 constructs | ${cell('plus', 'totalMs')} | ${cell('plus', 'synthMs')} | ${cell('plus', 'cpuMs')} | ${cell('plus', 'peakRssMb')} | ${ratio('plus', 'raw', 'totalMs')}×, ${ratio('plus', 'raw', 'cpuMs')}×, ${ratio('plus', 'raw', 'peakRssMb')}× |`);
  console.log(`| raw ApiObjects | ${cell('raw', 'totalMs')} | ${cell('raw', 'synthMs')} | ${cell('raw', 'cpuMs')} | ${cell('raw', 'peakRssMb')} | 1 |`);
}
