import { KubeManifest, compact, compactOrUndefined } from '../kube-object';
import { ociRepositoryName } from '../names';
import { ChartReleaseSpec, DEFAULT_RELEASE_INTERVAL, releaseStrategy } from '../release';
import { InstallOptions, PostRenderer } from '../release-options';
import { ResolvedChart } from '../resolution';
import { Target } from '../target';
import { helmChartVerify } from '../verify';
import { writtenRef } from './chart-ref';
import { commonMetadataBlock, crossNamespace, dependsOnBlock, healthCheckExprsBlock, ignoreRulesBlock } from './common-fields';
import { manifestOf, releaseObjectHead } from './heads';

/**
 * The HelmRelease of one release: `chartRef` to its OCIRepository, or
 * `chart.spec` pointing at the source's HelmRepository.
 * @internal
 */
export function buildHelmRelease(spec: ChartReleaseSpec, target: Target, resolved?: ResolvedChart): KubeManifest {
  const strategy = releaseStrategy(spec);
  const source = spec.source;
  const sourceNamespace = crossNamespace(source.namespace, spec.namespace);

  // One of the two is set (no spread into the spec: see `manifestOf`).
  let chartRef: Record<string, unknown> | undefined;
  let chart: Record<string, unknown> | undefined;
  if (strategy === 'OCIRepository') {
    chartRef = compact({
      kind: 'OCIRepository',
      name: ociRepositoryName(spec.name, spec.namespace, source.namespace),
      namespace: sourceNamespace,
    });
  } else {
    const ref = writtenRef(spec, strategy, target, resolved);
    chart = {
      spec: compact({
        chart: spec.chart,
        version: ref.kind === 'semver' ? ref.constraint : ref.version,
        sourceRef: compact({ kind: 'HelmRepository', name: source.name, namespace: sourceNamespace }),
        interval: spec.chartInterval,
        valuesFiles: spec.valuesFiles?.length ? [...spec.valuesFiles] : undefined,
        ignoreMissingValuesFiles: spec.ignoreMissingValuesFiles,
        verify: source.verify ? helmChartVerify(source.verify) : undefined,
      }),
    };
  }

  return manifestOf(releaseObjectHead('HelmRelease', spec, target), compact({
    interval: spec.interval ?? DEFAULT_RELEASE_INTERVAL,
    chartRef,
    chart,
    releaseName: spec.releaseName,
    targetNamespace: spec.targetNamespace,
    storageNamespace: spec.storageNamespace,
    serviceAccountName: spec.serviceAccountName,
    persistentClient: spec.persistentClient,
    kubeConfig: spec.kubeConfig
      ? { secretRef: compact({ name: spec.kubeConfig.secretName, key: spec.kubeConfig.key }) }
      : undefined,
    dependsOn: dependsOnBlock(spec.fluxDependsOn, spec.namespace),
    timeout: spec.timeout,
    maxHistory: spec.maxHistory,
    suspend: spec.suspend,
    install: installBlock(spec.install, spec.createNamespace),
    upgrade: compactOrUndefined(spec.upgrade && {
      ...spec.upgrade,
      remediation: compactOrUndefined(spec.upgrade.remediation && { ...spec.upgrade.remediation }),
      strategy: compactOrUndefined(spec.upgrade.strategy && { ...spec.upgrade.strategy }),
    }),
    rollback: compactOrUndefined(spec.rollback && { ...spec.rollback }),
    uninstall: compactOrUndefined(spec.uninstall && { ...spec.uninstall }),
    test: compactOrUndefined(spec.test && {
      ...spec.test,
      filters: spec.test.filters?.length ? spec.test.filters.map((f) => compact({ ...f })) : undefined,
    }),
    driftDetection: compactOrUndefined(spec.driftDetection && {
      mode: spec.driftDetection.mode,
      ignore: ignoreRulesBlock(spec.driftDetection.ignore),
    }),
    commonMetadata: commonMetadataBlock(spec.commonMetadata),
    postRenderers: spec.postRenderers?.length ? spec.postRenderers.map(postRenderer) : undefined,
    postRenderStrategy: spec.postRenderStrategy,
    waitStrategy: spec.waitStrategy && { name: spec.waitStrategy.name },
    healthCheckExprs: healthCheckExprsBlock(spec.healthCheckExprs),
    values: spec.values,
    valuesFrom: spec.valuesFrom?.length ? spec.valuesFrom.map((v) => compact({ ...v })) : undefined,
  }));
}

/** `createNamespace` is a shortcut for `install.createNamespace`. */
function installBlock(install: InstallOptions | undefined, createNamespace: boolean | undefined): Record<string, unknown> | undefined {
  // Assigned, not spread and then extended (see `manifestOf`); the keys and their order are the same.
  const block: Record<string, unknown> = Object.assign({}, install) as Record<string, unknown>;
  block.createNamespace = createNamespace ?? install?.createNamespace;
  block.remediation = compactOrUndefined(install?.remediation && { ...install.remediation });
  block.strategy = compactOrUndefined(install?.strategy && { ...install.strategy });
  return compactOrUndefined(block);
}

function postRenderer(p: PostRenderer): Record<string, unknown> {
  return {
    kustomize: compact({
      patches: p.patches?.length ? p.patches.map((x) => compact({ patch: x.patch, target: x.target && compact({ ...x.target }) })) : undefined,
      images: p.images?.length ? p.images.map((x) => compact({ ...x })) : undefined,
    }),
  };
}
