import type { ResolveMode } from './mode';
import type { RetryOptions, TimeoutOptions } from '../registry/transport';

/** The registry-check settings both front ends take (cdk8s `FluxOci.configure({ resolve })`, Pulumi `settings.resolve`). */
export interface RegistryCheckSettings {
  /**
   * `auto` reuses the lockfile and looks up what it lacks; `online` looks up
   * everything and rewrites it; `locked` never goes online; `off` skips checks.
   * `FLUX_OCI_RESOLVE` wins when set.
   * @default 'auto'
   */
  readonly mode?: ResolveMode;
  /**
   * The lockfile, or `false` for none.
   * @default - `flux-oci.lock.json` in the working directory
   */
  readonly lockfile?: string | false;
  /** @default - RegistryClient defaults (10 s connect, 60 s per request) */
  readonly timeouts?: TimeoutOptions;
  /** @default - RegistryClient defaults */
  readonly retry?: RetryOptions;
}
