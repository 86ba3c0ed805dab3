import { ContentLimits } from '../../archives/content-limits';
import { ContentCache } from '../content-cache';
import { ContentOutcome, ContentTarget } from '../content-fetch';
import { contentTargetOf } from '../content-stage';
import { OnlineLookup, OnlineLookupOptions } from '../online-lookup';
import { ResolutionOutcome } from '../outcome';
import { ChartRequest } from '../request';

/** What the worker gets: plain data only. */
export interface LookupWorkerInput {
  /** Lookups the lockfile could not answer. */
  readonly requests: readonly ChartRequest[];
  /** Per request, whether to fetch the layer it resolves to. */
  readonly contentAfter: readonly boolean[];
  /** Layers of requests the lockfile answered, missing from the cache. */
  readonly fetches: readonly ContentTarget[];
  readonly options: Pick<OnlineLookupOptions, 'env'> & {
    readonly client?: { readonly timeouts?: object; readonly retry?: object };
    /** The content cache folder the calling thread uses, or false. */
    readonly cache: string | false;
    readonly cacheMaxBytes?: number;
    readonly contentLimits?: ContentLimits;
  };
}

export interface LookupWorkerOutput {
  readonly outcomes: readonly ResolutionOutcome[];
  /** Parallel to `requests`. */
  readonly contentAfter: readonly (ContentOutcome | undefined)[];
  /** Parallel to `fetches`. */
  readonly fetched: readonly ContentOutcome[];
  readonly registryRequests: number;
}

/** Runs in the worker thread: every lookup and fetch concurrently, through one OnlineLookup. */
export async function run(input: LookupWorkerInput): Promise<LookupWorkerOutput> {
  const { cache: dir, cacheMaxBytes, contentLimits, ...options } = input.options;
  const lookup = new OnlineLookup(options as OnlineLookupOptions);
  const cache = dir === false ? undefined : new ContentCache(dir, cacheMaxBytes);
  try {
    const resolved = Promise.all(input.requests.map(async (request, i) => {
      const outcome = await lookup.resolve(request);
      const target = input.contentAfter[i] ? contentTargetOf(request, outcome) : undefined;
      return { outcome, content: target ? await lookup.content(target, cache, contentLimits) : undefined };
    }));
    const fetched = Promise.all(input.fetches.map((target) => lookup.content(target, cache, contentLimits)));
    const answers = await resolved;
    return {
      outcomes: answers.map((a) => a.outcome),
      contentAfter: answers.map((a) => a.content),
      fetched: await fetched,
      registryRequests: lookup.requests,
    };
  } finally {
    await lookup.close();
  }
}

/**
 * A content outcome as it arrives from the worker: structured cloning turns
 * a Buffer into a plain Uint8Array, made a Buffer again (no copy).
 */
export function received(outcome: ContentOutcome | undefined): ContentOutcome | undefined {
  if (outcome?.state !== 'fetched') return outcome;
  const bytes = outcome.layer.bytes as Uint8Array;
  return { state: 'fetched', layer: { ...outcome.layer, bytes: Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength) } };
}
