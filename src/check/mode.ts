import { existsSync } from 'node:fs';
import { InvalidResolveModeError } from './errors';

/**
 * How synth talks to registries (`FLUX_OCI_RESOLVE`):
 * - `auto` (default): reuse lockfile entries, look up what the lockfile lacks, add it;
 * - `online`: look everything up again and refresh those entries (entries
 *   other programs use stay; only `flux-oci lock --prune` removes entries);
 * - `locked`: the lockfile only, no network; a missing entry fails (CI);
 * - `verify`: `locked`, and each entry used is checked online: its tag must
 *   still have its digest (CI: a lockfile edit cannot redirect a deployment);
 * - `off`: no checks; lockfile entries are still used for `pin`.
 */
export type ResolveMode = 'auto' | 'online' | 'locked' | 'verify' | 'off';
export const RESOLVE_MODES: readonly ResolveMode[] = ['auto', 'online', 'locked', 'verify', 'off'];

/** The mode `FLUX_OCI_RESOLVE` selects, else `fallback`. The only reader of `FLUX_OCI_RESOLVE`. */
export function resolveModeFromEnv(env: NodeJS.ProcessEnv, fallback: ResolveMode = 'auto'): ResolveMode {
  const value = env.FLUX_OCI_RESOLVE?.trim();
  if (value === undefined || value === '') return fallback;
  if ((RESOLVE_MODES as readonly string[]).includes(value)) return value as ResolveMode;
  throw new InvalidResolveModeError(`FLUX_OCI_RESOLVE='${value}' is not a mode; use one of ${RESOLVE_MODES.join(', ')}`);
}

/** The mode a check runs in: `FLUX_OCI_RESOLVE` (from `env`, else the process's) when set, else the program's `mode`, else 'auto'. */
export function effectiveMode(options: { readonly mode?: ResolveMode; readonly env?: NodeJS.ProcessEnv }): ResolveMode {
  return resolveModeFromEnv(options.env ?? process.env, options.mode ?? 'auto');
}

/** Whether `mode` may add or refresh lockfile entries. */
export function writesLockfile(mode: ResolveMode): boolean {
  return mode === 'auto' || mode === 'online';
}

/**
 * Whether a check answers every request with nothing: checks off and no
 * lockfile to pin from (none set, or no file there). Known from the mode
 * and the path alone, so a synth with checks off builds no request and
 * loads neither the Resolver nor the lockfile code.
 */
export function checksNothing(mode: ResolveMode, lockfile: string | false): boolean {
  return mode === 'off' && (lockfile === false || !existsSync(lockfile));
}
