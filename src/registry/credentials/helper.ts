import { spawn, spawnSync } from 'node:child_process';
import { Credential, sealCredential } from './credential';
import { CredentialHelperError } from '../errors';

/**
 * docker credential helpers (`docker-credential-<name> get`): the server on
 * stdin, `{"ServerURL","Username","Secret"}` on stdout
 * (docker/docker-credential-helpers `client/client.go`). Always spawned
 * with an argument vector, never through a shell.
 */

/** What a finished helper process left behind. */
export interface ProcessResult {
  /** Exit status; null when killed or not started. */
  readonly status: number | null;
  readonly stdout: string;
  readonly stderr: string;
  /** Spawn error, e.g. `ENOENT` when the program is not on PATH. */
  readonly error?: NodeJS.ErrnoException;
}

/**
 * Runs a program with arguments and stdin. The seam unit tests replace,
 * like cdk8s-core's `_child_process`.
 */
export interface CredentialHelperRunner {
  run(command: string, args: readonly string[], input: string): Promise<ProcessResult>;
  runSync(command: string, args: readonly string[], input: string): ProcessResult;
}

/** Options for {@link processHelperRunner}. */
export interface ProcessHelperRunnerOptions {
  /** Environment of the helper (its PATH is searched). @default process.env */
  readonly env?: NodeJS.ProcessEnv;
  /** Kill a helper that runs longer than this. @default 30000 */
  readonly timeoutMs?: number;
}

/** Runs helpers as child processes (`shell: false`). */
export function processHelperRunner(options: ProcessHelperRunnerOptions = {}): CredentialHelperRunner {
  const env = options.env ?? process.env;
  const timeout = options.timeoutMs ?? 30_000;
  return {
    run: (command, args, input) => new Promise((resolve) => {
      // Our own timer, not spawn's `timeout`: Node leaves that one running when
      // the helper is not installed (ENOENT), holding a CLI open for 30 s.
      const child = spawn(command, [...args], { env, shell: false, stdio: ['pipe', 'pipe', 'pipe'], windowsHide: true });
      const timer = setTimeout(() => child.kill('SIGTERM'), timeout);
      timer.unref();
      const out: Buffer[] = [];
      const err: Buffer[] = [];
      let spawnError: NodeJS.ErrnoException | undefined;
      child.stdout.on('data', (c: Buffer) => out.push(c));
      child.stderr.on('data', (c: Buffer) => err.push(c));
      child.on('error', (e) => { spawnError = e; });
      child.stdin.on('error', () => undefined);
      child.on('close', (status) => {
        clearTimeout(timer);
        resolve({
          status,
          stdout: Buffer.concat(out).toString('utf8'),
          stderr: Buffer.concat(err).toString('utf8'),
          error: spawnError,
        });
      });
      child.stdin.end(input);
    }),
    runSync: (command, args, input) => {
      const r = spawnSync(command, [...args], { env, shell: false, input, encoding: 'utf8', timeout, windowsHide: true });
      return { status: r.status, stdout: r.stdout ?? '', stderr: r.stderr ?? '', error: r.error as NodeJS.ErrnoException | undefined };
    },
  };
}

/** The text a helper prints when it has no entry (docker-credential-helpers `credentials.ErrCredentialsNotFound`). */
export const CREDENTIALS_NOT_FOUND = 'credentials not found in native keychain';

/** `docker-credential-<name>`; the name may not contain a path. @internal */
export function helperProgram(name: string, server: string): string {
  if (!/^[A-Za-z0-9][A-Za-z0-9._-]*$/.test(name)) {
    throw new CredentialHelperError(
      `credential helper name '${name}' is invalid; it must be the suffix of a 'docker-credential-<name>' program on PATH (letters, digits, '.', '_', '-')`,
      { helper: `docker-credential-${name}`, server, reason: 'invalid-name' },
    );
  }
  return `docker-credential-${name}`;
}

/** Asks helper `name` for `server`'s credentials; undefined when it has none. */
export async function runCredentialHelper(name: string, server: string, runner: CredentialHelperRunner): Promise<Credential | undefined> {
  const program = helperProgram(name, server);
  return interpret(program, server, await runner.run(program, ['get'], server));
}

/** Synchronous {@link runCredentialHelper}. */
export function runCredentialHelperSync(name: string, server: string, runner: CredentialHelperRunner): Credential | undefined {
  const program = helperProgram(name, server);
  return interpret(program, server, runner.runSync(program, ['get'], server));
}

function interpret(program: string, server: string, r: ProcessResult): Credential | undefined {
  if (helperFoundNothing(r)) return undefined;
  checkHelperRan(program, server, r);
  let parsed: any;
  try {
    parsed = JSON.parse(r.stdout);
  } catch {
    parsed = undefined;
  }
  if (typeof parsed !== 'object' || parsed === null || typeof parsed.Secret !== 'string') {
    throw new CredentialHelperError(
      `credential helper ${program} printed something other than {"ServerURL","Username","Secret"} JSON for '${server}'`,
      { helper: program, server, reason: 'malformed-output', exitCode: 0 },
    );
  }
  const username = typeof parsed.Username === 'string' ? parsed.Username : undefined;
  if (username === '<token>') return sealCredential({ identityToken: parsed.Secret });
  return sealCredential({ username, password: parsed.Secret });
}

/** The helper ran and answered "no such entry" (docker-credential-helpers `ErrCredentialsNotFound`). */
export function helperFoundNothing(r: ProcessResult): boolean {
  return !r.error && r.status !== 0 && (r.stdout.trim() === CREDENTIALS_NOT_FOUND || r.stderr.trim() === CREDENTIALS_NOT_FOUND);
}

/**
 * Throws when a helper could not be started or exited non-zero. Only the
 * first line of its stderr is quoted: stdout may carry a secret, and so may
 * what it was given.
 * @throws CredentialHelperError
 */
export function checkHelperRan(program: string, server: string, r: ProcessResult): void {
  if (r.error) {
    if (r.error.code === 'ENOENT') {
      throw new CredentialHelperError(
        `credential helper ${program} is not installed or not on PATH; install it, or remove the entry naming it from 'credHelpers'/'credsStore' in the docker config`,
        { helper: program, server, reason: 'not-installed' },
      );
    }
    throw new CredentialHelperError(`credential helper ${program} could not be run (${r.error.code ?? r.error.name})`, { helper: program, server, reason: 'failed' });
  }
  if (r.status !== 0) {
    const why = firstLine(r.stderr);
    throw new CredentialHelperError(
      `credential helper ${program} failed for '${server}' (exit ${r.status ?? 'killed'})${why ? `: ${why}` : ''}`,
      { helper: program, server, reason: 'failed', exitCode: r.status ?? undefined },
    );
  }
}

function firstLine(text: string): string {
  const line = text.trim().split('\n')[0] ?? '';
  return line.length > 200 ? `${line.slice(0, 200)}…` : line;
}
