import { existsSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { LockfileError } from './errors';
import { FileLockOptions, withFileLock } from './file-lock';
import { ChartRequest, requestKey } from './request';
import { ResolvedChart } from '../model/resolution';
import { RuleSet, RULE_SETS } from '../versions/select/rule-set';

export { LOCKFILE_NAME } from './lockfile-name';
const LOCKFILE_VERSION = 1;

/** One locked chart: what was asked and what it resolved to. No credentials, no timestamps. */
export interface LockEntry extends ResolvedChart {
  readonly reference: string;
  readonly ruleSet: RuleSet;
  /** The version or range as asked (a tag or digest when `literal`). */
  readonly constraint: string;
  /** `constraint` is a tag or digest looked up as written (Flux artifacts). @default false */
  readonly literal?: boolean;
  readonly semverFilter?: string;
  readonly digest: string;
}

/**
 * `flux-oci.lock.json`: one entry per (reference, rule set, constraint,
 * filter) with version, tag and digest. Written sorted with one field per
 * line so a change reads well in a diff.
 *
 * Several programs may share one file, and may write it at the same time:
 * `set` and `prune` only record changes, and `save` applies them to what
 * is on disk at that moment, holding an exclusive lock (`<file>.lock`)
 * from the read to the rename. So a writer never drops another's entries;
 * only `prune` (from `flux-oci lock --prune`) removes any.
 */
export class Lockfile {
  /** Reads `file`; a missing file is an empty lockfile. */
  public static load(file: string): Lockfile {
    return new Lockfile(file, readEntries(file));
  }

  /** Entries set since load or the last save, by key. */
  private readonly changes = new Map<string, LockEntry>();
  /** Keys to keep when pruning at the next save. */
  private keep?: Set<string>;

  constructor(public readonly file: string, private map: Map<string, LockEntry> = new Map()) {}

  /** How many entries. */
  public get size(): number {
    return this.map.size;
  }

  /** True when `set`/`prune` recorded something the next `save` writes. */
  public get changed(): boolean {
    return this.changes.size > 0 || this.keep !== undefined;
  }

  /** Every entry by key. */
  public entries(): ReadonlyMap<string, LockEntry> {
    return new Map(this.map);
  }

  public get(request: ChartRequest): LockEntry | undefined {
    return this.map.get(requestKey(request));
  }

  public set(request: ChartRequest, resolved: ResolvedChart & { digest: string }): void {
    const entry: LockEntry = {
      reference: request.reference,
      ruleSet: request.ruleSet,
      constraint: request.version === '' ? '*' : request.version,
      ...(request.literal ? { literal: true } : {}),
      ...(request.semverFilter ? { semverFilter: request.semverFilter } : {}),
      version: resolved.version,
      tag: resolved.tag,
      digest: resolved.digest,
    };
    this.setEntry(requestKey(request), entry);
  }

  /**
   * Records `entry` under an existing `key` as it stands (for `flux-oci lock
   * --update <release>`, which looks entries up outside a program's check);
   * the next `save` writes it. Nothing is recorded when it is unchanged.
   */
  public setEntry(key: string, entry: LockEntry): void {
    if (JSON.stringify(this.map.get(key)) !== JSON.stringify(entry)) {
      this.map.set(key, entry);
      this.changes.set(key, entry);
    }
  }

  /**
   * Drops, at the next save, every entry whose key is not in `keep`,
   * including entries other writers add meanwhile: for `flux-oci lock
   * --prune`, which knows every key the programs sharing the file use.
   */
  public prune(keep: Iterable<string>): void {
    this.keep = new Set(keep);
    for (const key of [...this.map.keys()]) if (!this.keep.has(key)) this.map.delete(key);
  }

  /** The file's text: sorted keys, two-space indent, trailing newline. */
  public serialize(): string {
    return serializeEntries(this.map);
  }

  /**
   * Applies the recorded changes to the file as it is on disk now, under
   * the file's lock; writes (temp file in the same folder, then rename, so
   * a reader never sees half a file) only when the text changes. Afterwards
   * this instance holds the merged entries.
   *
   * @returns whether the file was written
   * @throws LockfileBusyError when another writer holds the lock past `lock.waitMs`
   */
  public save(lock: FileLockOptions = {}): boolean {
    if (!this.changed) return false;
    return withFileLock(this.file, () => {
      const before = existsSync(this.file) ? readFileSync(this.file, 'utf8') : undefined;
      const merged = before === undefined ? new Map<string, LockEntry>() : parseEntries(this.file, before);
      for (const [key, entry] of this.changes) merged.set(key, entry);
      if (this.keep) for (const key of [...merged.keys()]) if (!this.keep.has(key)) merged.delete(key);
      const text = serializeEntries(merged);
      const write = text !== before;
      if (write) writeAtomically(this.file, text);
      this.map = merged;
      this.changes.clear();
      this.keep = undefined;
      return write;
    }, lock);
  }
}

function readEntries(file: string): Map<string, LockEntry> {
  if (!existsSync(file)) return new Map();
  return parseEntries(file, readFileSync(file, 'utf8'));
}

function parseEntries(file: string, text: string): Map<string, LockEntry> {
  let parsed: any;
  try {
    parsed = JSON.parse(text);
  } catch (e) {
    throw new LockfileError(file, `not valid JSON (${(e as Error).message}); fix it or delete it and run 'flux-oci lock'`);
  }
  if (parsed?.lockfileVersion !== LOCKFILE_VERSION || typeof parsed.charts !== 'object' || parsed.charts === null) {
    throw new LockfileError(file, `expected {"lockfileVersion": ${LOCKFILE_VERSION}, "charts": {...}}; delete it and run 'flux-oci lock'`);
  }
  const entries = new Map<string, LockEntry>();
  for (const [key, entry] of Object.entries<any>(parsed.charts)) {
    const problem = entryProblem(entry);
    if (problem) throw new LockfileError(file, `entry '${key}' ${problem}; delete it and run 'flux-oci lock'`);
    entries.set(key, entry as LockEntry);
  }
  return entries;
}

function serializeEntries(map: ReadonlyMap<string, LockEntry>): string {
  const charts: Record<string, LockEntry> = {};
  for (const key of [...map.keys()].sort()) charts[key] = map.get(key)!;
  return JSON.stringify({ lockfileVersion: LOCKFILE_VERSION, charts }, undefined, 2) + '\n';
}

function writeAtomically(file: string, text: string): void {
  const tmp = join(dirname(file), `.${basename(file)}.${process.pid}.tmp`);
  try {
    writeFileSync(tmp, text, { mode: 0o644 });
    renameSync(tmp, file);
  } catch (e) {
    rmSync(tmp, { force: true });
    throw new LockfileError(file, `cannot write: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`, { cause: e });
  }
}

function entryProblem(entry: any): string | undefined {
  if (typeof entry !== 'object' || entry === null) return 'is not an object';
  for (const field of ['reference', 'constraint', 'version', 'tag', 'digest']) {
    if (typeof entry[field] !== 'string') return `lacks '${field}'`;
  }
  if (!RULE_SETS.includes(entry.ruleSet)) return `has ruleSet '${entry.ruleSet}', expected one of ${RULE_SETS.join(', ')}`;
  if (!/^sha256:[a-f0-9]{64}$/.test(entry.digest)) return 'has a digest that is not sha256:<64 hex>';
  return undefined;
}
