import { appendFileSync, existsSync, readFileSync } from 'node:fs';
import type { LockEntry } from './lockfile';
import { ChartRequest, requestKey } from './request';

/**
 * `FLUX_OCI_LOCK_USAGE`: a file `flux-oci lock` sets for the programs it
 * runs. Every registry check of such a program appends one line: the
 * lockfile it used, the keys it asked for and (the first time a process
 * names that lockfile) its entries as read. So the command learns which
 * lockfile a program uses (it may live beside a program in another
 * folder), what it held before, and, for `--prune`, which entries are
 * still needed.
 */
export const LOCK_USAGE_ENV = 'FLUX_OCI_LOCK_USAGE';

/** One check's line. */
export interface LockUsage {
  /** Absolute path of the lockfile. */
  readonly lockfile: string;
  /** Lockfile keys of the requests checked. */
  readonly keys: readonly string[];
  /**
   * Who asked for each key (construct path or Pulumi resource name), in
   * the order of `keys`, whether the source is plain HTTP and whether it is
   * a Flux artifact rather than a chart. No credentials. Absent from lines
   * written by older versions.
   */
  readonly users?: readonly { readonly path: string; readonly insecure?: true; readonly artifact?: true }[];
  /** The lockfile's entries when this process first used it. */
  readonly entries?: Readonly<Record<string, LockEntry>>;
}

/** What the checks of one or more programs recorded, per lockfile. */
export interface LockfileUse {
  /** Every key asked for. */
  readonly keys: Set<string>;
  /** Per key, the construct paths / resource names that asked for it, in the order first seen. */
  readonly users: Map<string, Set<string>>;
  /** Keys some program reaches over plain HTTP (the source's `insecure: true`). */
  readonly insecure: Set<string>;
  /** Keys of Flux artifacts (plain manifests), not Helm charts. */
  readonly artifacts: Set<string>;
  /** The entries before any of the programs ran. */
  readonly before: ReadonlyMap<string, LockEntry>;
}

const described = new Set<string>();

/** Appends a line to the usage file `env` names, if any. */
export function recordLockUsage(
  env: NodeJS.ProcessEnv, lockfile: string, requests: readonly ChartRequest[], entries: () => ReadonlyMap<string, LockEntry>,
): void {
  const file = env[LOCK_USAGE_ENV];
  if (!file) return;
  const first = !described.has(lockfile);
  described.add(lockfile);
  const usage: LockUsage = {
    lockfile,
    keys: requests.map(requestKey),
    users: requests.map((r) => ({
      path: r.path,
      ...(r.access?.insecure ? { insecure: true as const } : {}),
      ...(r.subject === 'artifact' ? { artifact: true as const } : {}),
    })),
    ...(first ? { entries: Object.fromEntries(entries()) } : {}),
  };
  appendFileSync(file, JSON.stringify(usage) + '\n');
}

/** A lockfile's use before any request is recorded: its entries, nobody asking yet. */
export function unusedLockfile(before: ReadonlyMap<string, LockEntry>): LockfileUse {
  return { keys: new Set(), users: new Map(), insecure: new Set(), artifacts: new Set(), before };
}

/** Every lockfile a usage file names, with the keys used and the entries first read. */
export function readLockUsage(file: string): Map<string, LockfileUse> {
  const used = new Map<string, LockfileUse>();
  if (!existsSync(file)) return used;
  for (const line of readFileSync(file, 'utf8').split('\n')) {
    if (line.trim() === '') continue;
    const usage = JSON.parse(line) as LockUsage;
    let use = used.get(usage.lockfile);
    if (!use) {
      use = unusedLockfile(new Map(Object.entries(usage.entries ?? {})));
      used.set(usage.lockfile, use);
    }
    usage.keys.forEach((key, n) => {
      use!.keys.add(key);
      const user = usage.users?.[n];
      if (!user) return;
      let paths = use!.users.get(key);
      if (!paths) use!.users.set(key, paths = new Set());
      paths.add(user.path);
      if (user.insecure) use!.insecure.add(key);
      if (user.artifact) use!.artifacts.add(key);
    });
  }
  return used;
}
