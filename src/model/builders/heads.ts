import { fluxApiVersions } from '../flux-version';
import { meta, ObjectMeta } from '../kube-object';
import { ociRepositoryName } from '../names';
import type { ChartReleaseSpec } from '../release';
import type { OciSourceSpec } from '../source';
import { Target } from '../target';
import { HELM_OPERATOR_API_VERSION } from './helm-operator-api';

/**
 * apiVersion, kind, name and namespace of each object: known from the
 * validated specs alone, before any resolution, so front ends can create
 * their objects at construction and fill the bodies at synth.
 */
export interface ObjectHead {
  readonly apiVersion: string;
  readonly kind: string;
  readonly name: string;
  readonly namespace?: string;
}

export type ReleaseObjectRole = 'OCIRepository' | 'HelmRelease';

export function releaseObjectHead(role: ReleaseObjectRole, spec: ChartReleaseSpec, target: Target): ObjectHead {
  if (target.kind === 'helm-operator') {
    return { apiVersion: HELM_OPERATOR_API_VERSION, kind: 'HelmRelease', name: spec.name, namespace: spec.namespace };
  }
  const apis = fluxApiVersions(target.fluxVersion);
  return role === 'OCIRepository'
    ? {
      apiVersion: apis.ociRepository,
      kind: 'OCIRepository',
      name: ociRepositoryName(spec.name, spec.namespace, spec.source.namespace),
      namespace: spec.source.namespace,
    }
    : { apiVersion: apis.helmRelease, kind: 'HelmRelease', name: spec.name, namespace: spec.namespace };
}

export function sourceObjectHead(spec: OciSourceSpec, target: Target): ObjectHead {
  return {
    apiVersion: target.kind === 'helm-operator' ? HELM_OPERATOR_API_VERSION : fluxApiVersions(target.fluxVersion).helmRepository,
    kind: 'HelmRepository',
    name: spec.name,
    namespace: spec.namespace,
  };
}

/** The top of a manifest from its head. */
export function headFields(head: ObjectHead): { apiVersion: string; kind: string; metadata: ObjectMeta } {
  return { apiVersion: head.apiVersion, kind: head.kind, metadata: meta(head.name, head.namespace) };
}
