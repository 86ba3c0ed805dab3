import { ContentCache } from './content-cache';
import { ContentOutcome, ContentTarget, layerFromCache } from './content-fetch';
import { ResolveMode } from './mode';
import { ResolutionOutcome } from './outcome';
import { ChartRequest } from './request';
import { ContentLimits } from '../archives/content-limits';
import { FluxOciError } from '../foundation/errors';

/**
 * The content stage of the registry check, after resolution: which layer
 * each resolved request needs, and what the cache answers before any
 * network is used. `locked` and `off` never go online: a layer the cache
 * lacks is "not cached", never a pass.
 */

/** Where content is kept and how much is read. Plain data: it crosses into the lookup worker. */
export interface ContentSettings {
  /**
   * The content cache folder, or `false` for none.
   * @default - `$FLUX_OCI_CACHE`, else `$XDG_CACHE_HOME/flux-oci`, else `~/.cache/flux-oci`
   */
  readonly cache?: string | false;
  /**
   * Size bound of the cache in bytes; the least recently used entries go first.
   * @default - `$FLUX_OCI_CACHE_MAX_BYTES`, else 1 GiB
   */
  readonly cacheMaxBytes?: number;
  /**
   * How large a fetched layer and its files may be.
   * @default - Helm's limits: 100 MiB per layer and decompressed, 5 MiB per file
   */
  readonly contentLimits?: ContentLimits;
}

/** The cache the settings name (`env` for the defaults), or undefined when off. */
export function contentCacheOf(settings: ContentSettings, env: NodeJS.ProcessEnv = process.env): ContentCache | undefined {
  return ContentCache.open({ cache: settings.cache, cacheMaxBytes: settings.cacheMaxBytes, env });
}

/** The layer a resolved request points at; undefined when it did not resolve to a digest. */
export function contentTargetOf(request: ChartRequest, outcome: ResolutionOutcome | undefined): ContentTarget | undefined {
  if (!outcome?.ok || !outcome.resolved.digest) return undefined;
  return {
    reference: request.reference,
    digest: outcome.resolved.digest,
    subject: request.subject === 'artifact' ? 'artifact' : 'chart',
    ...(request.subject === 'artifact' && request.layer !== undefined ? { layer: request.layer } : {}),
    ...(request.access ? { access: request.access } : {}),
  };
}

/**
 * What the cache alone answers: the layer, `not-cached` when the mode
 * forbids the network, a failure for a cached manifest that holds no such
 * layer, or undefined when the registry must be asked.
 */
export function contentFromCache(
  cache: ContentCache | undefined, target: ContentTarget, mode: ResolveMode, limits?: ContentLimits,
): ContentOutcome | undefined {
  try {
    const layer = layerFromCache(cache, target, limits);
    if (layer) return { state: 'fetched', layer };
  } catch (e) {
    if (!(e instanceof FluxOciError)) throw e;
    return { state: 'failed', message: e.message };
  }
  if (mode === 'locked' || mode === 'off') {
    return { state: 'not-cached', message: `${target.subject} not cached (FLUX_OCI_RESOLVE=${mode} makes no request); run 'flux-oci lock' to fetch it` };
  }
  return undefined;
}
