/**
 * Schemas benchmark: the cost of validating N = 1,000 objects (and 10,000)
 * with the packaged schemas, from a cold process, two ways:
 * - standalone: the ajv standalone code generated at build time
 *   (src/model/crd/generated/validators.generated.js), what the library uses;
 * - lazy: ajv compiling each schema from schemas.json on first use, cached.
 * Both include loading the modules and @bufbuild/cel (the HelmReleases have
 * CEL rules). bench/schemas-run.ts is compiled with tsc first, so no
 * TypeScript is compiled in the timed processes; each configuration runs in
 * 15 fresh processes and the table shows min and median.
 */
import { execFileSync } from 'node:child_process';
import { cpSync, mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';

const ROOT = join(__dirname, '..');
const OUT = join(__dirname, '.work', 'schemas');
const RUNS = 15;

interface Run {
  readonly loadMs: number;
  readonly firstOfEachKindMs: number;
  readonly totalMs: number;
  readonly invalid: number;
}

export async function main(): Promise<void> {
  rmSync(OUT, { recursive: true, force: true });
  execFileSync(process.execPath, [
    join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc'),
    '--outDir', OUT, '--rootDir', ROOT, '--module', 'commonjs', '--moduleResolution', 'node', '--target', 'es2022',
    '--esModuleInterop', '--resolveJsonModule', '--skipLibCheck', '--types', 'node',
    join(__dirname, 'schemas-run.ts'),
  ], { cwd: ROOT, stdio: 'inherit' });
  mkdirSync(join(OUT, 'src', 'model', 'crd', 'generated'), { recursive: true });
  cpSync(join(ROOT, 'src', 'model', 'crd', 'generated'), join(OUT, 'src', 'model', 'crd', 'generated'), { recursive: true });
  const script = join(OUT, 'bench', 'schemas-run.js');

  console.log('| mode | N | load modules, ms | all 4 kinds ready, ms | total, ms | invalid |');
  console.log('| --- | --- | --- | --- | --- | --- |');
  for (const n of [1000, 10000]) {
    for (const mode of ['standalone', 'lazy']) {
      const runs: Run[] = [];
      for (let i = 0; i < RUNS; i++) runs.push(JSON.parse(execFileSync(process.execPath, [script, mode, String(n)], { encoding: 'utf8' })));
      const stat = (key: keyof Run) => {
        const sorted = runs.map((r) => r[key]).sort((a, b) => a - b);
        return `${sorted[0].toFixed(0)} (${sorted[Math.floor(sorted.length / 2)].toFixed(0)})`;
      };
      console.log(`| ${mode} | ${n} | ${stat('loadMs')} | ${stat('firstOfEachKindMs')} | ${stat('totalMs')} | ${runs[0].invalid} |`);
    }
  }
  console.log(`\nmin (median) of ${RUNS} fresh processes; times from before the first require to the last object`);
}
