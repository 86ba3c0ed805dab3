import { existsSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { LockfileError } from './errors';
import { ChartRequest, requestKey } from './request';
import { ResolvedChart } from '../model/resolution';
import { RuleSet, RULE_SETS } from '../versions/select/rule-set';

export const LOCKFILE_NAME = 'flux-oci.lock.json';
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
 * line so a change reads well in a diff, atomically (temp file + rename) so
 * an interrupted synth never leaves half a lockfile.
 */
export class Lockfile {
  /** Reads `file`; a missing file is an empty lockfile. */
  public static load(file: string): Lockfile {
    if (!existsSync(file)) return new Lockfile(file, new Map());
    let parsed: any;
    try {
      parsed = JSON.parse(readFileSync(file, 'utf8'));
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
    return new Lockfile(file, entries);
  }

  private dirty = false;

  constructor(public readonly file: string, private readonly map: Map<string, LockEntry> = new Map()) {}

  /** How many entries. */
  public get size(): number {
    return this.map.size;
  }

  /** True when `set`/`retain` changed something since load. */
  public get changed(): boolean {
    return this.dirty;
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
    const key = requestKey(request);
    if (JSON.stringify(this.map.get(key)) !== JSON.stringify(entry)) {
      this.map.set(key, entry);
      this.dirty = true;
    }
  }

  /** Drops every entry no request in `requests` asks for (a full refresh). */
  public retain(requests: readonly ChartRequest[]): void {
    const keep = new Set(requests.map(requestKey));
    for (const key of [...this.map.keys()]) {
      if (!keep.has(key)) {
        this.map.delete(key);
        this.dirty = true;
      }
    }
  }

  /** The file's text: sorted keys, two-space indent, trailing newline. */
  public serialize(): string {
    const charts: Record<string, LockEntry> = {};
    for (const key of [...this.map.keys()].sort()) charts[key] = this.map.get(key)!;
    return JSON.stringify({ lockfileVersion: LOCKFILE_VERSION, charts }, undefined, 2) + '\n';
  }

  /** Writes the file when something changed: temp file in the same folder, then rename. */
  public save(): boolean {
    if (!this.dirty) return false;
    const tmp = join(dirname(this.file), `.${basename(this.file)}.${process.pid}.tmp`);
    try {
      writeFileSync(tmp, this.serialize(), { mode: 0o644 });
      renameSync(tmp, this.file);
    } catch (e) {
      rmSync(tmp, { force: true });
      throw new LockfileError(this.file, `cannot write: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`, { cause: e });
    }
    this.dirty = false;
    return true;
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
