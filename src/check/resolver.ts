import { join, resolve as resolvePath } from 'node:path';
import { ContentCache } from './content-cache';
import { contentKey, ContentOutcome, ContentTarget } from './content-fetch';
import { contentCacheOf, contentFromCache, ContentSettings, contentTargetOf } from './content-stage';
import type { ImagePolicyOutcome, ImagePolicyRequest } from './image-policy-request';
import { recordLockUsage } from './lock-usage';
import { Lockfile, LOCKFILE_NAME } from './lockfile';
import { programDir } from './lockfile-location';
import { effectiveMode, ResolveMode } from './mode';
import type { OnlineLookup, OnlineLookupOptions } from './online-lookup';
import { ResolutionOutcome } from './outcome';
import { applyLookups, finishResolution, planResolution, ResolutionPlan, ResolutionReport } from './plan';
import { accessKey, ChartRequest, requestKey } from './request';
import type { LookupWorkerInput, LookupWorkerOutput } from './sync/lookup-worker';
import type { runInWorker } from './sync/run-in-worker';

/** Options for {@link Resolver}. */
export interface ResolverOptions extends OnlineLookupOptions, ContentSettings {
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
  /**
   * Per request, whether to fetch the layer it resolves to (the chart, or
   * the artifact's content) for the checks that read it.
   * @default - no content
   */
  readonly content?: readonly boolean[];
}

/** Options for one {@link Resolver.resolve} call: {@link ResolveCallOptions} and the ImagePolicies to run alongside. */
export interface ResolveBatchOptions extends ResolveCallOptions {
  /**
   * ImagePolicies to run against their registries in the same batch, through
   * the same clients as the charts (one challenge per registry, one token
   * per scope set, one tag listing per repository and access), when the
   * mode goes online (`auto`, `online`). The lockfile holds no image: an
   * ImagePolicy follows its registry by design, so there is nothing to pin.
   * @default - none
   */
  readonly images?: readonly ImagePolicyRequest[];
}

/** The lockfile's absolute path, or `false`. */
function lockfilePath(options: { lockfile?: string | false }): string | false {
  if (options.lockfile === false) return false;
  return resolvePath(options.lockfile ?? join(programDir(), LOCKFILE_NAME));
}

/** A batch's report, with the content asked for (`undefined` where none was, or the request did not resolve). */
export interface ContentReport extends ResolutionReport {
  /** Per request, its chart or artifact layer (or why it is missing), where `content` asked for it. */
  readonly content: readonly (ContentOutcome | undefined)[];
}

/** A {@link Resolver.resolve} batch's report: {@link ContentReport} and what each ImagePolicy selects. */
export interface BatchReport extends ContentReport {
  /** Per ImagePolicy asked, what image-reflector-controller will select; `undefined` for each when the mode stays off the network. */
  readonly images: readonly (ImagePolicyOutcome | undefined)[];
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
    const key = JSON.stringify([
      mode, lockfile, options.client?.timeouts ?? null, options.client?.retry ?? null, options.cache ?? null, options.contentLimits ?? null,
    ]);
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
  private readonly contents = new Map<string, Promise<ContentOutcome>>();
  private readonly cache?: ContentCache;
  private batch?: PendingBatch;

  constructor(private readonly options: ResolverOptions = {}) {
    this.mode = effectiveMode(options);
    const file = lockfilePath(options);
    this.lock = file === false ? undefined : Lockfile.load(file);
    this.cache = contentCacheOf(options, options.env);
  }

  /** The lockfile in use, if any. */
  public get lockfile(): Lockfile | undefined {
    return this.lock;
  }

  /**
   * Resolves a batch: the lockfile first (as the mode allows), then every
   * remaining lookup concurrently; with `call.content`, then the layer each
   * asked-for request resolved to (cache first; `locked` and `off` never go
   * to the registry); with `call.images`, what each ImagePolicy selects, at
   * the same time and through the same registry clients.
   */
  public async resolve(requests: readonly ChartRequest[], call: ResolveBatchOptions = {}): Promise<BatchReport> {
    const plan = this.plan(requests);
    const content: (ContentOutcome | undefined)[] = requests.map(() => undefined);
    const wanted = requests.map((_, i) => call.content?.[i] === true);
    const images: readonly ImagePolicyRequest[] = this.mode === 'auto' || this.mode === 'online' ? call.images ?? [] : [];
    const notLooked = (call.images ?? []).map(() => undefined);
    // Made on first use: a batch the lockfile and the content cache answer (or an offline one) loads no registry client.
    let lookup: OnlineLookup | undefined;
    const online = (): OnlineLookup => (lookup ??= newOnlineLookup(this.options));
    try {
      const charts = async () => {
        if (plan.lookups.length) {
          const answers = await Promise.all(plan.lookups.map((l) => online().resolve(l.request)));
          applyLookups(requests, plan, answers, this.lock);
        }
        const limits = this.options.contentLimits;
        await Promise.all(requests.map(async (request, i) => {
          const target = wanted[i] ? contentTargetOf(request, plan.outcomes[i]) : undefined;
          if (!target) return;
          content[i] = contentFromCache(this.cache, target, this.mode, limits) ?? await online().content(target, this.cache, limits);
        }));
      };
      const [, selected] = await Promise.all([charts(), Promise.all(images.map((r) => online().latestImage(r)))]);
      return { ...this.finish(requests, plan, lookup?.requests ?? 0, call), content, images: images.length ? selected : notLooked };
    } finally {
      await lookup?.close();
    }
  }

  /**
   * {@link resolve} for synchronous callers: the lockfile and the content
   * cache are read (and the lockfile written) on this thread; only lookups
   * and fetches they cannot answer go to a worker thread, which this thread
   * waits for (at most `deadlineMs`).
   */
  public resolveSync(requests: readonly ChartRequest[], call: ResolveCallOptions = {}): ContentReport {
    const plan = this.plan(requests);
    const content: (ContentOutcome | undefined)[] = requests.map(() => undefined);
    const wanted = (i: number) => call.content?.[i] === true;
    // A plain lookup fetches its layer in the worker right after resolving; a
    // lockfile answer (verified or not) is looked for in the cache first.
    const afterLookup = plan.lookups.map((l) => !l.verifies && wanted(l.index));
    const resolvedByLookup = new Set(plan.lookups.filter((l) => !l.verifies).map((l) => l.index));
    const fetches: { index: number; target: ContentTarget }[] = [];
    requests.forEach((request, i) => {
      if (!wanted(i) || resolvedByLookup.has(i)) return;
      const target = contentTargetOf(request, plan.outcomes[i]);
      if (!target) return;
      content[i] = contentFromCache(this.cache, target, this.mode, this.options.contentLimits);
      if (!content[i]) fetches.push({ index: i, target });
    });
    let registryRequests = 0;
    if (plan.lookups.length || fetches.length) {
      const input: LookupWorkerInput = {
        requests: plan.lookups.map((l) => l.request),
        contentAfter: afterLookup,
        fetches: fetches.map((f) => f.target),
        options: {
          env: { ...(this.options.env ?? process.env) },
          client: { timeouts: this.options.client?.timeouts, retry: this.options.client?.retry },
          cache: this.cache?.dir ?? false,
          cacheMaxBytes: this.cache?.maxBytes,
          contentLimits: this.options.contentLimits,
        },
      };
      const entry = join(__dirname, 'sync', `lookup-worker${__filename.slice(__filename.lastIndexOf('.'))}`);
      const output = workerRunner()<LookupWorkerInput, LookupWorkerOutput>(entry, input, this.options.deadlineMs ?? 300_000);
      applyLookups(requests, plan, output.outcomes, this.lock);
      plan.lookups.forEach((l, n) => {
        if (afterLookup[n]) content[l.index] = receivedFromWorker(output.contentAfter[n]);
      });
      fetches.forEach((f, n) => { content[f.index] = receivedFromWorker(output.fetched[n]); });
      registryRequests = output.registryRequests;
    }
    return { ...this.finish(requests, plan, registryRequests, call), content };
  }

  private plan(requests: readonly ChartRequest[]): ResolutionPlan {
    const lock = this.lock;
    if (lock) recordLockUsage(this.options.env ?? process.env, lock.file, requests, () => lock.entries());
    return planResolution(requests, this.mode, this.lock);
  }

  private finish(requests: readonly ChartRequest[], plan: ResolutionPlan, registryRequests: number, call: ResolveCallOptions): ResolutionReport {
    const report = finishResolution(requests, this.mode, this.lock, plan.outcomes, registryRequests);
    if (call.deferLockfileWrite || !this.lock || report.failures.length) return report;
    return { ...report, lockfileWritten: this.lock.save() };
  }

  /**
   * The layer a resolved request points at (Pulumi, the CLI): the cache,
   * else the registry as the mode allows; each distinct layer fetched once
   * per resolver.
   */
  public content(target: ContentTarget): Promise<ContentOutcome> {
    const key = contentKey(target);
    let outcome = this.contents.get(key);
    if (!outcome) {
      outcome = this.fetchContent(target);
      this.contents.set(key, outcome);
    }
    return outcome;
  }

  private async fetchContent(target: ContentTarget): Promise<ContentOutcome> {
    const cached = contentFromCache(this.cache, target, this.mode, this.options.contentLimits);
    if (cached) return cached;
    const lookup = newOnlineLookup(this.options);
    try {
      return await lookup.content(target, this.cache, this.options.contentLimits);
    } finally {
      await lookup.close();
    }
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

/**
 * The registry client (undici, auth, archives) and the worker's helpers,
 * loaded when a batch first needs the registry: a synth answered by the
 * lockfile, or with lookups off, never loads them.
 */
function newOnlineLookup(options: ResolverOptions): OnlineLookup {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- loaded on first use, see above
  const { OnlineLookup: Lookup } = require('./online-lookup') as typeof import('./online-lookup');
  return new Lookup(options);
}

/**
 * The worker bridge (node:worker_threads and six more Node modules), loaded
 * when a synchronous batch first has a lookup to make: a synth answered by
 * the lockfile, or with checks off, never starts a worker.
 */
function workerRunner(): typeof runInWorker {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- loaded on first use, see above
  return (require('./sync/run-in-worker') as typeof import('./sync/run-in-worker')).runInWorker;
}

function receivedFromWorker(outcome: ContentOutcome | undefined): ContentOutcome | undefined {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- loaded with the worker's answer, see newOnlineLookup
  return (require('./sync/lookup-worker') as typeof import('./sync/lookup-worker')).received(outcome);
}
