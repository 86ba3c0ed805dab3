import { fluxApiVersions } from '../flux-version';
import { KubeManifest, meta } from '../kube-object';
import { ociRepositoryName } from '../names';
import type { ChartReleaseSpec } from '../release';
import type { OciSourceSpec } from '../source';
import { Target } from '../target';
import { HELM_OPERATOR_API_VERSION } from './helm-operator-api';

/**
 * apiVersion, kind, name and namespace of each object: known from the
 * validated specs alone, before any resolution, so front ends can create
 * their objects at construction and fill the bodies at synth.
 * @internal
 */
export interface ObjectHead {
  readonly apiVersion: string;
  readonly kind: string;
  readonly name: string;
  readonly namespace?: string;
}

/** apiVersion and kind of an object: known from the target alone (what a Pulumi type token needs at construction). @internal */
export type ObjectType = Pick<ObjectHead, 'apiVersion' | 'kind'>;

/** @internal */
export type ReleaseObjectRole = 'OCIRepository' | 'HelmRelease';

/** The type of a release's object in a role, for the target's Flux release (or helm-operator). @internal */
export function releaseObjectType(role: ReleaseObjectRole, target: Target): ObjectType {
  if (target.kind === 'helm-operator') return { apiVersion: HELM_OPERATOR_API_VERSION, kind: 'HelmRelease' };
  const apis = fluxApiVersions(target.fluxVersion);
  return role === 'OCIRepository'
    ? { apiVersion: apis.ociRepository, kind: 'OCIRepository' }
    : { apiVersion: apis.helmRelease, kind: 'HelmRelease' };
}

/** @internal */
export function releaseObjectHead(role: ReleaseObjectRole, spec: ChartReleaseSpec, target: Target): ObjectHead {
  const { apiVersion, kind } = releaseObjectType(role, target);
  return role === 'OCIRepository' && target.kind === 'flux'
    ? { apiVersion, kind, name: ociRepositoryName(spec.name, spec.namespace, spec.source.namespace), namespace: spec.source.namespace }
    : { apiVersion, kind, name: spec.name, namespace: spec.namespace };
}

/** The type of a chart source's own object: a HelmRepository of the target's API. @internal */
export function sourceObjectType(target: Target): ObjectType {
  return {
    apiVersion: target.kind === 'helm-operator' ? HELM_OPERATOR_API_VERSION : fluxApiVersions(target.fluxVersion).helmRepository,
    kind: 'HelmRepository',
  };
}

/** @internal */
export function sourceObjectHead(spec: OciSourceSpec, target: Target): ObjectHead {
  const { apiVersion, kind } = sourceObjectType(target);
  return { apiVersion, kind, name: spec.name, namespace: spec.namespace };
}

/**
 * A manifest of a head and a spec. Written out rather than spread: on
 * Node 20 (V8 11) an object spread followed by more properties gives each
 * object after the first few its own hidden class, which costs memory for
 * as long as the object lives and slows every later read of it.
 * @internal
 */
export function manifestOf(head: ObjectHead, spec: Record<string, unknown>): KubeManifest {
  return { apiVersion: head.apiVersion, kind: head.kind, metadata: meta(head.name, head.namespace), spec };
}
