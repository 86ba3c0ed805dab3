import { ApiObject, Lazy } from 'cdk8s';
import { Construct, IConstruct } from 'constructs';
import { writeCheckedLockfiles } from './app-resolution';
import { CheckedApiObject } from './checked-api-object';
import { registerObjectName } from './name-registry';
import { ObjectHead } from '../model/builders/heads';
import { KubeManifest } from '../model/kube-object';

/**
 * An ApiObject whose body comes from a core builder at synth time, so the
 * resolver's result (known only after construction) reaches the manifest.
 * Chart labels, JSON patches and key ordering stay cdk8s's. Serializing it
 * is also when the registry check's lockfile entries are written: cdk8s
 * serializes only after every validation of the app passed.
 *
 * `produce` must return the same manifest as long as what it is built
 * from is unchanged (see `CheckedApiObjectOptions.produce`).
 */
export function lazyApiObject(owner: IConstruct, scope: Construct, id: string, head: ObjectHead, produce: () => KubeManifest): ApiObject {
  registerObjectName(owner, head.apiVersion, head.kind, head.namespace, head.name);
  return new CheckedApiObject(scope, id, {
    apiVersion: head.apiVersion,
    kind: head.kind,
    metadata: { name: head.name, namespace: head.namespace },
    spec: Lazy.any({ produce: () => plainData(produce().spec) }),
  }, { owner, produce, onWrite: () => writeCheckedLockfiles(owner) });
}

/** An ApiObject written as a core builder made it (Secrets, ExternalSecrets: nothing resolved later). */
export function eagerApiObject(owner: IConstruct, scope: Construct, id: string, manifest: KubeManifest): ApiObject {
  const { apiVersion, kind, metadata, ...rest } = manifest;
  registerObjectName(owner, apiVersion, kind, metadata.namespace, metadata.name);
  const body = plainData(rest) as Record<string, unknown>;
  return new CheckedApiObject(scope, id, { apiVersion, kind, metadata: { ...metadata }, ...body }, { owner });
}

/**
 * A copy made of plain objects and arrays: cdk8s takes an object whose
 * prototype is not `Object.prototype` (e.g. `Object.create(null)`, as some
 * parsers make) for a class instance and fails to serialize it.
 */
function plainData(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(plainData);
  if (typeof value !== 'object' || value === null) return value;
  const proto = Object.getPrototypeOf(value);
  if (proto !== Object.prototype && proto !== null) return value;
  const out: Record<string, unknown> = {};
  for (const k of Object.keys(value)) out[k] = plainData((value as Record<string, unknown>)[k]);
  return out;
}
