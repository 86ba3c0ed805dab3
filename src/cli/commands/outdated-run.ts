import { resolve } from 'node:path';
import { LockfileUse, unusedLockfile } from '../../check/lock-usage';
import { Lockfile } from '../../check/lockfile';
import { readManifestSources } from '../../check/manifests';
import { manifestReleases } from '../../check/manifests/manifest-releases';
import { currentEntry, needsTags, noMatchRow, notLockedRow, outdatedRow, OutdatedRow } from '../../check/outdated';
import { requestKey } from '../../check/request';
import { FluxOciError } from '../../foundation/errors';
import { FluxVersion } from '../../model/flux-version';
import { runAppsForUsage } from '../app-run';
import { parseCommandArgs, println } from '../command';
import { UsageError } from '../errors';
import { fluxVersionOption } from '../flux-version-option';
import { CliIo } from '../io';
import { LockfileRows, outdatedText } from '../outdated-output';
import { appCommandFor, refuseProgramPaths } from '../program-paths';
import { Registries } from '../registries';
import { registryErrorHint } from '../registry-error-hint';
import { REGISTRY_OPTIONS } from '../registry-flags';

/** Runs `flux-oci outdated`; its usage is in ./outdated.ts. */
export async function run(args: readonly string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseCommandArgs(args, {
    ...REGISTRY_OPTIONS,
    'app': { type: 'string', multiple: true },
    'lockfile': { type: 'string' },
    'flux-version': { type: 'string' },
    'ignore-paths': { type: 'string', multiple: true },
    'json': { type: 'boolean' },
  }, { min: 0, max: Number.POSITIVE_INFINITY, names: "YAML files or folders ('-' for stdin)" });
  refuseProgramPaths(positionals, (file) => `YAML: to run it and report on the lockfile it uses, pass --app '${appCommandFor(file)}'`);
  if (values.lockfile !== undefined && values.app?.length) throw new UsageError('--lockfile reports on a lockfile without running an app; drop --app or --lockfile');
  if (positionals.length && (values.lockfile !== undefined || values.app?.length)) throw new UsageError('YAML paths are read as they are; they cannot be combined with --app or --lockfile');
  if (!positionals.length && values['flux-version'] !== undefined) throw new UsageError('--flux-version applies to YAML paths; a lockfile entry keeps the Flux release it was locked for');
  if (!positionals.length && values['ignore-paths']?.length) throw new UsageError('--ignore-paths applies to YAML folders; pass the folders to read');
  const fluxVersion = fluxVersionOption(values['flux-version']);
  try {
    if (positionals.length) {
      const registries = new Registries(io, values);
      let read: { report: LockfileRows; complete: boolean };
      try {
        read = await manifestRows(io, positionals, { fluxVersion, ignorePaths: values['ignore-paths'] }, registries);
      } finally {
        await registries.close();
      }
      const code = print(io, [read.report], values.json);
      // An object that could not be read may be behind: the report is incomplete, which is an input error (2), as in 'flux-oci check'.
      return read.complete ? code : 2;
    }
    const uses = values.lockfile !== undefined ? lockfileUse(io, values.lockfile) : await runAppsForUsage(io, {
      commands: values.app,
      mode: 'off',
      failure: (command, code) => `the app ('${command}') failed with exit code ${code}; its output above says why`,
    });
    if (uses.size === 0) io.stderr.write('flux-oci outdated: the app checked no chart (no ChartRelease, or checks disabled in its settings); nothing to report\n');
    const registries = new Registries(io, values);
    const reports: LockfileRows[] = [];
    try {
      for (const [file, use] of uses) reports.push({ file, rows: await rowsOf(use, registries) });
    } finally {
      await registries.close();
    }
    return print(io, reports, values.json);
  } catch (e) {
    // Exit code 1 means "an update exists" here, so failures take 2.
    if (!(e instanceof FluxOciError) || e instanceof UsageError) throw e;
    const hint = registryErrorHint(e);
    io.stderr.write(`flux-oci outdated: ${e.message}\n${hint ? `  (${hint})\n` : ''}`);
    return 2;
  }
}

/** Prints the reports; the exit code: 1 when a row has an update in range or is not locked. */
function print(io: CliIo, reports: readonly LockfileRows[], json: boolean | undefined): number {
  if (json) println(io, JSON.stringify({ lockfiles: reports }));
  else for (const line of outdatedText(reports, new Date())) println(io, line);
  const behind = reports.some((r) => r.rows.some((row) => row.status === 'update' || row.status === 'not-locked'));
  return behind ? 1 : 0;
}

/** YAML paths: one row per chart or artifact the objects pull, at the file:line of its version. */
async function manifestRows(
  io: CliIo,
  paths: readonly string[],
  reading: { readonly fluxVersion?: FluxVersion; readonly ignorePaths?: readonly string[] },
  registries: Registries,
): Promise<{ report: LockfileRows; complete: boolean }> {
  const sources = await readManifestSources(paths, { cwd: io.cwd, stdin: io.stdin as AsyncIterable<Buffer>, ignorePaths: reading.ignorePaths });
  const found = manifestReleases(sources, reading.fluxVersion);
  for (const problem of found.problems) io.stderr.write(`flux-oci outdated: skipped ${problem}\n`);
  for (const unlisted of found.unlisted) io.stderr.write(`flux-oci outdated: not listed ${unlisted}\n`);
  const rows: OutdatedRow[] = [];
  for (const { request, location } of found.releases) {
    const insecure = request.access?.insecure === true;
    const tags = needsTags({ literal: request.literal, tag: request.version }, request.subject === 'artifact') ? await registries.tags(request.reference, insecure) : [];
    const entry = currentEntry(request, tags);
    rows.push(entry
      ? await outdatedRow(requestKey(request), entry, [location], tags, registries.annotationsOf(insecure), request.subject === 'artifact')
      : noMatchRow(request, [location]));
  }
  return { report: { file: paths.join(' '), rows }, complete: found.problems.length === 0 };
}

/** `--lockfile`: every entry, each used by its chart reference. */
function lockfileUse(io: CliIo, name: string): Map<string, LockfileUse> {
  const file = resolve(io.cwd, name);
  const entries = Lockfile.load(file).entries();
  if (entries.size === 0) throw new UsageError(`${file} has no entries (or does not exist); run the program with registry checks on, or 'flux-oci lock', first`);
  const use = unusedLockfile(entries);
  for (const [key, entry] of entries) {
    use.keys.add(key);
    use.users.set(key, new Set([entry.reference]));
    // Programs lock a tag or digest as written only for Flux artifacts (OciArtifactSource); charts are locked by version.
    if (entry.literal) use.artifacts.add(key);
  }
  return new Map([[file, use]]);
}

async function rowsOf(use: LockfileUse, registries: Registries): Promise<OutdatedRow[]> {
  const rows: OutdatedRow[] = [];
  for (const key of [...use.keys].sort()) {
    const users = [...use.users.get(key) ?? []];
    const entry = use.before.get(key);
    if (!entry) {
      rows.push(notLockedRow(key, users));
      continue;
    }
    const insecure = use.insecure.has(key);
    const tags = needsTags(entry, use.artifacts.has(key)) ? await registries.tags(entry.reference, insecure) : [];
    rows.push(await outdatedRow(key, entry, users, tags, registries.annotationsOf(insecure), use.artifacts.has(key)));
  }
  return rows;
}
