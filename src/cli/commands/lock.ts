import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parse } from 'yaml';
import { Lockfile, LOCKFILE_NAME, LockEntry } from '../../check/lockfile';
import { Command, parseCommandArgs, println } from '../command';
import { AppFailedError, UsageError } from '../errors';
import { CliIo } from '../io';

/**
 * `flux-oci lock [--update]`: runs the cdk8s app the way `cdk8s synth` does
 * (the `app` command of cdk8s.yaml), with output to a scratch folder so
 * `dist/` is untouched, and the resolver in `auto` (add what is missing) or
 * `online` (`--update`: look everything up again, drop unused entries).
 */
export const lockCommand: Command = {
  name: ['lock'],
  summary: 'write or refresh flux-oci.lock.json for a cdk8s app',
  usage: `Usage: flux-oci lock [--update] [--app <command>] [--lockfile <file>] [--json]

Runs the cdk8s app (the 'app' command in ./cdk8s.yaml) with registry checks
on and its output in a scratch folder, and writes the lockfile beside it:
every ChartRelease's version, tag and digest. Commit the lockfile; later
synths reuse it offline, and FLUX_OCI_RESOLVE=locked makes CI fail on a
release it lacks.

  --update           look every chart up again (new versions in ranges) and
                     drop entries no release uses
  --app <command>    the command that runs the app (default: cdk8s.yaml's 'app')
  --lockfile <file>  the lockfile the app uses (default: ./${LOCKFILE_NAME}),
                     for the summary only; the app's FluxOci settings decide
  --json             print {"lockfile","charts","changes"} (schemas/cli/lock.schema.json);
                     the app's own output goes to stderr either way`,
  async run(args: readonly string[], io: CliIo): Promise<number> {
    const { values } = parseCommandArgs(args, {
      update: { type: 'boolean' },
      app: { type: 'string' },
      lockfile: { type: 'string' },
      json: { type: 'boolean' },
    }, { min: 0, max: 0, names: '' });
    const command = values.app ?? appCommandOf(io.cwd);
    const lockfile = resolve(io.cwd, values.lockfile ?? LOCKFILE_NAME);
    const before = entriesOf(lockfile);

    const outdir = mkdtempSync(join(tmpdir(), 'flux-oci-lock-'));
    try {
      const code = await runApp(command, io, {
        ...io.env,
        FLUX_OCI_RESOLVE: values.update ? 'online' : 'auto',
        CDK8S_OUTDIR: outdir,
      });
      if (code !== 0) throw new AppFailedError(`the app ('${command}') failed with exit code ${code}; the lockfile is unchanged`);
    } finally {
      rmSync(outdir, { recursive: true, force: true });
    }

    const after = entriesOf(lockfile);
    const changes = compare(before, after);
    if (values.json) {
      println(io, JSON.stringify({ lockfile, charts: after.size, changes }));
      return 0;
    }
    println(io, `${lockfile}: ${after.size} chart${after.size === 1 ? '' : 's'}${changes.length ? '' : ', unchanged'}`);
    for (const change of changes) println(io, `  ${describe(change)}`);
    return 0;
  },
};

function appCommandOf(cwd: string): string {
  const file = join(cwd, 'cdk8s.yaml');
  if (!existsSync(file)) throw new UsageError(`no cdk8s.yaml in ${cwd}; run in a cdk8s project or pass --app '<command>'`);
  const app = parse(readFileSync(file, 'utf8'))?.app;
  if (typeof app !== 'string' || app.trim() === '') throw new UsageError(`${file} has no 'app' command; pass --app '<command>'`);
  return app;
}

// The app command is the user's own shell command line, run as cdk8s runs it.
function runApp(command: string, io: CliIo, env: NodeJS.ProcessEnv): Promise<number> {
  return new Promise((done, fail) => {
    const child = spawn(command, { cwd: io.cwd, env, shell: true, stdio: ['ignore', 'pipe', 'pipe'] });
    child.stdout.on('data', (chunk) => io.stderr.write(chunk));
    child.stderr.on('data', (chunk) => io.stderr.write(chunk));
    child.on('error', fail);
    child.on('close', (code, signal) => done(code ?? (signal ? 128 : 1)));
  });
}

function entriesOf(file: string): ReadonlyMap<string, LockEntry> {
  return Lockfile.load(file).entries();
}

/** One lockfile entry added, changed (version or digest) or removed by a run. */
interface LockChange {
  readonly change: 'added' | 'changed' | 'removed';
  readonly reference: string;
  readonly constraint: string;
  /** The locked version after the run (absent for a removed entry). */
  readonly version?: string;
  readonly digest?: string;
  /** The locked version before the run (for a changed entry). */
  readonly previousVersion?: string;
}

function compare(before: ReadonlyMap<string, LockEntry>, after: ReadonlyMap<string, LockEntry>): LockChange[] {
  const changes: LockChange[] = [];
  for (const [key, entry] of after) {
    const old = before.get(key);
    const now = { reference: entry.reference, constraint: entry.constraint, version: entry.version, digest: entry.digest };
    if (!old) changes.push({ change: 'added', ...now });
    else if (old.digest !== entry.digest || old.version !== entry.version) changes.push({ change: 'changed', ...now, previousVersion: old.version });
  }
  for (const [key, entry] of before) if (!after.has(key)) changes.push({ change: 'removed', reference: entry.reference, constraint: entry.constraint });
  return changes;
}

function describe(c: LockChange): string {
  if (c.change === 'added') return `+ ${c.reference} ${c.constraint} → ${c.version}`;
  if (c.change === 'removed') return `- ${c.reference} ${c.constraint}`;
  return `~ ${c.reference} ${c.constraint}: ${c.previousVersion} → ${c.version}${c.previousVersion === c.version ? ' (new digest)' : ''}`;
}
