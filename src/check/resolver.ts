import { join, resolve as resolvePath } from 'node:path';
import { recordLockUsage } from './lock-usage';
import { Lockfile, LOCKFILE_NAME } from './lockfile';
import { programDir } from './lockfile-location';
import { ResolveMode, resolveModeFromEnv } from './mode';
import { OnlineLookup, OnlineLookupOptions } from './online-lookup';
import { ResolutionOutcome } from './outcome';
import { applyLookups, finishResolution, planResolution, ResolutionPlan, ResolutionReport } from './plan';
import { accessKey, ChartRequest, requestKey } from './request';
import { LookupWorkerInput, LookupWorkerOutput } from './sync/lookup-worker';
import { runInWorker } from './sync/run-in-worker';

/** Options for {@link Resolver}. */
export interface ResolverOptions extends OnlineLookupOptions {
  /**
   * The program's mode; `FLUX_OCI_RESOLVE` (read from `env`) overrides it,
   * so CI can force `locked` whatever the program says.
   * @default 'auto'
   */
  readonly mode?: ResolveMode;
  /**
   * Lockfile path (relative to the working directory), or `false` for none.
   * The front ends pass the file beside the program (cdk8s: the folder of
   * `cdk8s.yaml`; Pulumi: of `Pulumi.yaml`).
   * @default - `flux-oci.lock.json` in the folder of the entry script
   */
  readonly lockfile?: string | false;
  /**
   * How long {@link Resolver.resolveSync} blocks for all lookups together, in ms.
   * @default 300000
   */
  readonly deadlineMs?: number;
}

/** Options for one {@link Resolver.resolve} or {@link Resolver.resolveSync} call. */
export interface ResolveCallOptions {
  /**
   * Record what the registry answered in the lockfile without writing it;
   * the caller calls `resolver.lockfile.save()` once everything else has
   * passed (cdk8s: after every construct validated).
   * @default false
   */
  readonly deferLockfileWrite?: boolean;
}

/** The lockfile's absolute path, or `false`. */
function lockfilePath(options: { lockfile?: string | false }): string | false {
  if (options.lockfile === false) return false;
  return resolvePath(options.lockfile ?? join(programDir(), LOCKFILE_NAME));
}

/** Requests waiting for the next batch of {@link Resolver.check}. */
interface PendingBatch {
  readonly requests: ChartRequest[];
  readonly outcomes: Promise<readonly (ResolutionOutcome | undefined)[]>;
}

/**
 * The registry check, the one pipeline every front end uses: the mode
 * (`FLUX_OCI_RESOLVE` over the program's setting), the lockfile first (as
 * the mode allows), then every remaining lookup concurrently, each distinct
 * reference fetched once; failures are collected, never thrown one by one,
 * and the lockfile is written only when all of them succeeded.
 *
 * - {@link resolve}: a batch, awaited (`resolveApp`, the CLI, scripts);
 * - {@link resolveSync}: a batch for synchronous callers (`app.synth()`,
 *   `cdk8s synth`), lookups in a worker thread this thread waits for;
 * - {@link check}: one request, batched with the others of the same turn of
 *   the event loop and shared with identical ones (Pulumi, where each
 *   release resolves when its inputs do).
 *
 * @example
 * const report = await new Resolver().resolve([{ path: 'cli', reference: 'oci://ghcr.io/acme/charts/web', version: '1.x', ruleSet: 'oci-repository' }]);
 */
export class Resolver {
  /**
   * The resolver for these options, one per process: releases checked
   * through it share one lockfile instance and one lookup per distinct request.
   */
  public static shared(options: ResolverOptions = {}): Resolver {
    const mode = effectiveMode(options);
    const lockfile = lockfilePath(options);
    const key = JSON.stringify([mode, lockfile, options.client?.timeouts ?? null, options.client?.retry ?? null]);
    let resolver = sharedResolvers.get(key);
    if (!resolver) {
      resolver = new Resolver({ ...options, mode, lockfile });
      sharedResolvers.set(key, resolver);
    }
    return resolver;
  }

  /** The mode in effect: `FLUX_OCI_RESOLVE` when set, else the program's `mode`, else 'auto'. */
  public readonly mode: ResolveMode;
  private readonly lock?: Lockfile;
  private readonly checks = new Map<string, Promise<ResolutionOutcome | undefined>>();
  private batch?: PendingBatch;

  constructor(private readonly options: ResolverOptions = {}) {
    this.mode = effectiveMode(options);
    const file = lockfilePath(options);
    this.lock = file === false ? undefined : Lockfile.load(file);
  }

  /** The lockfile in use, if any. */
  public get lockfile(): Lockfile | undefined {
    return this.lock;
  }

  public async resolve(requests: readonly ChartRequest[], call: ResolveCallOptions = {}): Promise<ResolutionReport> {
    const plan = this.plan(requests);
    let registryRequests = 0;
    if (plan.lookups.length) {
      const lookup = new OnlineLookup(this.options);
      try {
        const answers = await Promise.all(plan.lookups.map((l) => lookup.resolve(l.request)));
        applyLookups(requests, plan, answers, this.lock);
        registryRequests = lookup.requests;
      } finally {
        await lookup.close();
      }
    }
    return this.finish(requests, plan, registryRequests, call);
  }

  /**
   * {@link resolve} for synchronous callers: the lockfile is read and written
   * on this thread; only lookups it cannot answer go to a worker thread,
   * which this thread waits for (at most `deadlineMs`).
   */
  public resolveSync(requests: readonly ChartRequest[], call: ResolveCallOptions = {}): ResolutionReport {
    const plan = this.plan(requests);
    let registryRequests = 0;
    if (plan.lookups.length) {
      const input: LookupWorkerInput = {
        requests: plan.lookups.map((l) => l.request),
        options: {
          env: { ...(this.options.env ?? process.env) },
          client: { timeouts: this.options.client?.timeouts, retry: this.options.client?.retry },
        },
      };
      const entry = join(__dirname, 'sync', `lookup-worker${__filename.slice(__filename.lastIndexOf('.'))}`);
      const output = runInWorker<LookupWorkerInput, LookupWorkerOutput>(entry, input, this.options.deadlineMs ?? 300_000);
      applyLookups(requests, plan, output.outcomes, this.lock);
      registryRequests = output.registryRequests;
    }
    return this.finish(requests, plan, registryRequests, call);
  }

  private plan(requests: readonly ChartRequest[]): ResolutionPlan {
    const lock = this.lock;
    if (lock) recordLockUsage(this.options.env ?? process.env, lock.file, requests.map(requestKey), () => lock.entries());
    return planResolution(requests, this.mode, this.lock);
  }

  private finish(requests: readonly ChartRequest[], plan: ResolutionPlan, registryRequests: number, call: ResolveCallOptions): ResolutionReport {
    const report = finishResolution(requests, this.mode, this.lock, plan.outcomes, registryRequests);
    if (call.deferLockfileWrite || !this.lock || report.failures.length) return report;
    return { ...report, lockfileWritten: this.lock.save() };
  }

  /**
   * One request, checked with the others asked in the same turn of the
   * event loop (one tag listing per repository, one lockfile write that
   * keeps every entry); identical requests reached the same way share one
   * lookup. `undefined` when checks are off.
   */
  public check(request: ChartRequest): Promise<ResolutionOutcome | undefined> {
    const key = [requestKey(request), request.pin ?? 'none', accessKey(request.access)].join('\n');
    let outcome = this.checks.get(key);
    if (!outcome) {
      outcome = this.enqueue(request);
      this.checks.set(key, outcome);
    }
    return outcome;
  }

  private async enqueue(request: ChartRequest): Promise<ResolutionOutcome | undefined> {
    let batch = this.batch;
    if (!batch) {
      const requests: ChartRequest[] = [];
      const outcomes = new Promise<void>((resolve) => setImmediate(resolve)).then(async () => {
        this.batch = undefined;
        return (await this.resolve(requests)).outcomes;
      });
      batch = { requests, outcomes };
      this.batch = batch;
    }
    const index = batch.requests.push(request) - 1;
    return (await batch.outcomes)[index];
  }
}

const sharedResolvers = new Map<string, Resolver>();

function effectiveMode(options: ResolverOptions): ResolveMode {
  return resolveModeFromEnv(options.env ?? process.env, options.mode ?? 'auto');
}
