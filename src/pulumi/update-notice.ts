import { LockEntry } from '../check/lockfile';
import { ChartRequest, requestKey, requestRules } from '../check/request';
import { Resolver } from '../check/resolver';
import type { ResolvedChart } from '../model/resolution';
import { tryParseFluxVersion } from '../versions/semver';

/**
 * An online preview looks every release up again and locks the newest
 * version its constraint allows; when that is newer than what the lockfile
 * held, the preview says so on the release (an info diagnostic, not an
 * error), so a team sees what the next lock moves to.
 */

/** Per resolver, each request key's entry as it was before the resolver's first lookup of it. */
const before = new WeakMap<Resolver, Map<string, LockEntry | undefined>>();

/**
 * The lockfile's entry for `request` before any lookup of it by `resolver`
 * wrote a new one; only in the online mode, the only one that looks up a
 * locked request's newest version. Call it before `resolver.check(request)`:
 * identical requests share one lookup, so the first call for a key comes
 * before its entry is rewritten.
 */
export function lockedBefore(resolver: Resolver, request: ChartRequest): LockEntry | undefined {
  if (resolver.mode !== 'online' || request.literal || !resolver.lockfile) return undefined;
  let entries = before.get(resolver);
  if (!entries) before.set(resolver, entries = new Map());
  const key = requestKey(request);
  if (!entries.has(key)) entries.set(key, resolver.lockfile.get(request));
  return entries.get(key);
}

/** The notice when the registry's pick for `request` is newer than the `locked` entry; undefined otherwise. */
export function newerThanLocked(request: ChartRequest, locked: LockEntry | undefined, resolved: ResolvedChart): string | undefined {
  if (!locked || locked.version === resolved.version) return undefined;
  const rule = requestRules(request).parseVersion;
  const was = tryParseFluxVersion(locked.version, rule);
  const now = tryParseFluxVersion(resolved.version, rule);
  if (!was || !now || now.compare(was) <= 0) return undefined;
  return `chart ${request.reference} '${locked.constraint}': ${resolved.version} is the newest version the constraint allows; `
    + `the lockfile had ${locked.version} (an online check locks the newest)`;
}
