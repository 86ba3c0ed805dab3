import { UsageError } from './errors';
import { CliIo } from './io';
import { Registries } from './registries';
import { LockfileUse } from '../check/lock-usage';
import { Lockfile, LockEntry } from '../check/lockfile';
import { requestRules } from '../check/request';
import { closest } from '../foundation/edit-distance';
import { parseOciReference } from '../foundation/reference';
import { isFluxVersion } from '../model/flux-version';
import { tagVersion } from '../versions/select/rule-set';
import { selectTag } from '../versions/select/select-tag';
import { SelectionRules } from '../versions/select/selection-rules';
import { tryParseFluxVersion } from '../versions/semver';

/**
 * `flux-oci lock --update <release>... [--patch|--minor]`: moves only the
 * entries the named releases use, each to the version Flux would pull for
 * its constraint, optionally no further than the locked version's
 * major.minor (`patch`) or major (`minor`). Every other entry is left as
 * it is, byte for byte.
 */

/** How far a limited update may move: within the locked major.minor, or within its major. */
export type UpdateLimit = 'patch' | 'minor';

/**
 * The keys, per lockfile, of the entries the named releases use. A name
 * matches a user (construct path or Pulumi resource name) exactly, as a
 * path prefix (`prod` matches `prod/web`) or as its last segment (`web`
 * matches `prod/web`); or a chart, by the last segment of its reference
 * or the whole `oci://` reference.
 *
 * @throws UsageError naming the known releases and charts when a name matches nothing
 */
export function entriesNamed(uses: ReadonlyMap<string, LockfileUse>, names: readonly string[]): Map<string, Set<string>> {
  const selected = new Map<string, Set<string>>();
  const known = new Set<string>();
  const unmatched = new Set(names);
  for (const [file, use] of uses) {
    const keys = new Set<string>();
    for (const key of use.keys) {
      const users = [...use.users.get(key) ?? []];
      const reference = key.split(' ')[0];
      const labels = [...users, reference, lastSegment(reference)];
      labels.forEach((label) => known.add(label));
      for (const name of names) {
        const byUser = users.some((user) => user === name || user.startsWith(`${name}/`) || lastSegment(user) === name);
        const byChart = name === reference || name === lastSegment(reference);
        if (byUser || byChart) {
          keys.add(key);
          unmatched.delete(name);
        }
      }
    }
    selected.set(file, keys);
  }
  if (unmatched.size > 0) {
    const name = [...unmatched][0];
    const candidates = [...known].sort();
    const near = closest(name, candidates);
    throw new UsageError(`no release or chart the apps use is named '${name}'${near ? `; did you mean '${near}'?` : ''}`
      + (candidates.length ? `\nknown names: ${candidates.join(', ')}` : '\nthe apps use no chart'));
  }
  return selected;
}

/**
 * Looks each of `keys` up again in the registry and records the version
 * Flux would pull (within `limit`), with its digest, in the lockfile at
 * `file`; saves under the file's lock. Entries the run of the apps did not
 * leave in the file are skipped.
 */
export async function updateEntries(io: CliIo, file: string, use: LockfileUse, keys: ReadonlySet<string>, limit?: UpdateLimit): Promise<void> {
  const lockfile = Lockfile.load(file);
  const entries = lockfile.entries();
  const registries = new Registries(io);
  try {
    for (const key of [...keys].sort()) {
      const entry = entries.get(key);
      // Not in the file (the apps did not lock it), or a digest as written, which cannot move.
      if (!entry || (entry.literal && entry.constraint.includes(':'))) continue;
      const insecure = use.insecure.has(key);
      const tag = pick(entry, key, await registries.tags(entry.reference, insecure), limit, use.artifacts.has(key));
      if (tag === undefined) {
        io.stderr.write(`flux-oci lock: ${entry.reference} ${entry.constraint}: no tag ${limit ? `within the ${limit} limit of ${entry.version} ` : ''}matches any more; entry kept at ${entry.version}\n`);
        continue;
      }
      const ref = parseOciReference(entry.reference, { allowTag: false, allowDigest: false });
      const { digest } = await registries.client(ref.host, insecure).headManifest(ref.withTag(tag.tag));
      lockfile.setEntry(key, { ...entry, version: tag.version, tag: tag.tag, digest });
    }
  } finally {
    await registries.close();
  }
  lockfile.save();
}

/** The tag Flux would pull for the entry's constraint among the tags within `limit` of the locked version. */
function pick(
  entry: LockEntry, key: string, tags: readonly string[], limit: UpdateLimit | undefined, artifact: boolean,
): { tag: string; version: string } | undefined {
  // A tag as written: it may name another manifest now.
  if (entry.literal) return { tag: entry.constraint, version: entry.constraint };
  const rules = rulesOf(key);
  const locked = tryParseFluxVersion(entry.version, rules.parseVersion);
  const within = limit && locked
    ? tags.filter((tag) => {
      const v = tagVersion(tag, entry.ruleSet, rules);
      return v !== undefined && v.major === locked.major && (limit === 'minor' || v.minor === locked.minor);
    })
    : tags;
  // As the check selects (online-lookup.ts): an artifact's `semver` is always a range, and it is not a Helm chart layer.
  const selection = selectTag({
    tags: within,
    constraint: entry.constraint,
    ruleSet: entry.ruleSet,
    semverFilter: entry.semverFilter,
    rules,
    helmChartLayer: !artifact,
    alwaysRange: artifact,
  });
  return selection.matched ? { tag: selection.tag, version: selection.version } : undefined;
}

/** The selection rules the entry was locked by: the newest Flux's, or the ` flux=<version>` its key names. */
function rulesOf(key: string): SelectionRules {
  const flux = / flux=(\S+) /.exec(key)?.[1];
  return requestRules({ fluxVersion: isFluxVersion(flux) ? flux : undefined });
}

function lastSegment(path: string): string {
  return path.slice(path.lastIndexOf('/') + 1);
}
