import { resolve } from 'node:path';
import { LockfileUse } from '../../check/lock-usage';
import { Lockfile, LockEntry } from '../../check/lockfile';
import { AnnotationsOf, notLockedRow, outdatedRow, OutdatedRow } from '../../check/outdated';
import { FluxOciError } from '../../foundation/errors';
import { parseOciReference } from '../../foundation/reference';
import { RegistryClient } from '../../registry/client';
import { runAppsForUsage } from '../app-run';
import { Command, parseCommandArgs, println } from '../command';
import { UsageError } from '../errors';
import { CliIo } from '../io';
import { LockfileRows, outdatedText } from '../outdated-output';
import { REGISTRY_OPTIONS, REGISTRY_USAGE, registryClientFor, registryErrorHint, RegistryOptionValues } from '../registry-options';

/**
 * `flux-oci outdated`: like `npm outdated`, for the lockfile entries a
 * program uses. The app runs with `FLUX_OCI_RESOLVE=off` (answers from
 * the lockfile, no lookup, nothing written, output to a scratch folder),
 * which still records every key it asks for; then each repository's tags
 * are listed once and each entry's constraint applied to them again.
 */
export const outdatedCommand: Command = {
  name: ['outdated'],
  summary: 'list newer versions of the charts a program has locked (like npm outdated)',
  usage: `Usage: flux-oci outdated [--app <command>]... [--lockfile <file>] [--json] [options]

Runs the cdk8s app (the 'app' command in ./cdk8s.yaml, or each --app) with
registry checks off, so nothing is looked up or written, to learn which
lockfile entries it uses and who uses them; then lists each chart's tags
and prints one row per entry: who uses it, the chart, the constraint as
written, the locked version, the newest version the constraint allows (by
the Flux rules the entry was locked with: rule set, semverFilter, Flux
release), the newest stable version, the kind of each jump (patch, minor,
major) and, when the registry says (org.opencontainers.image.created), the
age of each. Below the table, the artifacthub.io/changes notes of the
versions between the locked one and the newest in range (at most 10).

Exit code: 0 when every entry is the newest its constraint allows, 1 when
a newer one exists (or a program uses a chart the lockfile lacks), 2 on a
usage, app or registry error. Pinned tags and digests (Flux artifacts)
are listed, never updates.

  --app <command>    a command that runs the app, e.g. 'npx ts-node main.ts'
                     (repeatable; default: cdk8s.yaml's 'app')
  --lockfile <file>  report on every entry of this lockfile instead of
                     running an app (a Pulumi program's flux-oci.lock.json);
                     rows are labelled by chart reference
  --json             print {"lockfiles":[{"file","rows":[…]}]}
                     (schemas/cli/outdated.schema.json)

${REGISTRY_USAGE}`,
  async run(args: readonly string[], io: CliIo): Promise<number> {
    const { values } = parseCommandArgs(args, {
      ...REGISTRY_OPTIONS,
      app: { type: 'string', multiple: true },
      lockfile: { type: 'string' },
      json: { type: 'boolean' },
    }, { min: 0, max: 0, names: '' });
    if (values.lockfile !== undefined && values.app?.length) throw new UsageError('--lockfile reports on a lockfile without running an app; drop --app or --lockfile');
    try {
      const uses = values.lockfile !== undefined ? lockfileUse(io, values.lockfile) : await runAppsForUsage(io, {
        commands: values.app,
        mode: 'off',
        failure: (command, code) => `the app ('${command}') failed with exit code ${code}; its output above says why`,
      });
      const registries = new Registries(io, values);
      const reports: LockfileRows[] = [];
      try {
        for (const [file, use] of uses) reports.push({ file, rows: await rowsOf(use, registries) });
      } finally {
        await registries.close();
      }
      if (values.json) println(io, JSON.stringify({ lockfiles: reports }));
      else for (const line of outdatedText(reports, new Date())) println(io, line);
      const behind = reports.some((r) => r.rows.some((row) => row.status === 'update' || row.status === 'not-locked'));
      return behind ? 1 : 0;
    } catch (e) {
      // Exit code 1 means "an update exists" here, so failures take 2.
      if (!(e instanceof FluxOciError) || e instanceof UsageError) throw e;
      const hint = registryErrorHint(e);
      io.stderr.write(`flux-oci outdated: ${e.message}\n${hint ? `  (${hint})\n` : ''}`);
      return 2;
    }
  },
};

/** `--lockfile`: every entry, each used by its chart reference. */
function lockfileUse(io: CliIo, name: string): Map<string, LockfileUse> {
  const file = resolve(io.cwd, name);
  const entries = Lockfile.load(file).entries();
  if (entries.size === 0) throw new UsageError(`${file} has no entries (or does not exist); run the program with registry checks on, or 'flux-oci lock', first`);
  const users = new Map([...entries].map(([key, entry]) => [key, new Set([entry.reference])]));
  return new Map([[file, { keys: new Set(entries.keys()), users, insecure: new Set(), before: entries }]]);
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
    const tags = entry.literal ? [] : await registries.tags(entry, insecure);
    rows.push(await outdatedRow(key, entry, users, tags, registries.annotationsOf(insecure)));
  }
  return rows;
}

/**
 * One client per registry host and scheme, with the engineer's login as
 * `flux-oci tags` uses it; each repository listed once, each manifest
 * read once.
 */
class Registries {
  private readonly clients = new Map<string, RegistryClient>();
  private readonly listed = new Map<string, Promise<string[]>>();
  private readonly annotations = new Map<string, Promise<Readonly<Record<string, string>> | undefined>>();

  constructor(private readonly io: CliIo, private readonly flags: RegistryOptionValues) {}

  public tags(entry: LockEntry, insecure: boolean): Promise<string[]> {
    const key = `${insecure}\n${entry.reference}`;
    let tags = this.listed.get(key);
    if (!tags) {
      const ref = parseOciReference(entry.reference, { allowTag: false, allowDigest: false });
      tags = this.client(ref.host, insecure).listTags(ref);
      this.listed.set(key, tags);
    }
    return tags;
  }

  /** Manifest annotations, or undefined when the manifest cannot be read: an age or a changelog is never worth failing over. */
  public annotationsOf(insecure: boolean): AnnotationsOf {
    return (reference, tag) => {
      const key = `${insecure}\n${reference}:${tag}`;
      let annotations = this.annotations.get(key);
      if (!annotations) {
        const ref = parseOciReference(`${reference}:${tag}`);
        annotations = this.client(ref.host, insecure).getManifest(ref)
          .then((m) => m.manifest.annotations, (e) => {
            if (e instanceof FluxOciError) return undefined;
            throw e;
          });
        this.annotations.set(key, annotations);
      }
      return annotations;
    };
  }

  public async close(): Promise<void> {
    await Promise.all([...this.clients.values()].map((c) => c.close()));
  }

  private client(host: string, insecure: boolean): RegistryClient {
    const key = `${insecure}\n${host}`;
    let client = this.clients.get(key);
    if (!client) {
      client = registryClientFor(this.io, host, this.flags);
      if (insecure) client.markInsecure(host);
      this.clients.set(key, client);
    }
    return client;
  }
}
