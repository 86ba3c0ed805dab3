import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { PassThrough } from 'node:stream';
import { CliIo } from '../../src/cli/io';
import { runCli } from '../../src/cli/run';
import { transpiledSource } from '../support/transpiled-source';

export const ROOT = resolve(__dirname, '..', '..');

/** What a CLI run printed and returned. */
export interface CliResult {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** Options of {@link cli}. */
export interface CliOptions {
  readonly env?: NodeJS.ProcessEnv;
  readonly cwd?: string;
  /** Standard input; a string is piped in and ended. @default '' */
  readonly stdin?: string | CliIo['stdin'];
  /** Whether stderr claims to be a terminal (progress output). @default false */
  readonly stderrTty?: boolean;
}

/** Runs `flux-oci <args>` in-process with captured streams, a fresh HOME and DOCKER_CONFIG. */
export async function cli(args: readonly string[], options: CliOptions = {}): Promise<CliResult> {
  const out = new PassThrough();
  const err = Object.assign(new PassThrough(), { isTTY: options.stderrTty ?? false });
  let stdin = options.stdin;
  if (stdin === undefined || typeof stdin === 'string') {
    const piped = new PassThrough();
    piped.end(stdin ?? '');
    stdin = piped;
  }
  const chunks = { stdout: [] as Buffer[], stderr: [] as Buffer[] };
  out.on('data', (c) => chunks.stdout.push(c));
  err.on('data', (c) => chunks.stderr.push(c));
  const home = mkdtempSync(join(tmpdir(), 'home-'));
  const io: CliIo = {
    stdout: out,
    stderr: err,
    stdin,
    env: { PATH: process.env.PATH, HOME: home, DOCKER_CONFIG: join(home, '.docker'), ...options.env },
    cwd: options.cwd ?? home,
  };
  const code = await runCli(args, io);
  return { code, stdout: Buffer.concat(chunks.stdout).toString(), stderr: Buffer.concat(chunks.stderr).toString() };
}

/** `flux-oci check --json <args>`: its exit code, and the findings of one rule in the report's order. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- the report's JSON, as the tests read it
export async function checkFindings(rule: string, args: readonly string[], options: CliOptions = {}): Promise<{ code: number; findings: any[] }> {
  const run = await cli(['check', '--json', ...args], options);
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  return { code: run.code, findings: JSON.parse(run.stdout).findings.filter((f: any) => f.rule === rule) };
}

/**
 * A cdk8s project in `dir`: cdk8s.yaml running main.ts, which makes an
 * `App` and a `Chart` named `apps` (as `app` and `chart`), runs `body`
 * (flux-oci's cdk8s constructs imported from this checkout), then
 * synthesizes; run it with `TS_NODE_PROJECT` set to {@link TS_NODE_ENV}.
 */
export function writeCdk8sApp(dir: string, body: string): void {
  writeFileSync(join(dir, 'cdk8s.yaml'), `language: typescript\napp: node -r ${JSON.stringify(require.resolve('ts-node/register/transpile-only'))} main.ts\n`);
  writeFileSync(join(dir, 'main.ts'), `
import { App, Chart } from ${JSON.stringify(require.resolve('cdk8s'))};
import { ChartRelease, OciArtifactSource, OciHelmSource } from ${JSON.stringify(transpiledSource('cdk8s'))};
const app = new App();
const chart = new Chart(app, 'apps');
${body}
app.synth();
`);
}

/**
 * {@link writeCdk8sApp} with one ChartRelease per entry of `releases`
 * (name = chart → version; a string is `web`'s version; default `web` at
 * '1.x') from `oci://<host>/charts` over plain HTTP.
 */
export function writeLockApp(dir: string, host: string, releases: string | Readonly<Record<string, string>> = '1.x'): void {
  const versions = typeof releases === 'string' ? { web: releases } : releases;
  writeCdk8sApp(dir, `const source = new OciHelmSource(chart, 'charts', { url: 'oci://${host}/charts', insecure: true });
${Object.entries(versions).map(([name, version]) => `new ChartRelease(chart, '${name}', { source, chart: '${name}', version: '${version}' });`).join('\n')}`);
}

/** The environment {@link writeLockApp}'s app needs. */
export const TS_NODE_ENV = { TS_NODE_PROJECT: join(ROOT, 'tsconfig.dev.json') };

const scratch: string[] = [];

/**
 * A fresh folder under the repository's .tmp/ (so a program there resolves
 * this checkout's node_modules); {@link removeScratch} deletes it.
 */
export function scratchDir(prefix: string): string {
  mkdirSync(join(ROOT, '.tmp'), { recursive: true });
  const dir = mkdtempSync(join(ROOT, '.tmp', prefix));
  scratch.push(dir);
  return dir;
}

/** Deletes the folders {@link scratchDir} made (call in afterAll). */
export function removeScratch(): void {
  for (const dir of scratch.splice(0)) rmSync(dir, { recursive: true, force: true });
}

/**
 * The CLI as plain JavaScript, the way the package ships it (`cli/main.js`
 * two levels below a package.json): src/ transpiled once per state of src/
 * (test/support/transpiled-source.ts). Starting it costs a fraction of
 * ts-node's per-process compile, so tests can run the real process often.
 */
export function compiledCli(): string {
  return transpiledSource('cli/main.js');
}

/**
 * Runs `sh -c '<flux-oci args> | <reader>'` with pipefail, so the exit
 * status is flux-oci's own unless the reader failed; resolves to that
 * status, the reader's output and flux-oci's stderr.
 */
export function pipeTo(args: readonly string[], reader: string, env: NodeJS.ProcessEnv = {}): Promise<CliResult> {
  const quoted = [process.execPath, compiledCli(), ...args].map((a) => `'${a.replace(/'/g, '\'\\\'\'')}'`).join(' ');
  return new Promise((done) => {
    execFile('bash', ['-c', `set -o pipefail; ${quoted} 2>"$ERR_FILE" | ${reader}; code=$?; cat "$ERR_FILE" >&2; exit $code`], {
      env: { PATH: process.env.PATH, HOME: mkdtempSync(join(tmpdir(), 'home-')), ERR_FILE: join(mkdtempSync(join(tmpdir(), 'err-')), 'stderr'), ...env },
      maxBuffer: 64 * 1024 * 1024,
    }, (error, stdout, stderr) => done({ code: error ? (typeof error.code === 'number' ? error.code : 1) : 0, stdout, stderr }));
  });
}
