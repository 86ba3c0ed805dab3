import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { CliIo } from '../../src/cli/io';
import { runCli } from '../../src/cli/run';

/** What a `flux-oci` run printed and returned. */
export interface CliRun {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** Options of {@link runFluxOci}. */
export interface RunFluxOciOptions {
  /** Added to a clean environment (PATH, and a fresh HOME with no registry logins). */
  readonly env?: NodeJS.ProcessEnv;
  readonly stdin?: string;
  /** @default - the fresh HOME */
  readonly cwd?: string;
  /** Whether stderr claims to be a terminal. @default false */
  readonly stderrTty?: boolean;
}

/** Runs `flux-oci <args>` in-process with captured streams, no logins and no FLUX_OCI_RESOLVE unless given. */
export async function runFluxOci(args: readonly string[], options: RunFluxOciOptions = {}): Promise<CliRun> {
  const out = new PassThrough();
  const err = Object.assign(new PassThrough(), { isTTY: options.stderrTty ?? false });
  const stdin = new PassThrough();
  stdin.end(options.stdin ?? '');
  const chunks = { stdout: [] as Buffer[], stderr: [] as Buffer[] };
  out.on('data', (c) => chunks.stdout.push(c));
  err.on('data', (c) => chunks.stderr.push(c));
  const home = mkdtempSync(join(tmpdir(), 'flux-oci-home-'));
  const env = { PATH: process.env.PATH, HOME: home, DOCKER_CONFIG: join(home, '.docker'), ...options.env };
  const io: CliIo = { stdout: out, stderr: err, stdin, env, cwd: options.cwd ?? home };
  const code = await runCli(args, io);
  return { code, stdout: Buffer.concat(chunks.stdout).toString(), stderr: Buffer.concat(chunks.stderr).toString() };
}
