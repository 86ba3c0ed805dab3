import { fluxApiVersions } from '../flux-version';
import { KubeManifest, compact, compactOrUndefined } from '../kube-object';
import { DEFAULT_KUSTOMIZATION_INTERVAL, KustomizationSpec } from '../kustomization';
import { Target } from '../target';
import { commonMetadataBlock, crossNamespace, dependsOnBlock, healthCheckExprsBlock, ignoreRulesBlock } from './common-fields';
import { ObjectHead, ObjectType, manifestOf } from './heads';

/** apiVersion and kind of a Kustomization. @internal */
export function kustomizationType(target: Target): ObjectType {
  return { apiVersion: fluxApiVersions(target.fluxVersion).kustomization, kind: 'Kustomization' };
}

/** apiVersion, kind, name and namespace of a Kustomization. @internal */
export function kustomizationHead(spec: Pick<KustomizationSpec, 'name' | 'namespace'>, target: Target): ObjectHead {
  const { apiVersion, kind } = kustomizationType(target);
  return { apiVersion, kind, name: spec.name, namespace: spec.namespace };
}

/** The Kustomization applying a source artifact's manifests. @internal */
export function buildKustomization(spec: KustomizationSpec, target: Target): KubeManifest {
  const own = spec.namespace;
  return manifestOf(kustomizationHead(spec, target), compact({
    interval: spec.interval ?? DEFAULT_KUSTOMIZATION_INTERVAL,
    retryInterval: spec.retryInterval,
    timeout: spec.timeout,
    sourceRef: compact({
      kind: spec.sourceRef.kind,
      name: spec.sourceRef.name,
      namespace: crossNamespace(spec.sourceRef.namespace, own),
    }),
    path: spec.path,
    prune: spec.prune,
    targetNamespace: spec.targetNamespace,
    serviceAccountName: spec.serviceAccountName,
    dependsOn: dependsOnBlock(spec.fluxDependsOn, own),
    wait: spec.wait,
    healthCheckExprs: healthCheckExprsBlock(spec.healthCheckExprs),
    healthChecks: spec.healthChecks?.length
      ? spec.healthChecks.map((h) => compact({ apiVersion: h.apiVersion, kind: h.kind, name: h.name, namespace: h.namespace }))
      : undefined,
    postBuild: compactOrUndefined(spec.postBuild && {
      substitute: spec.postBuild.substitute && Object.keys(spec.postBuild.substitute).length ? { ...spec.postBuild.substitute } : undefined,
      substituteFrom: spec.postBuild.substituteFrom?.length
        ? spec.postBuild.substituteFrom.map((s) => compact({ kind: s.kind, name: s.name, optional: s.optional }))
        : undefined,
    }),
    patches: spec.patches?.length
      ? spec.patches.map((p) => compact({ patch: p.patch, target: compactOrUndefined(p.target && { ...p.target }) }))
      : undefined,
    images: spec.images?.length ? spec.images.map((i) => compact({ ...i })) : undefined,
    components: spec.components?.length ? [...spec.components] : undefined,
    ignoreMissingComponents: spec.ignoreMissingComponents,
    buildMetadata: spec.buildMetadata?.length ? [...spec.buildMetadata] : undefined,
    ignore: ignoreRulesBlock(spec.ignore),
    commonMetadata: commonMetadataBlock(spec.commonMetadata),
    namePrefix: spec.namePrefix,
    nameSuffix: spec.nameSuffix,
    force: spec.force,
    deletionPolicy: spec.deletionPolicy,
    decryption: spec.decryption
      ? compact({ provider: spec.decryption.provider ?? 'sops', secretRef: spec.decryption.secretName ? { name: spec.decryption.secretName } : undefined })
      : undefined,
    kubeConfig: spec.kubeConfig
      ? { secretRef: compact({ name: spec.kubeConfig.secretName, key: spec.kubeConfig.key }) }
      : undefined,
    suspend: spec.suspend,
  }));
}
