import { ApiObject, Lazy } from 'cdk8s';
import { Construct, IConstruct } from 'constructs';
import { registerObjectName } from './name-registry';
import { validatedAtSynth } from './synth-validation';
import { ObjectHead } from '../model/builders/heads';
import { KubeManifest } from '../model/kube-object';

/**
 * An ApiObject whose body comes from a core builder at synth time, so the
 * resolver's result (known only after construction) reaches the manifest.
 * Chart labels, JSON patches and key ordering stay cdk8s's.
 */
export function lazyApiObject(owner: IConstruct, scope: Construct, id: string, head: ObjectHead, produce: () => KubeManifest): ApiObject {
  registerObjectName(owner, head.apiVersion, head.kind, head.namespace, head.name);
  return validatedAtSynth(owner, new ApiObject(scope, id, {
    apiVersion: head.apiVersion,
    kind: head.kind,
    metadata: { name: head.name, namespace: head.namespace },
    spec: Lazy.any({ produce: () => produce().spec }),
  }));
}

/** An ApiObject written as a core builder made it (Secrets, ExternalSecrets: nothing resolved later). */
export function eagerApiObject(owner: IConstruct, scope: Construct, id: string, manifest: KubeManifest): ApiObject {
  const { apiVersion, kind, metadata, ...rest } = manifest;
  registerObjectName(owner, apiVersion, kind, metadata.namespace, metadata.name);
  return validatedAtSynth(owner, new ApiObject(scope, id, { apiVersion, kind, metadata: { ...metadata }, ...rest }));
}
