import { lockfileMismatchFailure, notLockedFailure, unverifiedEntryFailure } from './failure';
import { LockEntry, Lockfile } from './lockfile';
import { ResolveMode, writesLockfile } from './mode';
import { ResolutionFailure, ResolutionOutcome } from './outcome';
import { ChartRequest, requestKey, requestRules } from './request';
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
  /**
   * Whether the lockfile was written. `false` also when the write was
   * deferred (cdk8s writes it after every construct validated).
   */
  readonly lockfileWritten: boolean;
}

/** One registry lookup a plan needs. */
export interface PlannedLookup {
  /** Index of the request it answers. */
  readonly index: number;
  /** What to look up: the request, or (mode `verify`) the locked tag as written. */
  readonly request: ChartRequest;
  /** Mode `verify`: the entry whose tag must still have its digest, and its key. */
  readonly verifies?: { readonly entry: LockEntry; readonly key: string };
}

/** What the lockfile answers, and which lookups must go to the registry. */
export interface ResolutionPlan {
  readonly outcomes: (ResolutionOutcome | undefined)[];
  readonly lookups: PlannedLookup[];
}

/** Step 1, synchronous: answer what the lockfile can, as `mode` allows. */
export function planResolution(requests: readonly ChartRequest[], mode: ResolveMode, lock: Lockfile | undefined): ResolutionPlan {
  const outcomes: (ResolutionOutcome | undefined)[] = [];
  const lookups: PlannedLookup[] = [];
  requests.forEach((request, index) => {
    const entry = mode === 'online' ? undefined : lock?.get(request);
    if (entry && matches(request, entry)) {
      outcomes.push({ ok: true, resolved: { version: entry.version, tag: entry.tag, digest: entry.digest }, from: 'lockfile' });
      if (mode === 'verify') lookups.push({ index, request: lockedTagRequest(request, entry), verifies: { entry, key: requestKey(request) } });
    } else if (mode === 'locked' || mode === 'verify') {
      outcomes.push({ ok: false, failure: notLockedFailure(request, lock?.file ?? 'the lockfile', mode) });
    } else if (mode === 'off') {
      outcomes.push(undefined);
    } else {
      outcomes.push(undefined);
      lookups.push({ index, request });
    }
  });
  return { outcomes, lookups };
}

/**
 * Step 2, synchronous: put the registry's answers into the plan. A
 * verified entry keeps its lockfile outcome when the tag still has the
 * locked digest, and fails naming the entry otherwise.
 */
export function applyLookups(
  requests: readonly ChartRequest[], plan: ResolutionPlan, answers: readonly ResolutionOutcome[], lock: Lockfile | undefined,
): void {
  const file = lock?.file ?? 'the lockfile';
  plan.lookups.forEach(({ index, verifies }, n) => {
    const answer = answers[n];
    if (!verifies) {
      plan.outcomes[index] = answer;
      return;
    }
    const locked = { file, ...verifies };
    if (!answer.ok) {
      plan.outcomes[index] = { ok: false, failure: unverifiedEntryFailure(requests[index], locked, answer.failure) };
    } else if (answer.resolved.digest !== verifies.entry.digest) {
      plan.outcomes[index] = { ok: false, failure: lockfileMismatchFailure(requests[index], locked, answer.resolved.digest) };
    }
  });
}

/**
 * Step 3, synchronous: record registry answers in the lockfile (only when
 * every request succeeded, so a failed run changes no entry). Writing the
 * file is the caller's step, after everything else passed.
 */
export function finishResolution(
  requests: readonly ChartRequest[], mode: ResolveMode, lock: Lockfile | undefined,
  outcomes: readonly (ResolutionOutcome | undefined)[], registryRequests: number,
): ResolutionReport {
  const failures = outcomes.flatMap((o) => (o && !o.ok ? [o.failure] : []));
  if (lock && failures.length === 0 && writesLockfile(mode)) {
    outcomes.forEach((o, i) => {
      if (o?.ok && o.from === 'registry' && o.resolved.digest) lock.set(requests[i], { ...o.resolved, digest: o.resolved.digest });
    });
  }
  return { outcomes, failures, registryRequests, lockfileWritten: false };
}

/** The locked tag (or digest) looked up as written, for mode `verify`. */
function lockedTagRequest(request: ChartRequest, entry: LockEntry): ChartRequest {
  const { semverFilter: _filter, ...rest } = request;
  return { ...rest, version: entry.tag, literal: true };
}

// A hand-edited entry that no longer satisfies its constraint, or whose
// version is not what its tag reads as, is not reused.
function matches(request: ChartRequest, entry: LockEntry): boolean {
  if (request.literal) return entry.tag === request.version && entry.version === request.version;
  try {
    const selection = selectTag({
      tags: [entry.tag],
      constraint: request.version,
      ruleSet: request.ruleSet,
      semverFilter: request.semverFilter,
      rules: requestRules(request),
      helmChartLayer: request.subject !== 'artifact',
      alwaysRange: request.subject === 'artifact',
    });
    return selection.matched && selection.version === entry.version;
  } catch {
    return false;
  }
}
