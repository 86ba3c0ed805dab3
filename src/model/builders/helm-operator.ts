import { KubeManifest, compact, compactOrUndefined } from '../kube-object';
import { ChartReleaseSpec } from '../release';
import { ResolvedChart } from '../resolution';
import { OciSourceSpec } from '../source';
import { writtenRef } from './chart-ref';
import { chartUrl } from './chart-url';
import { manifestOf, releaseObjectHead, sourceObjectHead } from './heads';
import { Target } from '../target';

/**
 * The `helm-operator.ketches.cn/v1alpha1` shapes (notes/flux.md §7): an OCI
 * HelmRepository with basic auth from an Opaque Secret, and HelmReleases
 * that name the full chart URL in `chart.ociRepository`.
 * @internal
 */
export function buildOperatorHelmRepository(source: OciSourceSpec, target: Target): KubeManifest {
  // The operator uses secretRef.namespace as given, with no default.
  const secretIn = (ref: { name: string; namespace?: string }) => compact({ name: ref.name, namespace: ref.namespace ?? source.namespace });
  return manifestOf(sourceObjectHead(source, target), compact({
    type: 'oci',
    url: source.url.replace(/\/+$/, ''),
    interval: source.interval,
    timeout: source.timeout,
    suspend: source.suspend,
    auth: compactOrUndefined({
      basic: source.secret ? { secretRef: secretIn(source.secret) } : undefined,
      tls: source.certSecretRef ? { secretRef: secretIn(source.certSecretRef) } : undefined,
    }),
  }));
}

/** @internal */
export function buildOperatorHelmRelease(spec: ChartReleaseSpec, target: Target, resolved?: ResolvedChart): KubeManifest {
  const ref = writtenRef(spec, 'HelmRepository', target, resolved);
  const install = spec.install;
  const upgrade = spec.upgrade;
  return manifestOf(releaseObjectHead('HelmRelease', spec, target), compact({
    chart: compact({
      name: spec.chart,
      version: ref.kind === 'semver' ? ref.constraint : ref.version,
      ociRepository: chartUrl(spec.source.url, spec.chart),
      repository: compact({ name: spec.source.name, namespace: spec.source.namespace }),
    }),
    release: compactOrUndefined({
      name: spec.releaseName,
      namespace: spec.targetNamespace,
      createNamespace: spec.createNamespace ?? install?.createNamespace,
    }),
    values: spec.values && Object.keys(spec.values).length ? yamlOf(spec.values) : undefined,
    interval: spec.interval,
    suspend: spec.suspend,
    dependsOn: spec.fluxDependsOn?.length
      ? spec.fluxDependsOn.map((d) => compact({ name: d.name, namespace: d.namespace ?? spec.namespace }))
      : undefined,
    install: compactOrUndefined(install && {
      disableHooks: install.disableHooks,
      replace: install.replace,
      skipCRDs: install.crds === undefined ? undefined : install.crds === 'Skip',
      timeout: install.timeout ?? spec.timeout,
      wait: negate(install.disableWait),
      waitForJobs: negate(install.disableWaitForJobs),
    }),
    upgrade: compactOrUndefined({
      cleanupOnFail: upgrade?.cleanupOnFail,
      disableHooks: upgrade?.disableHooks,
      force: upgrade?.force,
      reuseValues: upgrade?.preserveValues,
      timeout: upgrade?.timeout ?? (upgrade ? spec.timeout : undefined),
      wait: negate(upgrade?.disableWait),
      waitForJobs: negate(upgrade?.disableWaitForJobs),
      maxHistory: spec.maxHistory,
    }),
    rollback: compactOrUndefined(spec.rollback && {
      enabled: true,
      cleanupOnFail: spec.rollback.cleanupOnFail,
      disableHooks: spec.rollback.disableHooks,
      force: spec.rollback.force,
      timeout: spec.rollback.timeout,
      wait: negate(spec.rollback.disableWait),
    }),
    uninstall: compactOrUndefined(spec.uninstall && {
      disableHooks: spec.uninstall.disableHooks,
      keepHistory: spec.uninstall.keepHistory,
      timeout: spec.uninstall.timeout,
    }),
  }));
}

function negate(b: boolean | undefined): boolean | undefined {
  return b === undefined ? undefined : !b;
}

/** helm-operator takes values as a YAML string; the YAML library loads only for that target. */
function yamlOf(values: Record<string, unknown>): string {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- loaded on first use, see above
  return (require('yaml') as typeof import('yaml')).stringify(values);
}
