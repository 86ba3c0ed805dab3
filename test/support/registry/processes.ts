import { ChildProcess, spawn } from 'node:child_process';
import { closeSync, openSync } from 'node:fs';
import { RegistryHarnessError } from './errors';

/** Output of a finished command. */
export interface CommandResult {
  readonly stdout: string;
  readonly stderr: string;
  /** Exit code; `null` when a signal ended the process. */
  readonly exitCode: number | null;
}

/** How to run a short-lived command. */
export interface RunCommandOptions {
  /** Written to stdin, then stdin is closed (keeps secrets out of argv). @default - nothing */
  readonly input?: string;
  /** @default - the parent's environment */
  readonly env?: NodeJS.ProcessEnv;
  /** @default - the parent's working directory */
  readonly cwd?: string;
  /** Killed (SIGKILL) after this long. @default 60000 */
  readonly timeoutMs?: number;
}

/** Runs `command` with an argument vector (never a shell string) and collects its output. */
export function runCommand(command: string, args: readonly string[], options: RunCommandOptions = {}): Promise<CommandResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, {
      cwd: options.cwd,
      env: options.env,
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    const stdout: Buffer[] = [];
    const stderr: Buffer[] = [];
    const timer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs ?? 60_000);
    child.stdout.on('data', (c: Buffer) => stdout.push(c));
    child.stderr.on('data', (c: Buffer) => stderr.push(c));
    child.stdin.on('error', () => undefined); // the command may exit before reading stdin
    child.on('error', (err: NodeJS.ErrnoException) => {
      clearTimeout(timer);
      reject(spawnError(command, err));
    });
    child.on('close', (exitCode) => {
      clearTimeout(timer);
      resolve({
        stdout: Buffer.concat(stdout).toString('utf8'),
        stderr: Buffer.concat(stderr).toString('utf8'),
        exitCode,
      });
    });
    child.stdin.end(options.input ?? '');
  });
}

/** A long-running child whose stdout and stderr go to a log file. */
export interface ManagedProcess {
  readonly pid: number;
  /** Resolves with the exit code (or signal name) when the process exits. */
  readonly exited: Promise<number | string | null>;
  /** True once the process has exited. */
  hasExited(): boolean;
  /** SIGTERM, then SIGKILL after `graceMs`; resolves once the process is gone. */
  stop(graceMs?: number): Promise<void>;
}

const live = new Set<ChildProcess>();
let exitHookInstalled = false;

/**
 * Spawns a long-running process with its output appended to `logFile`.
 *
 * Two safety nets keep a crashed or forgotten test from leaving registries
 * behind: a process `exit` hook kills live children, and a detached
 * watchdog shell kills the child if this Node process dies without running
 * hooks (SIGKILL of a jest worker), and then deletes `orphanDir`.
 */
export function spawnManaged(
  command: string,
  args: readonly string[],
  options: {
    readonly cwd: string;
    readonly env: NodeJS.ProcessEnv;
    readonly logFile: string;
    /** Deleted by the watchdog if this Node process dies first. */
    readonly orphanDir?: string;
  },
): Promise<ManagedProcess> {
  installExitHook();
  const fd = openSync(options.logFile, 'a');
  let child: ChildProcess;
  try {
    child = spawn(command, args, { cwd: options.cwd, env: options.env, stdio: ['ignore', fd, fd] });
  } finally {
    closeSync(fd);
  }
  return new Promise((resolve, reject) => {
    child.once('error', (err: NodeJS.ErrnoException) => reject(spawnError(command, err)));
    child.once('spawn', () => {
      live.add(child);
      const exited = new Promise<number | string | null>((res) => {
        child.once('exit', (code, signal) => {
          live.delete(child);
          res(code ?? signal);
        });
      });
      startWatchdog(child.pid!, options.orphanDir);
      resolve({
        pid: child.pid!,
        exited,
        hasExited: () => child.exitCode !== null || child.signalCode !== null,
        stop: async (graceMs = 3000) => {
          if (child.exitCode !== null || child.signalCode !== null) return;
          child.kill('SIGTERM');
          const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
          await exited;
          clearTimeout(timer);
        },
      });
    });
  });
}

function startWatchdog(childPid: number, orphanDir = ''): void {
  const script = [
    'while kill -0 "$1" 2>/dev/null && kill -0 "$2" 2>/dev/null; do sleep 1; done',
    'if ! kill -0 "$1" 2>/dev/null; then kill -9 "$2" 2>/dev/null; [ -n "$3" ] && rm -rf -- "$3"; fi',
    'exit 0',
  ].join('\n');
  const watchdog = spawn('sh', ['-c', script, 'flux-oci-test-watchdog', String(process.pid), String(childPid), orphanDir], {
    detached: true,
    stdio: 'ignore',
  });
  watchdog.on('error', () => undefined); // best effort: the exit hook still covers normal exits
  watchdog.unref();
}

function installExitHook(): void {
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  process.on('exit', () => {
    for (const child of live) child.kill('SIGKILL');
  });
}

function spawnError(command: string, err: NodeJS.ErrnoException): RegistryHarnessError {
  if (err.code === 'ENOENT') {
    return new RegistryHarnessError(
      `unable to execute '${command}': not found on PATH; install it (Debian: apt-get install -y docker-registry skopeo apache2-utils openssl)`,
      { cause: err },
    );
  }
  return new RegistryHarnessError(`unable to execute '${command}': ${err.message}`, { cause: err });
}
