import { resolve } from 'node:path';
import { LockfileUse } from '../../check/lock-usage';
import { Lockfile, LOCKFILE_NAME, LockEntry } from '../../check/lockfile';
import { ResolveMode } from '../../check/mode';
import { runAppsForUsage } from '../app-run';
import { parseCommandArgs, println } from '../command';
import { UsageError } from '../errors';
import { CliIo } from '../io';

/** Runs `flux-oci lock`; its usage is in ./lock.ts. */
export async function run(args: readonly string[], io: CliIo): Promise<number> {
  const { values } = parseCommandArgs(args, {
    update: { type: 'boolean' },
    prune: { type: 'boolean' },
    verify: { type: 'boolean' },
    app: { type: 'string', multiple: true },
    lockfile: { type: 'string' },
    json: { type: 'boolean' },
  }, { min: 0, max: 0, names: '' });
  if (values.verify && (values.update || values.prune)) throw new UsageError('--verify writes nothing; it cannot be combined with --update or --prune');
  const mode: ResolveMode = values.verify ? 'verify' : values.update ? 'online' : 'auto';
  const uses = await runAppsForUsage(io, {
    commands: values.app,
    mode,
    failure: (command, code) => values.verify
      ? `the app ('${command}') failed verification with exit code ${code}: its output above names each entry that failed`
      : `the app ('${command}') failed with exit code ${code}; no lockfile entry was added or removed by it`,
  });

  if (uses.size === 0) {
    const file = resolve(io.cwd, values.lockfile ?? LOCKFILE_NAME);
    uses.set(file, { keys: new Set(), users: new Map(), insecure: new Set(), before: Lockfile.load(file).entries() });
  }
  const reports: LockfileReport[] = [];
  for (const [file, use] of uses) {
    if (values.prune) {
      const lockfile = Lockfile.load(file);
      lockfile.prune(use.keys);
      lockfile.save();
    }
    reports.push(reportOf(file, use, Lockfile.load(file).entries()));
  }

  if (values.json) {
    println(io, JSON.stringify({ lockfiles: reports }));
    return 0;
  }
  for (const report of reports) {
    const verified = values.verify ? `, ${report.charts - report.unused.length} verified` : '';
    const unchanged = report.added.length + report.changed.length + report.removed.length === 0 ? ', unchanged' : '';
    println(io, `${report.file}: ${report.charts} chart${report.charts === 1 ? '' : 's'}${verified}${unchanged}`);
    for (const line of changeLines(report)) println(io, `  ${line}`);
    // Entries of other programs sharing the file are normal; they matter when they go unverified.
    if (values.verify && report.unused.length) {
      io.stderr.write(`${report.file}: ${report.unused.length} entr${report.unused.length === 1 ? 'y' : 'ies'} no app run here uses, not verified (name every program sharing the file with --app; 'flux-oci lock --prune' removes entries none uses):\n`);
      for (const key of report.unused) io.stderr.write(`  ${key}\n`);
    }
  }
  return 0;
}

/** One lockfile's state after the run, for people and for `--json`. */
interface LockfileReport {
  readonly file: string;
  readonly charts: number;
  readonly added: readonly ChangedEntry[];
  readonly changed: readonly ChangedEntry[];
  readonly removed: readonly ChangedEntry[];
  /** Keys of entries no app run here asked for. */
  readonly unused: readonly string[];
}

interface ChangedEntry {
  readonly key: string;
  readonly reference: string;
  readonly constraint: string;
  readonly version: string;
  readonly digest: string;
  readonly previous?: { readonly version: string; readonly digest: string };
}

function reportOf(file: string, use: LockfileUse, after: ReadonlyMap<string, LockEntry>): LockfileReport {
  const changed = (key: string, e: LockEntry, previous?: LockEntry): ChangedEntry => ({
    key,
    reference: e.reference,
    constraint: e.constraint,
    version: e.version,
    digest: e.digest,
    ...(previous ? { previous: { version: previous.version, digest: previous.digest } } : {}),
  });
  const added: ChangedEntry[] = [];
  const updated: ChangedEntry[] = [];
  for (const [key, entry] of after) {
    const old = use.before.get(key);
    if (!old) added.push(changed(key, entry));
    else if (old.digest !== entry.digest || old.version !== entry.version) updated.push(changed(key, entry, old));
  }
  const removed = [...use.before].filter(([key]) => !after.has(key)).map(([key, entry]) => changed(key, entry));
  const unused = [...after.keys()].filter((key) => !use.keys.has(key));
  return { file, charts: after.size, added, changed: updated, removed, unused };
}

function changeLines(report: LockfileReport): string[] {
  return [
    ...report.added.map((e) => `+ ${e.reference} ${e.constraint} → ${e.version}`),
    ...report.changed.map((e) => `~ ${e.reference} ${e.constraint}: ${e.previous!.version} → ${e.version}${e.previous!.version === e.version ? ' (new digest)' : ''}`),
    ...report.removed.map((e) => `- ${e.reference} ${e.constraint}`),
  ];
}
