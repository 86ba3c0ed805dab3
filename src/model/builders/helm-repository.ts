import { KubeManifest, compact } from '../kube-object';
import { manifestOf, sourceObjectHead } from './heads';
import { OciSourceSpec } from '../source';
import { Target } from '../target';

/**
 * The HelmRepository `type: oci` of a source (the HelmRepository strategy).
 * An OCI HelmRepository is static: it produces no artifact and only tells
 * source-controller where to pull `chart.spec.chart` from and how.
 * @internal
 */
export function buildHelmRepository(source: OciSourceSpec, target: Target): KubeManifest {
  return manifestOf(sourceObjectHead(source, target), compact({
    type: 'oci',
    url: source.url.replace(/\/+$/, ''),
    interval: source.interval,
    timeout: source.timeout,
    secretRef: source.secret ? { name: source.secret.name } : undefined,
    provider: source.provider,
    certSecretRef: source.certSecretRef ? { name: source.certSecretRef.name } : undefined,
    insecure: source.insecure,
    suspend: source.suspend,
  }));
}
