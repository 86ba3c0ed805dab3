import { join } from 'node:path';
import { Lockfile, LOCKFILE_NAME } from './lockfile';
import { ResolveMode, resolveModeFromEnv } from './mode';
import { OnlineLookup, OnlineLookupOptions } from './online-lookup';
import { finishResolution, planResolution, ResolutionReport } from './plan';
import { ChartRequest } from './request';

/** Options for {@link Resolver}. */
export interface ResolverOptions extends OnlineLookupOptions {
  /** @default - `FLUX_OCI_RESOLVE`, else 'auto' */
  readonly mode?: ResolveMode;
  /**
   * Lockfile path, or `false` for none.
   * @default - `flux-oci.lock.json` in the working directory
   */
  readonly lockfile?: string | false;
}

/** The lockfile an options object names, loaded. */
export function lockfileOf(options: { lockfile?: string | false }, cwd = process.cwd()): Lockfile | undefined {
  if (options.lockfile === false) return undefined;
  return Lockfile.load(options.lockfile ?? join(cwd, LOCKFILE_NAME));
}

/**
 * Checks chart requests against their registries: lockfile first (as the
 * mode allows), then every remaining lookup concurrently, each distinct
 * reference fetched once; failures are collected, never thrown one by one.
 *
 * @example
 * const report = await new Resolver().resolve([{ path: 'cli', reference: 'oci://ghcr.io/acme/charts/web', version: '1.x', ruleSet: 'oci-repository' }]);
 */
export class Resolver {
  public readonly mode: ResolveMode;
  private readonly lock?: Lockfile;

  constructor(private readonly options: ResolverOptions = {}) {
    this.mode = options.mode ?? resolveModeFromEnv(options.env ?? process.env);
    this.lock = lockfileOf(options);
  }

  public async resolve(requests: readonly ChartRequest[]): Promise<ResolutionReport> {
    const plan = planResolution(requests, this.mode, this.lock);
    let registryRequests = 0;
    if (plan.pending.length) {
      const lookup = new OnlineLookup(this.options);
      try {
        const answers = await Promise.all(plan.pending.map((i) => lookup.resolve(requests[i])));
        plan.pending.forEach((i, n) => { plan.outcomes[i] = answers[n]; });
        registryRequests = lookup.requests;
      } finally {
        await lookup.close();
      }
    }
    return finishResolution(requests, this.mode, this.lock, plan.outcomes, registryRequests);
  }
}
