import { KubeManifest, compact } from '../manifest';
import type { ChartReleaseSpec } from '../release';
import { ResolvedChart } from '../resolution';
import { DEFAULT_SOURCE_INTERVAL } from '../source';
import { Target } from '../target';
import { ociRepositoryVerify } from '../verify';
import { writtenRef } from './chart-ref';
import { chartUrl } from './chart-url';
import { headFields, releaseObjectHead } from './heads';
import { HELM_CHART_LAYER_MEDIA_TYPE } from './media-types';

/**
 * The OCIRepository that carries one release's chart (the OCIRepository
 * strategy). It lives in the source's namespace, next to the pull Secret.
 */
export function buildOciRepository(spec: ChartReleaseSpec, target: Target, resolved?: ResolvedChart): KubeManifest {
  const source = spec.source;
  const ref = writtenRef(spec, 'OCIRepository', resolved);
  return {
    ...headFields(releaseObjectHead('OCIRepository', spec, target)),
    spec: compact({
      interval: spec.chartInterval ?? source.interval ?? DEFAULT_SOURCE_INTERVAL,
      url: chartUrl(source.url, spec.chart),
      ref: ref.kind === 'semver'
        ? compact({ semver: ref.constraint, semverFilter: ref.semverFilter })
        : ref.kind === 'digest' ? { digest: ref.digest, tag: ref.tag } : { tag: ref.tag },
      // Helm charts must stay a compressed tarball, and with a provenance
      // layer the chart is not always layers[0].
      layerSelector: { mediaType: HELM_CHART_LAYER_MEDIA_TYPE, operation: 'copy' },
      secretRef: source.secret ? { name: source.secret.name } : undefined,
      provider: source.provider,
      serviceAccountName: source.serviceAccountName,
      certSecretRef: source.certSecretRef ? { name: source.certSecretRef.name } : undefined,
      proxySecretRef: source.proxySecretRef ? { name: source.proxySecretRef.name } : undefined,
      verify: source.verify ? ociRepositoryVerify(source.verify) : undefined,
      insecure: source.insecure,
      timeout: source.timeout,
      suspend: source.suspend,
    }),
  };
}
