import { randomBytes } from 'node:crypto';
import { closeSync, openSync, readFileSync, rmSync, statSync, writeSync } from 'node:fs';
import { hostname } from 'node:os';
import { LockfileBusyError, LockfileError } from './errors';

/** Options for `withFileLock`. */
export interface FileLockOptions {
  /**
   * How long to wait while another process holds the lock, in ms.
   * @default 10000
   */
  readonly waitMs?: number;
  /**
   * A lock file older than this is abandoned (its holder was killed, or
   * runs on another host that cannot be asked), in ms. Holders keep it for
   * the few milliseconds a read, merge and rename take.
   * @default 30000
   */
  readonly staleMs?: number;
}

/** Who holds a lock: written into the lock file, shown when waiting gives up. */
interface Holder {
  readonly pid: number;
  readonly host: string;
  readonly token: string;
}

/**
 * Runs `critical` holding `<file>.lock`, an exclusive lock taken by
 * creating that file with O_CREAT|O_EXCL (`wx`), which the kernel makes
 * atomic: of several writers exactly one creates it, the others wait.
 * `critical` is synchronous (read, merge, rename), so the lock is held for
 * milliseconds and no heartbeat is needed. A lock whose holder is a dead
 * process on this host, or older than `staleMs`, is taken over.
 *
 * Why not `proper-lockfile`: its synchronous API, the one cdk8s's
 * synchronous synth can use, refuses retries; its heartbeat and exit hooks
 * serve long-held locks, and it is unmaintained (4.1.2, 2021).
 */
export function withFileLock<T>(file: string, critical: () => T, options: FileLockOptions = {}): T {
  const lockPath = `${file}.lock`;
  const waitMs = options.waitMs ?? 10_000;
  const staleMs = options.staleMs ?? 30_000;
  const me: Holder = { pid: process.pid, host: hostname(), token: randomBytes(8).toString('hex') };
  const started = Date.now();
  let delay = 2;
  for (;;) {
    if (tryCreate(lockPath, me)) break;
    const seen = readHolder(lockPath);
    if (seen !== undefined && isStale(lockPath, seen, staleMs)) {
      // Remove it only if it is still the same abandoned lock (not one a
      // faster waiter has just taken over).
      if (readHolder(lockPath)?.text === seen.text) rmSync(lockPath, { force: true });
      continue;
    }
    if (Date.now() - started >= waitMs) {
      throw new LockfileBusyError(file, lockPath, seen?.holder, waitMs);
    }
    sleep(delay + Math.floor(Math.random() * delay));
    delay = Math.min(delay * 2, 100);
  }
  try {
    return critical();
  } finally {
    if (readHolder(lockPath)?.holder?.token === me.token) rmSync(lockPath, { force: true });
  }
}

function tryCreate(lockPath: string, me: Holder): boolean {
  let fd: number;
  try {
    fd = openSync(lockPath, 'wx', 0o644);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'EEXIST') return false;
    throw new LockfileError(lockPath, `cannot create the lock file: ${code ?? (e as Error).message}`, { cause: e });
  }
  try {
    writeSync(fd, JSON.stringify(me));
  } finally {
    closeSync(fd);
  }
  return true;
}

/** The lock file's text and holder; `undefined` when it is gone. */
function readHolder(lockPath: string): { text: string; holder?: Holder } | undefined {
  let text: string;
  try {
    text = readFileSync(lockPath, 'utf8');
  } catch {
    return undefined;
  }
  try {
    const parsed = JSON.parse(text);
    if (typeof parsed?.pid === 'number' && typeof parsed.host === 'string' && typeof parsed.token === 'string') return { text, holder: parsed };
  } catch {
    // Being written right now (created, not yet filled) or not ours: judged by age alone.
  }
  return { text };
}

function isStale(lockPath: string, seen: { holder?: Holder }, staleMs: number): boolean {
  const holder = seen.holder;
  if (holder && holder.host === hostname() && holder.pid !== process.pid && !isAlive(holder.pid)) return true;
  try {
    return Date.now() - statSync(lockPath).mtimeMs > staleMs;
  } catch {
    return false;
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

const sleeper = new Int32Array(new SharedArrayBuffer(4));

// The lock is taken inside cdk8s's synchronous synth: wait without an event loop.
function sleep(ms: number): void {
  Atomics.wait(sleeper, 0, 0, ms);
}
