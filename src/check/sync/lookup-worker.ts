import { OnlineLookup, OnlineLookupOptions } from '../online-lookup';
import { ResolutionOutcome } from '../outcome';
import { ChartRequest } from '../request';

/** What the worker gets: plain data only. */
export interface LookupWorkerInput {
  readonly requests: readonly ChartRequest[];
  readonly options: Pick<OnlineLookupOptions, 'env'> & { readonly client?: { readonly timeouts?: object; readonly retry?: object } };
}

export interface LookupWorkerOutput {
  readonly outcomes: readonly ResolutionOutcome[];
  readonly registryRequests: number;
}

/** Runs in the worker thread: every lookup concurrently, through one OnlineLookup. */
export async function run(input: LookupWorkerInput): Promise<LookupWorkerOutput> {
  const lookup = new OnlineLookup(input.options as OnlineLookupOptions);
  try {
    const outcomes = await Promise.all(input.requests.map((r) => lookup.resolve(r)));
    return { outcomes, registryRequests: lookup.requests };
  } finally {
    await lookup.close();
  }
}
