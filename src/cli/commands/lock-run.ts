import { resolve } from 'node:path';
import { unusedLockfile } from '../../check/lock-usage';
import { Lockfile, LOCKFILE_NAME } from '../../check/lockfile';
import { ResolveMode } from '../../check/mode';
import { runAppsForUsage } from '../app-run';
import { parseCommandArgs, println } from '../command';
import { UsageError } from '../errors';
import { CliIo } from '../io';
import { changeLines, LockfileReport, markdownSummary, reportOf } from '../lock-report';
import { entriesNamed, UpdateLimit, updateEntries } from '../lock-update';
import { appCommandFor, refuseProgramPaths } from '../program-paths';

/** Runs `flux-oci lock`; its usage is in ./lock.ts. */
export async function run(args: readonly string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseCommandArgs(args, {
    update: { type: 'boolean' },
    prune: { type: 'boolean' },
    verify: { type: 'boolean' },
    app: { type: 'string', multiple: true },
    lockfile: { type: 'string' },
    patch: { type: 'boolean' },
    minor: { type: 'boolean' },
    json: { type: 'boolean' },
    markdown: { type: 'boolean' },
  }, { min: 0, max: Infinity, names: 'the releases or charts to update' });
  refuseProgramPaths(positionals, (file) => `a release or chart to update: to run it, pass --app '${appCommandFor(file)}'`);
  if (values.verify && (values.update || values.prune)) throw new UsageError('--verify writes nothing; it cannot be combined with --update or --prune');
  const limit = updateLimit(values);
  if (!values.update && (positionals.length > 0 || limit)) {
    throw new UsageError(`${positionals.length > 0 ? `'${positionals[0]}'` : `--${limit}`}: naming releases and --patch/--minor limit --update; add --update`);
  }
  if (values.json && values.markdown) throw new UsageError('--json and --markdown are two formats of the same report; choose one');
  // A selective or limited update runs the apps as a plain lock does (every
  // release gets an entry), then moves only the chosen entries itself.
  const selective = positionals.length > 0 || limit !== undefined;
  const mode: ResolveMode = values.verify ? 'verify' : values.update && !selective ? 'online' : 'auto';
  const uses = await runAppsForUsage(io, {
    commands: values.app,
    mode,
    failure: (command, code) => values.verify
      ? `the app ('${command}') failed verification with exit code ${code}: its output above names each entry that failed`
      : `the app ('${command}') failed with exit code ${code}; no lockfile entry was added or removed by it`,
  });

  if (uses.size === 0) {
    const file = resolve(io.cwd, values.lockfile ?? LOCKFILE_NAME);
    uses.set(file, unusedLockfile(Lockfile.load(file).entries()));
  }
  if (selective) {
    const named = positionals.length > 0 ? entriesNamed(uses, positionals) : undefined;
    for (const [file, use] of uses) await updateEntries(io, file, use, named?.get(file) ?? use.keys, limit);
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
  if (values.markdown) {
    io.stdout.write(markdownSummary(reports, io.cwd));
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

function updateLimit(values: { readonly patch?: boolean; readonly minor?: boolean }): UpdateLimit | undefined {
  if (values.patch && values.minor) throw new UsageError('--patch and --minor are two limits of one update; choose one');
  return values.patch ? 'patch' : values.minor ? 'minor' : undefined;
}
