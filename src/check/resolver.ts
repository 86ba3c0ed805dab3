import { join, resolve as resolvePath } from 'node:path';
import { ContentCache } from './content-cache';
import { ContentOutcome, ContentTarget } from './content-fetch';
import { contentCacheOf, contentFromCache, ContentSettings, contentTargetOf } from './content-stage';
import { Lockfile, LOCKFILE_NAME } from './lockfile';
import { ResolveMode, resolveModeFromEnv } from './mode';
import { OnlineLookup, OnlineLookupOptions } from './online-lookup';
import { ResolutionOutcome } from './outcome';
import { finishResolution, planResolution, ResolutionReport } from './plan';
import { accessKey, ChartRequest, requestKey } from './request';
import { LookupWorkerInput, LookupWorkerOutput, received } from './sync/lookup-worker';
import { runInWorker } from './sync/run-in-worker';

/** Options for {@link Resolver}. */
export interface ResolverOptions extends OnlineLookupOptions, ContentSettings {
  /**
   * The program's mode; `FLUX_OCI_RESOLVE` (read from `env`) overrides it,
   * so CI can force `locked` whatever the program says.
   * @default 'auto'
   */
  readonly mode?: ResolveMode;
  /**
   * Lockfile path, or `false` for none.
   * @default - `flux-oci.lock.json` in the working directory
   */
  readonly lockfile?: string | false;
  /**
   * How long {@link Resolver.resolveSync} blocks for all lookups together, in ms.
   * @default 300000
   */
  readonly deadlineMs?: number;
}

/** The lockfile an options object names, loaded. */
export function lockfileOf(options: { lockfile?: string | false }, cwd = process.cwd()): Lockfile | undefined {
  if (options.lockfile === false) return undefined;
  return Lockfile.load(options.lockfile ?? join(cwd, LOCKFILE_NAME));
}

/** What a batch asks for besides resolution. */
export interface ResolveOptions {
  /**
   * Per request, whether to fetch the layer it resolves to (the chart, or
   * the artifact's content) for the checks that read it.
   * @default - no content
   */
  readonly content?: readonly boolean[];
}

/** A batch's report, with the content asked for (`undefined` where none was, or the request did not resolve). */
export interface ContentReport extends ResolutionReport {
  readonly content: readonly (ContentOutcome | undefined)[];
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
    const lockfile = options.lockfile === false ? false : resolvePath(options.lockfile ?? LOCKFILE_NAME);
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
    this.lock = lockfileOf(options);
    this.cache = contentCacheOf(options, options.env);
  }

  /** The lockfile in use, if any. */
  public get lockfile(): Lockfile | undefined {
    return this.lock;
  }

  /**
   * Resolves a batch: the lockfile first (as the mode allows), then every
   * remaining lookup concurrently; with `options.content`, then the layer
   * each asked-for request resolved to (cache first; only `auto` and
   * `online` go to the registry).
   */
  public async resolve(requests: readonly ChartRequest[], options: ResolveOptions = {}): Promise<ContentReport> {
    const plan = planResolution(requests, this.mode, this.lock);
    const content: (ContentOutcome | undefined)[] = requests.map(() => undefined);
    const pending = new Set(plan.pending);
    const wanted = requests.map((_, i) => options.content?.[i] === true);
    if (!pending.size && !wanted.some(Boolean)) {
      return { ...finishResolution(requests, this.mode, this.lock, plan.outcomes, 0), content };
    }
    const lookup = new OnlineLookup(this.options);
    try {
      await Promise.all(requests.map(async (request, i) => {
        if (pending.has(i)) plan.outcomes[i] = await lookup.resolve(request);
        const target = wanted[i] ? contentTargetOf(request, plan.outcomes[i]) : undefined;
        if (!target) return;
        const limits = this.options.contentLimits;
        content[i] = contentFromCache(this.cache, target, this.mode, limits) ?? await lookup.content(target, this.cache, limits);
      }));
      return { ...finishResolution(requests, this.mode, this.lock, plan.outcomes, lookup.requests), content };
    } finally {
      await lookup.close();
    }
  }

  /**
   * {@link resolve} for synchronous callers: the lockfile and the content
   * cache are read (and the lockfile written) on this thread; only lookups
   * and fetches they cannot answer go to a worker thread, which this thread
   * waits for (at most `deadlineMs`).
   */
  public resolveSync(requests: readonly ChartRequest[], options: ResolveOptions = {}): ContentReport {
    const plan = planResolution(requests, this.mode, this.lock);
    const content: (ContentOutcome | undefined)[] = requests.map(() => undefined);
    const fetches: { index: number; target: ContentTarget }[] = [];
    requests.forEach((request, i) => {
      const target = options.content?.[i] ? contentTargetOf(request, plan.outcomes[i]) : undefined;
      if (!target) return;
      content[i] = contentFromCache(this.cache, target, this.mode, this.options.contentLimits);
      if (!content[i]) fetches.push({ index: i, target });
    });
    let registryRequests = 0;
    if (plan.pending.length || fetches.length) {
      const input: LookupWorkerInput = {
        requests: plan.pending.map((i) => requests[i]),
        contentAfter: plan.pending.map((i) => options.content?.[i] === true),
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
      const output = runInWorker<LookupWorkerInput, LookupWorkerOutput>(entry, input, this.options.deadlineMs ?? 300_000);
      plan.pending.forEach((i, n) => {
        plan.outcomes[i] = output.outcomes[n];
        content[i] = received(output.contentAfter[n]);
      });
      fetches.forEach((f, n) => { content[f.index] = received(output.fetched[n]); });
      registryRequests = output.registryRequests;
    }
    return { ...finishResolution(requests, this.mode, this.lock, plan.outcomes, registryRequests), content };
  }

  /**
   * The layer a resolved request points at (Pulumi, the CLI): the cache,
   * else the registry as the mode allows; each distinct layer fetched once
   * per resolver.
   */
  public content(target: ContentTarget): Promise<ContentOutcome> {
    const key = [target.subject, target.reference, target.digest, accessKey(target.access)].join('\n');
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
    const lookup = new OnlineLookup(this.options);
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

function effectiveMode(options: ResolverOptions): ResolveMode {
  return resolveModeFromEnv(options.env ?? process.env, options.mode ?? 'auto');
}
