import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parse } from 'yaml';
import { lockCommand } from './lock';
import { ResolutionError } from '../../check/errors';
import { Lockfile, LOCKFILE_NAME, LockEntry } from '../../check/lockfile';
import { RegistryAccess } from '../../check/request';
import { Resolver } from '../../check/resolver';
import { FluxOciError } from '../../foundation/errors';
import { compact } from '../../model/kube-object';
import { classifyVersionRequest } from '../../versions/select/version-request';
import { parseCommandArgs, println } from '../command';
import { UsageError } from '../errors';
import { CliIo } from '../io';
import { CHECK_REGISTRY_OPTIONS } from '../registry-flags';
import { plainHttp, readCaFile } from '../registry-options';
import { findReleaseCalls, loadTypeScript, ReleaseCall, rewriteVersion } from '../source/release-literals';

/** Runs `flux-oci bump`; its usage is in ./bump.ts. */
export async function run(args: readonly string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseCommandArgs(args, {
    ...CHECK_REGISTRY_OPTIONS,
    'to': { type: 'string' },
    'entry': { type: 'string' },
    'no-lock': { type: 'boolean' },
    'json': { type: 'boolean' },
  }, { min: 1, max: 1, names: 'the release to bump (construct path, id or chart)' });
  const root = io.cwd;
  const entry = values.entry ? resolve(root, values.entry) : entryOf(root);
  const release = pickRelease(findReleaseCalls(loadTypeScript(root), entry, root), positionals[0]);
  const version = release.version;
  if (!version) {
    throw new UsageError(`${release.file}:${release.line}: this ChartRelease has no version: property (it follows '*'); add version: '<version>' first`);
  }
  if (!version.literal) {
    throw new UsageError(`${release.file}:${version.line}: version is ${version.what}, not a string literal; flux-oci bump edits literals only, so change it where it is computed`);
  }
  const to = values.to ?? await newestVersion(io, release, version.value, { insecure: plainHttp(values), caPem: readCaFile(io, values['ca-file']) });
  checkVersion(to);
  if (to === version.value) {
    const result = { release: label(release), from: version.value, to, file: release.file, line: version.line, locked: false };
    if (values.json) println(io, JSON.stringify(result));
    else println(io, `${label(release)}: already at '${to}' (${release.file}:${version.line})`);
    return 0;
  }

  const file = resolve(root, release.file);
  const edited = rewriteVersion(file, version, to);
  const temp = `${file}.flux-oci-bump`;
  writeFileSync(temp, edited);
  renameSync(temp, file);

  const lock = !values['no-lock'] && existsSync(join(root, 'cdk8s.yaml'));
  if (values.json) {
    if (lock) await lockCommand.run([], { ...io, stdout: io.stderr });
    println(io, JSON.stringify({ release: label(release), from: version.value, to, file: release.file, line: version.line, locked: lock }));
  } else {
    println(io, `${label(release)}: version '${version.value}' → '${to}' (${release.file}:${version.line})`);
    if (lock) await lockCommand.run([], io);
  }
  return 0;
}

function label(release: ReleaseCall): string {
  return release.id ?? release.chart ?? `${release.file}:${release.line}`;
}

/** The program's entry file: the TypeScript file cdk8s.yaml's `app` runs, else Pulumi's main. */
function entryOf(root: string): string {
  const cdk8s = join(root, 'cdk8s.yaml');
  if (existsSync(cdk8s)) {
    const app = String(parse(readFileSync(cdk8s, 'utf8'))?.app ?? '');
    const file = app.split(/\s+/).find((word) => /\.[cm]?[tj]s$/.test(word) && existsSync(resolve(root, word)));
    if (file) return resolve(root, file);
    throw new UsageError(`cannot tell the entry file from cdk8s.yaml's app '${app}'; pass --entry <file>`);
  }
  const pulumi = join(root, 'Pulumi.yaml');
  if (existsSync(pulumi)) {
    const main = parse(readFileSync(pulumi, 'utf8'))?.main;
    const candidates = [typeof main === 'string' ? resolve(root, main) : undefined, join(root, 'index.ts')];
    for (const c of candidates) {
      if (c && existsSync(c)) return existsSync(join(c, 'index.ts')) ? join(c, 'index.ts') : c;
    }
  }
  throw new UsageError(`no cdk8s.yaml or Pulumi.yaml in ${root}; run in the project or pass --entry <file>`);
}

/** The one release `wanted` names: by construct path (its last segment), id, or chart. */
function pickRelease(calls: readonly ReleaseCall[], wanted: string): ReleaseCall {
  const id = wanted.includes('/') ? wanted.slice(wanted.lastIndexOf('/') + 1) : wanted;
  let found = calls.filter((c) => c.id === id);
  if (found.length === 0 && !wanted.includes('/')) found = calls.filter((c) => c.chart === wanted);
  const list = (cs: readonly ReleaseCall[]) => cs.map((c) => `${c.file}:${c.line} (id '${c.id ?? '?'}', chart '${c.chart ?? '?'}')`).join(', ');
  if (found.length === 1) return found[0];
  if (found.length === 0) {
    throw new UsageError(calls.length
      ? `no ChartRelease named '${wanted}'; the program has ${list(calls)}`
      : 'the program has no new ChartRelease(...) with an object literal of props');
  }
  throw new UsageError(`'${wanted}' names ${found.length} ChartReleases: ${list(found)}; name one by its construct id`);
}

function checkVersion(version: string): void {
  try {
    classifyVersionRequest(version, 'oci-repository');
  } catch (e) {
    if (!(e instanceof FluxOciError)) throw e;
    throw new UsageError(`--to '${version}' is neither a version nor a range: ${e.message}`);
  }
}

/**
 * The newest stable version of the release's chart. The program's source
 * does not say where the chart lives (the source is a variable); the
 * lockfile entry of its current version does.
 */
async function newestVersion(io: CliIo, release: ReleaseCall, current: string, access: RegistryAccess): Promise<string> {
  const lockfile = Lockfile.load(join(io.cwd, LOCKFILE_NAME));
  const entries = [...lockfile.entries().values()].filter((e: LockEntry) =>
    !e.literal && e.constraint === current && (release.chart === undefined || e.reference.endsWith(`/${release.chart}`)));
  const references = [...new Set(entries.map((e) => `${e.reference} ${e.ruleSet}`))];
  if (references.length !== 1) {
    throw new UsageError(`${references.length ? 'several' : 'no'} ${LOCKFILE_NAME} entries for ${label(release)} at '${current}' tell flux-oci where the chart lives; pass --to <version> (or run 'flux-oci lock' first)`);
  }
  const { reference, ruleSet } = entries[0];
  const report = await new Resolver({ mode: 'online', lockfile: false, env: io.env })
    .resolve([{ path: label(release), reference, version: '*', ruleSet, access: compact({ ...access }) }]);
  const outcome = report.outcomes[0];
  if (!outcome) throw new UsageError(`FLUX_OCI_RESOLVE=${io.env.FLUX_OCI_RESOLVE} turns registry lookups off; pass --to <version>`);
  if (!outcome.ok) throw new ResolutionError(report.failures);
  return outcome.resolved.version;
}
