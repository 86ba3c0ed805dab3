import { resolve as resolvePath } from 'node:path';
import type { ChartResolver } from './resolution';
import { LOCKFILE_NAME } from '../check/lockfile';
import { ResolveMode, resolveModeFromEnv } from '../check/mode';
import type { ResolutionOutcome } from '../check/outcome';
import { releaseChartRequest } from '../check/release-request';
import { accessKey, ChartRequest, requestKey } from '../check/request';
import { ResolutionError } from '../check/resolution-error';
import { Resolver } from '../check/resolver';
import type { RegistryCheckSettings } from '../check/settings';
import { compact } from '../model/kube-object';

/** How the registry check runs under Pulumi: the cdk8s front end's `resolve` settings, plus the CA to trust. */
export interface ResolveSettings extends RegistryCheckSettings {
  /**
   * PEM CA bundle the check trusts besides the system roots: the CA of the
   * source's `certSecret`, which lives in the cluster and cannot be read here.
   * @default - system roots only
   */
  readonly caCert?: string;
}

// One Resolver (one lockfile instance) per effective settings, and one
// lookup per distinct request, for the whole Pulumi program.
const resolvers = new Map<string, Resolver>();
const lookups = new Map<string, Promise<ResolutionOutcome | undefined>>();

/**
 * A ChartResolver that checks the release against its registry with the
 * resolver the cdk8s front end uses: lockfile first, then the registry.
 * The mode is read when a release resolves, so `FLUX_OCI_RESOLVE` (the
 * operator's knob, e.g. `locked` in CI) wins over `settings.mode`.
 *
 * A failed lookup rejects with `[<resource name>] <the registry's answer>`;
 * credentials only reach the registry client, never the message.
 */
export function registryChartResolver(settings: ResolveSettings = {}): ChartResolver {
  return async (spec, context) => {
    const mode = resolveModeFromEnv(process.env, settings.mode ?? 'auto');
    const access = compact({ credentials: context.credentials, insecure: spec.source.insecure, caPem: settings.caCert });
    const request = releaseChartRequest(context.path, spec, access, context.target);
    // Releases asking the same thing the same way share one lookup; each failure names its own release.
    const key = [resolverKey(settings, mode), requestKey(request), request.pin ?? 'none', accessKey(request.access)].join('\n');
    let lookup = lookups.get(key);
    if (!lookup) {
      lookup = resolveOne(sharedResolver(settings, mode), request);
      lookups.set(key, lookup);
    }
    const outcome = await lookup;
    if (outcome && !outcome.ok) throw new ResolutionError([{ ...outcome.failure, path: context.path }]);
    return outcome?.ok ? outcome.resolved : undefined;
  };
}

/** Requests waiting for the next batch of one resolver. */
interface PendingBatch {
  readonly requests: ChartRequest[];
  readonly outcomes: Promise<readonly (ResolutionOutcome | undefined)[]>;
}
const batches = new Map<Resolver, PendingBatch>();

/**
 * Releases whose inputs resolve in the same turn of the event loop are
 * checked in one call: one tag listing per repository, and one lockfile
 * write that keeps every entry (`online` mode retains only what a call asked).
 */
async function resolveOne(resolver: Resolver, request: ChartRequest): Promise<ResolutionOutcome | undefined> {
  let batch = batches.get(resolver);
  if (!batch) {
    const requests: ChartRequest[] = [];
    const outcomes = new Promise<void>((resolve) => setImmediate(resolve)).then(async () => {
      batches.delete(resolver);
      return (await resolver.resolve(requests)).outcomes;
    });
    batch = { requests, outcomes };
    batches.set(resolver, batch);
  }
  const index = batch.requests.push(request) - 1;
  return (await batch.outcomes)[index];
}

function sharedResolver(settings: ResolveSettings, mode: ResolveMode): Resolver {
  const key = resolverKey(settings, mode);
  let resolver = resolvers.get(key);
  if (!resolver) {
    resolver = new Resolver({
      mode,
      lockfile: typeof settings.lockfile === 'string' ? resolvePath(settings.lockfile) : settings.lockfile,
      client: { timeouts: settings.timeouts, retry: settings.retry },
    });
    resolvers.set(key, resolver);
  }
  return resolver;
}

function resolverKey(settings: ResolveSettings, mode: ResolveMode): string {
  const lockfile = settings.lockfile === false ? false : resolvePath(settings.lockfile ?? LOCKFILE_NAME);
  return JSON.stringify([mode, lockfile, settings.timeouts ?? null, settings.retry ?? null]);
}
