import { RetryOptions, TimeoutOptions } from '../../registry/transport';
import { ResolveMode } from '../mode';
import { ResolutionReport } from '../plan';
import { ChartRequest } from '../request';
import { Resolver } from '../resolver';

/** Options for {@link resolveSync}; plain data, since lookups run in a worker. */
export interface ResolveSyncOptions {
  /** The program's mode; `FLUX_OCI_RESOLVE` overrides it. @default 'auto' */
  readonly mode?: ResolveMode;
  /** @default - `flux-oci.lock.json` in the folder of the entry script */
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
 * The registry check for synchronous callers (`app.synth()`, `cdk8s synth`):
 * {@link Resolver.resolveSync} with these options.
 */
export function resolveSync(requests: readonly ChartRequest[], options: ResolveSyncOptions = {}): ResolutionReport {
  const { timeouts, retry, ...rest } = options;
  return new Resolver({ ...rest, client: { timeouts, retry } }).resolveSync(requests);
}
