import { mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { importChartValues, ImportedValues } from '../../check/import-values';
import { Lockfile } from '../../check/lockfile';
import { parseOciReference } from '../../foundation/reference';
import { runAppsForUsage } from '../app-run';
import { parseCommandArgs, println } from '../command';
import { AppFailedError, UsageError } from '../errors';
import { CliIo } from '../io';
import { CHECK_REGISTRY_OPTIONS } from '../registry-flags';
import { plainHttp, readCaFile } from '../registry-options';

/** Runs `flux-oci import`; its usage is in ./import.ts. */
export async function run(args: readonly string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseCommandArgs(withBareApp(args), {
    ...CHECK_REGISTRY_OPTIONS,
    version: { type: 'string' },
    app: { type: 'string', multiple: true },
    output: { type: 'string' },
    json: { type: 'boolean' },
  }, { min: 0, max: 1, names: 'the chart reference' });
  const dir = resolve(io.cwd, values.output ?? 'imports');
  const caPem = readCaFile(io, values['ca-file']);
  if (values.app !== undefined || positionals.length === 0) {
    if (positionals.length) throw new UsageError('give either a chart reference or --app, not both');
    if (values.version !== undefined) throw new UsageError('--version is for one chart; with --app each release\'s resolved version is imported');
    return importApp(io, values.app?.filter((c) => c !== ''), dir, { caPem, insecure: plainHttp(values) }, values.json === true);
  }
  const ref = parseOciReference(positionals[0]);
  if (ref.tag !== undefined || ref.digest !== undefined) throw new UsageError('give the version as --version, not as a :tag or @digest on the reference');
  if (values.version === undefined) throw new UsageError('missing --version <version|range>');
  const reference = ref.format();
  const imported = await importChartValues(reference, values.version, {
    env: io.env,
    access: { insecure: plainHttp(values), caPem },
  });
  const written = writeModule(io, dir, reference, imported);
  if (values.json) println(io, JSON.stringify(written));
  else println(io, describe(written));
  return 0;
}

/** What `--json` prints for one module. */
interface WrittenModule {
  readonly reference: string;
  readonly version: string;
  readonly digest: string;
  readonly file: string;
  readonly type: string;
  readonly constant: string;
  readonly source: 'values.schema.json' | 'values.yaml';
  /** With --app: the construct paths / resource names using this chart version. */
  readonly releases?: readonly string[];
}

async function importApp(
  io: CliIo, commands: readonly string[] | undefined, dir: string, access: { caPem?: string; insecure: boolean }, json: boolean,
): Promise<number> {
  const uses = await runAppsForUsage(io, {
    commands,
    mode: 'auto',
    failure: (command, code) => `the app ('${command}') failed with exit code ${code}; nothing was imported`,
  });
  // One import per chart version, with every release that uses it.
  const charts = new Map<string, { reference: string; version: string; digest: string; insecure: boolean; releases: Set<string> }>();
  for (const [file, use] of uses) {
    const entries = Lockfile.load(file).entries();
    for (const key of use.keys) {
      const entry = entries.get(key);
      if (!entry || use.artifacts.has(key)) continue;
      const id = `${entry.reference}@${entry.version}`;
      const chart = charts.get(id)
        ?? { reference: entry.reference, version: entry.version, digest: entry.digest, insecure: false, releases: new Set<string>() };
      chart.insecure ||= use.insecure.has(key);
      for (const path of use.users.get(key) ?? []) chart.releases.add(path);
      charts.set(id, chart);
    }
  }
  if (charts.size === 0) {
    throw new AppFailedError(uses.size === 0
      ? 'the app checked no chart against the registry (its check is off, or its settings say lockfile: false); import each chart with flux-oci import <oci ref> --version <version>'
      : 'the app has no ChartRelease (only Flux artifacts, which have no values); nothing to import');
  }
  const written: WrittenModule[] = [];
  for (const chart of [...charts.values()].sort((a, b) => `${a.reference}@${a.version}`.localeCompare(`${b.reference}@${b.version}`))) {
    const imported = await importChartValues(chart.reference, chart.version, {
      env: io.env,
      access: { insecure: access.insecure || chart.insecure, caPem: access.caPem },
    });
    // The tag moved since the lockfile was written: the module describes what the registry holds now.
    if (imported.digest !== chart.digest) {
      io.stderr.write(`flux-oci import: ${chart.reference} ${chart.version} is now ${imported.digest}, the lockfile says ${chart.digest}; 'flux-oci lock --verify' tells which programs are affected\n`);
    }
    written.push({ ...writeModule(io, dir, chart.reference, imported), releases: [...chart.releases].sort() });
  }
  if (json) {
    println(io, JSON.stringify({ imports: written }));
    return 0;
  }
  for (const module of written) println(io, `${describe(module)}; used by ${module.releases!.join(', ')}`);
  return 0;
}

/** Writes the module atomically and says what was written. */
function writeModule(io: CliIo, dir: string, reference: string, imported: ImportedValues): WrittenModule {
  mkdirSync(dir, { recursive: true });
  const file = join(dir, imported.module.fileName);
  const temp = `${file}.${process.pid}.tmp`;
  writeFileSync(temp, imported.module.source);
  renameSync(temp, file);
  return {
    reference,
    version: imported.resolved.version,
    digest: imported.digest,
    file: relative(io.cwd, file) || file,
    type: imported.module.typeName,
    constant: imported.module.constName,
    source: imported.module.fromSchema ? 'values.schema.json' : 'values.yaml',
  };
}

function describe(m: WrittenModule): string {
  return `${m.file}: ${m.type} and ${m.constant} for ${m.reference} ${m.version} (${m.digest}), from ${m.source}`;
}

/** A bare `--app` (last, or before another option) means the app of cdk8s.yaml. */
function withBareApp(args: readonly string[]): string[] {
  return args.map((arg, i) => (arg === '--app' && (i === args.length - 1 || args[i + 1].startsWith('-')) ? '--app=' : arg));
}
