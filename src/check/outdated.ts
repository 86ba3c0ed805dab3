import { parse } from 'yaml';
import type { LockEntry } from './lockfile';
import { ChartRequest, requestKey, requestRules } from './request';
import { FluxVersion, isFluxVersion, LATEST_FLUX_VERSION, selectionRulesFor } from '../model/flux-version';
import { selectTag, tagsInRange, tagToVersion } from '../versions/select';
import type { SelectionRules } from '../versions/select';
import { SemVer, tryParseFluxVersion } from '../versions/semver';

/**
 * `flux-oci outdated`: for one lockfile entry and its repository's tags,
 * what the constraint allows now and what exists beyond it, by the same
 * selection the registry check makes (`tagsInRange`/`selectTag` with the
 * entry's rule set, semverFilter and Flux release).
 */

/** How far one version is from another. */
export type VersionJump = 'major' | 'minor' | 'patch' | 'prerelease' | 'none';

/**
 * - `current`: the locked version is the newest the constraint allows;
 * - `update`: the constraint allows a newer version;
 * - `pinned`: a tag or digest taken as written, never updated (a chart's tag is shown beside the newest stable version);
 * - `not-locked`: a program asks for it, the lockfile has no entry;
 * - `no-match`: no listed tag satisfies the constraint any more.
 */
export type OutdatedStatus = 'current' | 'update' | 'pinned' | 'not-locked' | 'no-match';

/** A version of the row, with its tag and (when the registry says) when it was created. */
export interface OutdatedVersion {
  readonly version: string;
  readonly tag: string;
  /** The manifest's `org.opencontainers.image.created`, when given and not the reproducible epoch. */
  readonly created?: string;
}

/** A version newer than the locked one. */
export interface OutdatedTarget extends OutdatedVersion {
  /** From the locked version. */
  readonly jump: VersionJump;
}

/** The `artifacthub.io/changes` of one version. */
export interface ChangelogEntry {
  readonly version: string;
  readonly changes: readonly string[];
}

/** One row of `flux-oci outdated`. */
export interface OutdatedRow {
  /** The lockfile key. */
  readonly key: string;
  /** Who asks for it: construct paths, Pulumi resource names, or `file:line`. */
  readonly users: readonly string[];
  readonly reference: string;
  readonly constraint: string;
  readonly status: OutdatedStatus;
  readonly locked?: OutdatedVersion;
  /** The newest version the constraint allows (what `flux-oci lock --update` would lock). */
  readonly wanted?: OutdatedTarget;
  /** The newest stable version under the rule set and filter, whatever the constraint. */
  readonly latest?: OutdatedTarget;
  /** `artifacthub.io/changes` of versions after the locked one up to `wanted`, newest first. */
  readonly changelog?: readonly ChangelogEntry[];
  /** Versions between locked and wanted not in `changelog` (beyond {@link CHANGELOG_VERSIONS}). */
  readonly changelogOmitted?: number;
}

/** The manifest annotation a creation time is read from. */
export const CREATED_ANNOTATION = 'org.opencontainers.image.created';
/**
 * The Chart.yaml annotation Artifact Hub reads change notes from. `helm
 * push` copies every Chart.yaml annotation but title and version into the
 * manifest's (`generateOCIAnnotations`,
 * helm/helm@0ec1a9e79a946f7ce33018be76b708839d6682bb:pkg/registry/chart.go),
 * and so does flux-oci's `pushChart` (`chartAnnotations`).
 */
export const CHANGES_ANNOTATION = 'artifacthub.io/changes';
/** At most this many versions' changelogs are fetched per row. */
export const CHANGELOG_VERSIONS = 10;

/**
 * The manifest annotations of `reference` at `at` (`:tag`, or `@digest`
 * for the locked version, so its manifest is checked against the lock),
 * or undefined when they cannot be read.
 */
export type AnnotationsOf = (reference: string, at: string) => Promise<Readonly<Record<string, string>> | undefined>;

/** The Flux release a lockfile key was checked for: ` flux=<v>` after the rule set (see `requestKey`), else the newest. */
export function fluxVersionOfKey(key: string, entry: Pick<LockEntry, 'reference' | 'ruleSet'>): FluxVersion {
  const prefix = `${entry.reference} ${entry.ruleSet} flux=`;
  if (!key.startsWith(prefix)) return LATEST_FLUX_VERSION;
  const version = key.slice(prefix.length).split(' ')[0];
  return isFluxVersion(version) ? version : LATEST_FLUX_VERSION;
}

/** What the tags say about one entry, before any manifest is read. */
export interface OutdatedPlan {
  readonly status: OutdatedStatus;
  readonly wanted?: OutdatedTarget;
  readonly latest?: OutdatedTarget;
  /** Tags after the locked version up to `wanted`, newest first. */
  readonly newer: readonly string[];
}

/**
 * Whether a row needs its repository's tags. A tag or digest taken as
 * written never moves; but a chart pinned by tag (an OCIRepository
 * `ref.tag`, as most repositories pin charts) is shown beside the newest
 * stable version, as an exact version is. A digest, or an artifact's tag,
 * needs none.
 */
export function needsTags(entry: Pick<LockEntry, 'literal' | 'tag'>, artifact: boolean): boolean {
  return !entry.literal || (!artifact && !entry.tag.includes(':'));
}

/** Newest in range, newest stable and the jumps for `entry`, from the repository's `tags`. */
export function planOutdated(key: string, entry: LockEntry, tags: readonly string[], artifact = false): OutdatedPlan {
  const rules = selectionRulesFor(fluxVersionOfKey(key, entry));
  if (entry.literal) {
    if (!needsTags(entry, artifact)) return { status: 'pinned', newer: [] };
    const stable = selectTag({ tags, constraint: '', ruleSet: entry.ruleSet, semverFilter: entry.semverFilter, rules, helmChartLayer: true });
    const latest = stable.matched
      ? { version: stable.version, tag: stable.tag, jump: jumpBetween(parsed(tagToVersion(entry.tag), rules), parsed(stable.version, rules)) }
      : undefined;
    return { status: 'pinned', ...(latest ? { latest } : {}), newer: [] };
  }
  // As the check selects (online-lookup.ts): an artifact's `semver` is always a range, over tags of no Helm chart layer.
  const input = { tags, ruleSet: entry.ruleSet, semverFilter: entry.semverFilter, rules, helmChartLayer: !artifact, alwaysRange: artifact };
  const inRange = tagsInRange({ ...input, constraint: entry.constraint === '*' ? '' : entry.constraint });
  const stable = selectTag({ ...input, constraint: '' });
  const locked = parsed(entry.version, rules);
  const target = (version: string, tag: string): OutdatedTarget => ({ version, tag, jump: jumpBetween(locked, parsed(version, rules)) });
  const wanted = inRange.selection.matched ? target(inRange.selection.version, inRange.selection.tag) : undefined;
  const latest = stable.matched ? target(stable.version, stable.tag) : undefined;
  const wantedVersion = wanted && parsed(wanted.version, rules);
  const newer = !locked || !wantedVersion ? [] : inRange.matching.filter((tag) => {
    const v = parsed(tagToVersion(tag), rules);
    return v !== undefined && v.compare(locked) > 0 && v.compare(wantedVersion) <= 0;
  }).reverse();
  const newerInRange = wanted && (locked && wantedVersion ? wantedVersion.compare(locked) > 0 : wanted.version !== entry.version);
  const status: OutdatedStatus = !wanted ? 'no-match' : newerInRange ? 'update' : 'current';
  return { status, wanted, latest, newer };
}

/**
 * The row for `entry`: {@link planOutdated}, then the creation times of the
 * locked and newest versions and the change notes of up to
 * {@link CHANGELOG_VERSIONS} versions between, from their manifests.
 */
export async function outdatedRow(
  key: string, entry: LockEntry, users: readonly string[], tags: readonly string[], annotationsOf: AnnotationsOf, artifact = false,
): Promise<OutdatedRow> {
  const plan = planOutdated(key, entry, tags, artifact);
  const base = { key, users, reference: entry.reference, constraint: entry.constraint, status: plan.status };
  const created = async (at: string) => createdOf(await annotationsOf(entry.reference, at));
  const lockedAt = entry.digest ? `@${entry.digest}` : `:${entry.tag}`;
  const locked: OutdatedVersion = { version: entry.version, tag: entry.tag, ...optional('created', await created(lockedAt)) };
  const withCreated = async (t: OutdatedTarget | undefined) => t && { ...t, ...optional('created', await created(`:${t.tag}`)) };
  if (plan.status === 'pinned') return { ...base, locked, ...optional('latest', await withCreated(plan.latest)) };
  const shown = plan.newer.slice(0, CHANGELOG_VERSIONS);
  const changelog: ChangelogEntry[] = [];
  for (const tag of shown) {
    const changes = changesOf(await annotationsOf(entry.reference, `:${tag}`));
    if (changes.length) changelog.push({ version: tagToVersion(tag), changes });
  }
  return {
    ...base,
    locked,
    ...optional('wanted', await withCreated(plan.wanted)),
    ...optional('latest', await withCreated(plan.latest)),
    ...(changelog.length ? { changelog } : {}),
    ...(plan.newer.length > shown.length ? { changelogOmitted: plan.newer.length - shown.length } : {}),
  };
}

/**
 * For a YAML object, which has no lockfile: the request as if locked at
 * what Flux pulls now, its exact version or what its range resolves to
 * (no digest); a tag or digest as written for a literal ref; undefined
 * when no listed tag matches.
 */
export function currentEntry(request: ChartRequest, tags: readonly string[]): LockEntry | undefined {
  const asked = {
    reference: request.reference,
    ruleSet: request.ruleSet,
    constraint: request.version === '' ? '*' : request.version,
    ...(request.semverFilter ? { semverFilter: request.semverFilter } : {}),
    digest: '',
  };
  if (request.literal) return { ...asked, literal: true, version: request.version, tag: request.version };
  const { ruleSet, semverFilter } = request;
  const artifact = request.subject === 'artifact';
  const selection = selectTag({
    tags, constraint: request.version, ruleSet, semverFilter, rules: requestRules(request), helmChartLayer: !artifact, alwaysRange: artifact,
  });
  return selection.matched ? { ...asked, version: selection.version, tag: selection.tag } : undefined;
}

/** A row for a YAML object whose version no listed tag satisfies. */
export function noMatchRow(request: ChartRequest, users: readonly string[]): OutdatedRow {
  return { key: requestKey(request), users, reference: request.reference, constraint: request.version === '' ? '*' : request.version, status: 'no-match' };
}

/** A row for a key a program uses that the lockfile lacks. */
export function notLockedRow(key: string, users: readonly string[]): OutdatedRow {
  return { key, users, reference: key.split(' ')[0], constraint: '', status: 'not-locked' };
}

/** Which part of the version changed from `from` to `to`. */
export function jumpBetween(from: SemVer | undefined, to: SemVer | undefined): VersionJump {
  if (!from || !to) return 'none';
  if (from.major !== to.major) return 'major';
  if (from.minor !== to.minor) return 'minor';
  if (from.patch !== to.patch) return 'patch';
  return from.compare(to) === 0 ? 'none' : 'prerelease';
}

/**
 * The creation time of a manifest's annotations; Helm's and Flux's
 * reproducible `1970-01-01T00:00:00Z` says nothing and counts as absent,
 * as does text that is no date.
 */
export function createdOf(annotations: Readonly<Record<string, string>> | undefined): string | undefined {
  const value = annotations?.[CREATED_ANNOTATION];
  if (value === undefined) return undefined;
  const time = Date.parse(value);
  return Number.isNaN(time) || time <= 0 ? undefined : value;
}

/**
 * The lines of an `artifacthub.io/changes` annotation: a YAML list of
 * strings, or of `{kind, description}` (Artifact Hub's two forms), as
 * `kind: description`. Anything else yields no lines; each line is cut at
 * 200 characters and at most 20 are kept, since the text is the publisher's.
 */
export function changesOf(annotations: Readonly<Record<string, string>> | undefined): string[] {
  const text = annotations?.[CHANGES_ANNOTATION];
  if (text === undefined || text.length > 64 * 1024) return [];
  let list: unknown;
  try {
    list = parse(text);
  } catch {
    return [];
  }
  if (!Array.isArray(list)) return [];
  const lines: string[] = [];
  for (const item of list.slice(0, 20)) {
    const line = typeof item === 'string' ? item
      : typeof item?.description === 'string' ? `${typeof item.kind === 'string' ? `${item.kind}: ` : ''}${item.description}` : undefined;
    if (line !== undefined && line.trim() !== '') lines.push(oneLine(line));
  }
  return lines;
}

function oneLine(text: string): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > 200 ? `${flat.slice(0, 199)}…` : flat;
}

function parsed(version: string, rules: SelectionRules): SemVer | undefined {
  return tryParseFluxVersion(version, rules.parseVersion);
}

function optional<K extends string, V>(key: K, value: V | undefined): { [P in K]?: V } {
  return (value === undefined ? {} : { [key]: value }) as { [P in K]?: V };
}
