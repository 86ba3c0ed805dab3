import { OutdatedRow, OutdatedTarget, OutdatedVersion } from '../check/outdated';

/** One lockfile's rows, for people and for `--json`. */
export interface LockfileRows {
  readonly file: string;
  readonly rows: readonly OutdatedRow[];
}

/**
 * `flux-oci outdated` as text: per lockfile, an aligned table (one row
 * per entry), then the change notes of the rows that have any.
 */
export function outdatedText(reports: readonly LockfileRows[], now: Date): string[] {
  const lines: string[] = [];
  for (const report of reports) {
    lines.push(`${report.file}:`);
    if (report.rows.length === 0) {
      lines.push('  no entries used');
      continue;
    }
    const header = ['USED BY', 'CHART', 'CONSTRAINT', 'LOCKED', 'IN RANGE', 'LATEST'];
    const cells = report.rows.map((row) => [
      row.users.length ? row.users.join(', ') : '-',
      row.reference,
      row.constraint || '-',
      lockedCell(row, now),
      wantedCell(row, now),
      row.latest ? targetCell(row.latest, now) : '-',
    ]);
    for (const line of alignColumns([header, ...cells])) lines.push(`  ${line}`);
    for (const row of report.rows) {
      if (!row.changelog?.length) continue;
      lines.push('', `  ${row.reference} ${row.locked?.version} → ${row.wanted?.version}:`);
      for (const entry of row.changelog) for (const change of entry.changes) lines.push(`    ${entry.version}  ${change}`);
      if (row.changelogOmitted) lines.push(`    (${row.changelogOmitted} older version${row.changelogOmitted === 1 ? '' : 's'} not shown)`);
    }
  }
  return lines;
}

function lockedCell(row: OutdatedRow, now: Date): string {
  if (row.status === 'not-locked') return 'not locked';
  if (!row.locked) return '-';
  return `${row.status === 'pinned' ? row.locked.tag : row.locked.version}${age(row.locked, now)}`;
}

function wantedCell(row: OutdatedRow, now: Date): string {
  if (row.status === 'pinned') return 'pinned';
  if (row.status === 'not-locked') return "run 'flux-oci lock'";
  if (row.status === 'no-match') return 'no match';
  if (row.status === 'current' || !row.wanted) return 'current';
  return targetCell(row.wanted, now);
}

function targetCell(target: OutdatedTarget, now: Date): string {
  return `${target.version}${target.jump === 'none' ? '' : ` ${target.jump}`}${age(target, now)}`;
}

/** ` (3 days)`, or nothing when the creation time is unknown. */
function age(version: OutdatedVersion, now: Date): string {
  if (version.created === undefined) return '';
  const days = Math.floor((now.getTime() - Date.parse(version.created)) / 86_400_000);
  if (days < 1) return ' (today)';
  if (days < 60) return ` (${days} day${days === 1 ? '' : 's'})`;
  if (days < 730) return ` (${Math.floor(days / 30)} months)`;
  return ` (${Math.floor(days / 365)} years)`;
}

function alignColumns(rows: readonly (readonly string[])[]): string[] {
  const widths = rows[0].map((_, i) => Math.max(...rows.map((r) => r[i].length)));
  return rows.map((r) => r.map((cell, i) => (i === r.length - 1 ? cell : cell.padEnd(widths[i]))).join('  ').trimEnd());
}
