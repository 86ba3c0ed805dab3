import { relative } from 'node:path';
import { LockfileUse } from '../check/lock-usage';
import { LockEntry } from '../check/lockfile';

/**
 * What `flux-oci lock` did to each lockfile, for people (plain lines or a
 * Markdown table for a pull-request description) and for `--json`: the same
 * facts in each.
 */

/** One lockfile's state after the run. */
export interface LockfileReport {
  readonly file: string;
  readonly charts: number;
  readonly added: readonly ChangedEntry[];
  readonly changed: readonly ChangedEntry[];
  readonly removed: readonly ChangedEntry[];
  /** Entries in the file after the run that it neither added nor changed. */
  readonly unchanged: number;
  /** Keys of entries no app run here asked for. */
  readonly unused: readonly string[];
}

/** An entry the run added, changed or removed. */
export interface ChangedEntry {
  readonly key: string;
  /** Construct paths / Pulumi resource names of the releases that use it, when an app run here asked for it. */
  readonly releases: readonly string[];
  readonly reference: string;
  readonly constraint: string;
  readonly version: string;
  readonly digest: string;
  readonly previous?: { readonly version: string; readonly digest: string };
}

/** The report of `file`, from what the apps recorded and its entries after the run. */
export function reportOf(file: string, use: LockfileUse, after: ReadonlyMap<string, LockEntry>): LockfileReport {
  const changed = (key: string, e: LockEntry, previous?: LockEntry): ChangedEntry => ({
    key,
    releases: [...use.users.get(key) ?? []],
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
  return { file, charts: after.size, added, changed: updated, removed, unchanged: after.size - added.length - updated.length, unused };
}

/** One line per change: `+` added, `~` changed (with digests), `-` removed; each with the releases that use it. */
export function changeLines(report: LockfileReport): string[] {
  const who = (e: ChangedEntry) => (e.releases.length ? ` (${e.releases.join(', ')})` : '');
  return [
    ...report.added.map((e) => `+ ${e.reference} ${e.constraint} → ${e.version}${who(e)}`),
    ...report.changed.map((e) => `~ ${e.reference} ${e.constraint}: ${e.previous!.version} → ${e.version}`
      + `${e.previous!.version === e.version ? ' (new digest)' : ''} [${shortDigest(e.previous!.digest)} → ${shortDigest(e.digest)}]${who(e)}`),
    ...report.removed.map((e) => `- ${e.reference} ${e.constraint}`),
  ];
}

/**
 * The reports as Markdown for a pull-request description: per lockfile
 * (its path relative to `cwd`), a table of the added, changed and removed
 * entries with releases, chart, constraint, versions and short digests,
 * and how many entries stayed as they were.
 */
export function markdownSummary(reports: readonly LockfileReport[], cwd: string): string {
  const sections = reports.map((report) => {
    const rows = [
      ...report.changed.map((e) => row(e, e.previous!.version, e.previous!.digest)),
      ...report.added.map((e) => row(e, undefined, undefined)),
      ...report.removed.map((e) => [releasesCell(e), code(e.reference), code(e.constraint), `${e.version} → removed`, `${code(shortDigest(e.digest))} → removed`]),
    ];
    const counts = [
      report.changed.length ? `${report.changed.length} updated` : '',
      report.added.length ? `${report.added.length} added` : '',
      report.removed.length ? `${report.removed.length} removed` : '',
      `${report.unchanged} unchanged`,
    ].filter((c) => c !== '').join(', ');
    const table = rows.length === 0 ? [] : [
      '| Release | Chart | Constraint | Version | Digest |',
      '| --- | --- | --- | --- | --- |',
      ...rows.map((r) => `| ${r.join(' | ')} |`),
      '',
    ];
    return [`### \`${relative(cwd, report.file) || report.file}\``, '', ...table, `${counts}.`].join('\n');
  });
  return sections.join('\n\n') + '\n';
}

/** `sha256:` and the first 12 hex digits, as registries and `docker images` show them. */
export function shortDigest(digest: string): string {
  return digest.slice(0, 'sha256:'.length + 12);
}

function row(e: ChangedEntry, oldVersion: string | undefined, oldDigest: string | undefined): string[] {
  return [
    releasesCell(e),
    code(e.reference),
    code(e.constraint),
    `${oldVersion === undefined ? 'added' : cell(oldVersion)} → ${cell(e.version)}`,
    `${oldDigest === undefined ? 'added' : code(shortDigest(oldDigest))} → ${code(shortDigest(e.digest))}`,
  ];
}

/** A code span; `|` escaped so it does not end the table cell (constraints like `1.x || 2.x`). */
function code(text: string): string {
  return `\`${cell(text)}\``;
}

function releasesCell(e: ChangedEntry): string {
  return e.releases.length ? e.releases.map(code).join(', ') : '—';
}

function cell(text: string): string {
  return text.replace(/\|/g, '\\|').replace(/[\r\n]+/g, ' ');
}
