import { join } from 'node:path';
import { LookupWorkerInput, LookupWorkerOutput } from './lookup-worker';
import { runInWorker } from './run-in-worker';
import { RetryOptions, TimeoutOptions } from '../../registry/transport';
import { ResolveMode, resolveModeFromEnv } from '../mode';
import { finishResolution, planResolution, ResolutionReport } from '../plan';
import { ChartRequest } from '../request';
import { lockfileOf } from '../resolver';

/** Options for {@link resolveSync}; plain data, since lookups run in a worker. */
export interface ResolveSyncOptions {
  /** @default - `FLUX_OCI_RESOLVE`, else 'auto' */
  readonly mode?: ResolveMode;
  /** @default - `flux-oci.lock.json` in the working directory */
  readonly lockfile?: string | false;
  /** @default process.env */
  readonly env?: NodeJS.ProcessEnv;
  /** @default - RegistryClient defaults */
  readonly timeouts?: TimeoutOptions;
  /** @default - RegistryClient defaults */
  readonly retry?: RetryOptions;
  /** How long to block for all lookups together. @default 300000 */
  readonly deadlineMs?: number;
}

/**
 * The resolver for synchronous callers (`app.synth()`, `cdk8s synth`): the
 * lockfile is read and written on this thread; only lookups it cannot
 * answer go to a worker thread, which this thread waits for.
 */
export function resolveSync(requests: readonly ChartRequest[], options: ResolveSyncOptions = {}): ResolutionReport {
  const env = options.env ?? process.env;
  const mode = options.mode ?? resolveModeFromEnv(env);
  const lock = lockfileOf(options);
  const plan = planResolution(requests, mode, lock);
  let registryRequests = 0;
  if (plan.pending.length) {
    const input: LookupWorkerInput = {
      requests: plan.pending.map((i) => requests[i]),
      options: { env: { ...env }, client: { timeouts: options.timeouts, retry: options.retry } },
    };
    const entry = join(__dirname, `lookup-worker${__filename.slice(__filename.lastIndexOf('.'))}`);
    const output = runInWorker<LookupWorkerInput, LookupWorkerOutput>(entry, input, options.deadlineMs ?? 300_000);
    plan.pending.forEach((i, n) => { plan.outcomes[i] = output.outcomes[n]; });
    registryRequests = output.registryRequests;
  }
  return finishResolution(requests, mode, lock, plan.outcomes, registryRequests);
}
