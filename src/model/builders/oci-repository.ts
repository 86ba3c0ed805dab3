import { KubeManifest, compact } from '../kube-object';
import type { ChartReleaseSpec } from '../release';
import { ResolvedChart } from '../resolution';
import { DEFAULT_SOURCE_INTERVAL, OciRegistryAccess } from '../source';
import { Target } from '../target';
import { ociRepositoryVerify } from '../verify';
import { writtenRef } from './chart-ref';
import { chartUrl } from './chart-url';
import { manifestOf, releaseObjectHead } from './heads';
import { HELM_CHART_LAYER_MEDIA_TYPE } from '../../foundation/media-types';

/** OCIRepository `ref`: Flux uses `digest`, else `semver`, else `tag`, else `latest`. @internal */
export interface OciRepositoryRef {
  readonly tag?: string;
  readonly semver?: string;
  readonly semverFilter?: string;
  readonly digest?: string;
}

/** OCIRepository `layerSelector`: which layer becomes the artifact, and how. @internal */
export interface OciLayerSelector {
  readonly mediaType: string;
  /** `extract` unpacks the layer's files; `copy` keeps the compressed blob. */
  readonly operation: 'extract' | 'copy';
}

/** What an OCIRepository pulls: the part that differs between a chart and plain manifests. @internal */
export interface OciRepositoryContent {
  /** `oci://host[:port]/repository`, no tag or digest. */
  readonly url: string;
  /** @default - no `ref`: Flux pulls `latest` */
  readonly ref?: OciRepositoryRef;
  readonly layerSelector: OciLayerSelector;
  readonly interval: string;
  /** `.gitignore`-style patterns replacing source-controller's default exclusions. @default - Flux's defaults */
  readonly ignore?: string;
}

/**
 * The `spec` of an OCIRepository: what it pulls, plus how it reaches the
 * registry. The one place both the chart and the artifact builders write
 * the registry access fields, so they cannot drift apart.
 * @internal
 */
export function ociRepositorySpec(access: OciRegistryAccess, content: OciRepositoryContent): Record<string, unknown> {
  return compact({
    interval: content.interval,
    url: content.url,
    ref: content.ref && compact({ ...content.ref }),
    layerSelector: { mediaType: content.layerSelector.mediaType, operation: content.layerSelector.operation },
    secretRef: access.secret ? { name: access.secret.name } : undefined,
    provider: access.provider,
    serviceAccountName: access.serviceAccountName,
    certSecretRef: access.certSecretRef ? { name: access.certSecretRef.name } : undefined,
    proxySecretRef: access.proxySecretRef ? { name: access.proxySecretRef.name } : undefined,
    verify: access.verify ? ociRepositoryVerify(access.verify) : undefined,
    insecure: access.insecure,
    timeout: access.timeout,
    suspend: access.suspend,
    ignore: content.ignore,
  });
}

/**
 * The OCIRepository that carries one release's chart (the OCIRepository
 * strategy). It lives in the source's namespace, next to the pull Secret.
 * @internal
 */
export function buildOciRepository(spec: ChartReleaseSpec, target: Target, resolved?: ResolvedChart): KubeManifest {
  const source = spec.source;
  const ref = writtenRef(spec, 'OCIRepository', target, resolved);
  return manifestOf(releaseObjectHead('OCIRepository', spec, target), ociRepositorySpec(source, {
    interval: spec.chartInterval ?? source.interval ?? DEFAULT_SOURCE_INTERVAL,
    url: chartUrl(source.url, spec.chart),
    ref: ref.kind === 'semver'
      ? { semver: ref.constraint, semverFilter: ref.semverFilter }
      : ref.kind === 'digest' ? { digest: ref.digest, tag: ref.tag } : { tag: ref.tag },
    // Helm charts must stay a compressed tarball, and with a provenance
    // layer the chart is not always layers[0].
    layerSelector: { mediaType: HELM_CHART_LAYER_MEDIA_TYPE, operation: 'copy' },
  }));
}
