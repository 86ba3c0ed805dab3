/**
 * Synth benchmark: what validating every built object against its CRD
 * (the last step of synth) costs, for a cdk8s app of 1,000 ChartReleases
 * (2,000 objects), with and without the check. bench/synth-run.ts is
 * compiled with tsc first, so no TypeScript is compiled in the timed
 * processes; the two modes alternate over 11 fresh processes each, and the
 * table shows min (median) and the overhead of the check, on wall time
 * and on the process's CPU time (steadier when other jobs share the cores).
 */
import { execFileSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const ROOT = join(__dirname, '..');
const OUT = join(__dirname, '.work', 'synth');
const RUNS = 11;
const N = 1000;

interface Run {
  readonly loadMs: number;
  readonly constructMs: number;
  readonly synthMs: number;
  readonly totalMs: number;
  /** CPU time of the whole process (user + system): steadier than wall time on a shared machine. */
  readonly cpuMs: number;
}

const MODES = ['unvalidated', 'validated'] as const;

export async function main(): Promise<void> {
  rmSync(OUT, { recursive: true, force: true });
  execFileSync(process.execPath, [
    join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc'),
    '--outDir', OUT, '--rootDir', ROOT, '--module', 'commonjs', '--moduleResolution', 'node', '--target', 'es2022',
    '--esModuleInterop', '--resolveJsonModule', '--skipLibCheck', '--strict', '--types', 'node',
    join(__dirname, 'synth-run.ts'),
  ], { cwd: ROOT, stdio: 'inherit' });
  mkdirSync(join(OUT, 'src', 'model', 'crd', 'generated'), { recursive: true });
  cpSync(join(ROOT, 'src', 'model', 'crd', 'generated'), join(OUT, 'src', 'model', 'crd', 'generated'), { recursive: true });
  const script = join(OUT, 'bench', 'synth-run.js');

  const runs: Record<typeof MODES[number], Run[]> = { unvalidated: [], validated: [] };
  for (let i = 0; i < RUNS; i++) {
    for (const mode of MODES) {
      const outdir = mkdtempSync(join(tmpdir(), 'bench-synth-'));
      try {
        runs[mode].push(JSON.parse(execFileSync(process.execPath, [script, mode, String(N), outdir], { encoding: 'utf8' })));
      } finally {
        rmSync(outdir, { recursive: true, force: true });
      }
    }
  }
  const stat = (mode: typeof MODES[number], key: keyof Run) => {
    const sorted = runs[mode].map((r) => r[key]).sort((a, b) => a - b);
    return { min: sorted[0], median: sorted[Math.floor(sorted.length / 2)] };
  };
  console.log(`| synth of ${N.toLocaleString('en')} ChartReleases | load, ms | construct, ms | app.synth(), ms | total, ms | process CPU, ms |`);
  console.log('| --- | ---: | ---: | ---: | ---: | ---: |');
  for (const mode of MODES) {
    const cell = (key: keyof Run) => `${stat(mode, key).min.toFixed(0)} (${stat(mode, key).median.toFixed(0)})`;
    console.log(`| ${mode === 'validated' ? 'with the CRD check' : 'without'} | ${cell('loadMs')} | ${cell('constructMs')} | ${cell('synthMs')} | ${cell('totalMs')} | ${cell('cpuMs')} |`);
  }
  const overhead = (key: keyof Run, at: 'min' | 'median') => ((stat('validated', key)[at] / stat('unvalidated', key)[at] - 1) * 100).toFixed(1);
  console.log(`\ncheck overhead: total wall ${overhead('totalMs', 'min')} % (min), ${overhead('totalMs', 'median')} % (median);`
    + ` process CPU ${overhead('cpuMs', 'min')} % (min), ${overhead('cpuMs', 'median')} % (median);`
    + ` app.synth() alone ${overhead('synthMs', 'min')} % (min), ${overhead('synthMs', 'median')} % (median)`);
  console.log(`min (median) of ${RUNS} fresh processes per mode, alternating; times from before the first require`);
}
