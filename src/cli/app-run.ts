import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'yaml';
import { AppFailedError, UsageError } from './errors';
import { CliIo } from './io';
import { LOCK_USAGE_ENV, LockfileUse, readLockUsage } from '../check/lock-usage';
import { ResolveMode } from '../check/mode';

/**
 * Running the user's programs the way `cdk8s synth` does, for the commands
 * that learn from them (`lock`, `outdated`): output to a scratch folder so
 * `dist/` is untouched, the registry check in a given mode, and every check
 * recording the lockfile it used and who asked for which entry
 * (`FLUX_OCI_LOCK_USAGE`).
 */

/** What to run and how. */
export interface AppRunOptions {
  /** Shell command lines; @default - the `app` of ./cdk8s.yaml */
  readonly commands?: readonly string[];
  /** `FLUX_OCI_RESOLVE` for the programs. */
  readonly mode: ResolveMode;
  /** The error when a program exits non-zero, from its command and exit code. */
  readonly failure: (command: string, code: number) => string;
}

/** Runs every program in turn and returns what their checks recorded, per lockfile. */
export async function runAppsForUsage(io: CliIo, options: AppRunOptions): Promise<Map<string, LockfileUse>> {
  const commands = options.commands?.length ? options.commands : [appCommandOf(io.cwd)];
  const scratch = mkdtempSync(join(tmpdir(), 'flux-oci-app-'));
  try {
    const usageFile = join(scratch, 'usage.jsonl');
    for (const command of commands) {
      const code = await runApp(command, io, {
        ...io.env,
        FLUX_OCI_RESOLVE: options.mode,
        CDK8S_OUTDIR: join(scratch, 'dist'),
        [LOCK_USAGE_ENV]: usageFile,
      });
      if (code !== 0) throw new AppFailedError(options.failure(command, code));
    }
    return readLockUsage(usageFile);
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}

/** The `app` command of cdk8s.yaml in `cwd`. */
export function appCommandOf(cwd: string): string {
  const file = join(cwd, 'cdk8s.yaml');
  if (!existsSync(file)) throw new UsageError(`no cdk8s.yaml in ${cwd}; run in a cdk8s project or pass --app '<command>'`);
  const app = parse(readFileSync(file, 'utf8'))?.app;
  if (typeof app !== 'string' || app.trim() === '') throw new UsageError(`${file} has no 'app' command; pass --app '<command>'`);
  return app;
}

// The app command is the user's own shell command line, run as cdk8s runs it;
// its output goes to stderr so the command's own stdout stays parseable.
function runApp(command: string, io: CliIo, env: NodeJS.ProcessEnv): Promise<number> {
  return new Promise((done, fail) => {
    const child = spawn(command, { cwd: io.cwd, env, shell: true, stdio: ['ignore', 'pipe', 'pipe'] });
    child.stdout.on('data', (chunk) => io.stderr.write(chunk));
    child.stderr.on('data', (chunk) => io.stderr.write(chunk));
    child.on('error', fail);
    child.on('close', (code, signal) => done(code ?? (signal ? 128 : 1)));
  });
}
