import { InvalidResolveModeError } from './errors';

/**
 * How synth talks to registries (`FLUX_OCI_RESOLVE`):
 * - `auto` (default): reuse lockfile entries, look up what the lockfile lacks, add it;
 * - `online`: look everything up again and rewrite the lockfile;
 * - `locked`: the lockfile only, no network; a missing entry fails (CI);
 * - `off`: no checks; lockfile entries are still used for `pin`.
 */
export type ResolveMode = 'auto' | 'online' | 'locked' | 'off';
export const RESOLVE_MODES: readonly ResolveMode[] = ['auto', 'online', 'locked', 'off'];

/** The mode `FLUX_OCI_RESOLVE` selects, else `fallback`. */
export function resolveModeFromEnv(env: NodeJS.ProcessEnv, fallback: ResolveMode = 'auto'): ResolveMode {
  const value = env.FLUX_OCI_RESOLVE?.trim();
  if (value === undefined || value === '') return fallback;
  if ((RESOLVE_MODES as readonly string[]).includes(value)) return value as ResolveMode;
  throw new InvalidResolveModeError(`FLUX_OCI_RESOLVE='${value}' is not a mode; use one of ${RESOLVE_MODES.join(', ')}`);
}
