import { notLockedFailure } from './failure';
import { Lockfile } from './lockfile';
import { ResolveMode } from './mode';
import { ResolutionFailure, ResolutionOutcome } from './outcome';
import { ChartRequest, requestRules } from './request';
import { selectTag } from '../versions/select/select-tag';

/**
 * The outcome per request, in request order; `undefined` where nothing was
 * checked (`FLUX_OCI_RESOLVE=off` without a lockfile entry).
 */
export interface ResolutionReport {
  /** One outcome per request, in order; undefined where checks are off. */
  readonly outcomes: readonly (ResolutionOutcome | undefined)[];
  /** The failed lookups, every one of them. */
  readonly failures: readonly ResolutionFailure[];
  /** Registry requests made (token requests and retries included); 0 when all came from the lockfile. */
  readonly registryRequests: number;
  /** Whether the lockfile was written. */
  readonly lockfileWritten: boolean;
}

/** What the lockfile answers, and which requests must go to the registry. */
export interface ResolutionPlan {
  readonly outcomes: (ResolutionOutcome | undefined)[];
  /** Indexes into the requests that need a registry lookup. */
  readonly pending: number[];
}

/** Step 1, synchronous: answer what the lockfile can, as `mode` allows. */
export function planResolution(requests: readonly ChartRequest[], mode: ResolveMode, lock: Lockfile | undefined): ResolutionPlan {
  const outcomes: (ResolutionOutcome | undefined)[] = [];
  const pending: number[] = [];
  requests.forEach((request, i) => {
    const entry = mode === 'online' ? undefined : lock?.get(request);
    if (entry && satisfies(request, entry.tag)) {
      outcomes.push({ ok: true, resolved: { version: entry.version, tag: entry.tag, digest: entry.digest }, from: 'lockfile' });
    } else if (mode === 'locked') {
      outcomes.push({ ok: false, failure: notLockedFailure(request, lock?.file ?? 'the lockfile') });
    } else if (mode === 'off') {
      outcomes.push(undefined);
    } else {
      outcomes.push(undefined);
      pending.push(i);
    }
  });
  return { outcomes, pending };
}

/**
 * Step 3, synchronous: record registry answers in the lockfile and write it
 * (only when every request succeeded, so a failed synth changes no file).
 */
export function finishResolution(
  requests: readonly ChartRequest[], mode: ResolveMode, lock: Lockfile | undefined,
  outcomes: readonly (ResolutionOutcome | undefined)[], registryRequests: number,
): ResolutionReport {
  const failures = outcomes.flatMap((o) => (o && !o.ok ? [o.failure] : []));
  let lockfileWritten = false;
  if (lock && failures.length === 0 && (mode === 'auto' || mode === 'online')) {
    outcomes.forEach((o, i) => {
      if (o?.ok && o.from === 'registry' && o.resolved.digest) lock.set(requests[i], { ...o.resolved, digest: o.resolved.digest });
    });
    if (mode === 'online') lock.retain(requests);
    lockfileWritten = lock.save();
  }
  return { outcomes, failures, registryRequests, lockfileWritten };
}

// A hand-edited entry that no longer satisfies its constraint is not reused.
function satisfies(request: ChartRequest, tag: string): boolean {
  if (request.literal) return tag === request.version;
  try {
    return selectTag({
      tags: [tag],
      constraint: request.version,
      ruleSet: request.ruleSet,
      semverFilter: request.semverFilter,
      rules: requestRules(request),
      helmChartLayer: request.subject !== 'artifact',
      alwaysRange: request.subject === 'artifact',
    }).matched;
  } catch {
    return false;
  }
}
