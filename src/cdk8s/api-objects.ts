import { ApiObject, Lazy } from 'cdk8s';
import { Construct, IConstruct } from 'constructs';
import { writeCheckedLockfiles } from './app-resolution';
import { CheckedApiObject, CheckedApiObjectOptions } from './checked-api-object';
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
export function lazyApiObject(
  owner: IConstruct, scope: Construct, id: string, head: ObjectHead, produce: () => KubeManifest, checks: Pick<CheckedApiObjectOptions, 'checkedByOwner'> = {},
): CheckedApiObject {
  registerObjectName(owner, head.apiVersion, head.kind, head.namespace, head.name);
  return new CheckedApiObject(scope, id, {
    apiVersion: head.apiVersion,
    kind: head.kind,
    metadata: { name: head.name, namespace: head.namespace },
    spec: Lazy.any(new SpecProducer(produce)),
  }, { owner, produce, onWrite: writeCheckedLockfiles, ...checks });
}

/** The spec of a built manifest, as cdk8s's Lazy asks for it (an object, not a closure and its context, per object). */
class SpecProducer {
  constructor(private readonly build: () => KubeManifest) {}

  public produce(): unknown {
    return plainData(this.build().spec);
  }
}

/** An ApiObject written as a core builder made it (Secrets, ExternalSecrets: nothing resolved later). */
export function eagerApiObject(owner: IConstruct, scope: Construct, id: string, manifest: KubeManifest): ApiObject {
  const { apiVersion, kind, metadata, ...rest } = manifest;
  registerObjectName(owner, apiVersion, kind, metadata.namespace, metadata.name);
  // A copy, taken now: what the caller changes later must not reach the object.
  const body = copyPlain(rest) as Record<string, unknown>;
  return new CheckedApiObject(scope, id, { apiVersion, kind, metadata: { ...metadata }, ...body }, { owner });
}

/**
 * The data as cdk8s can serialize it: cdk8s takes an object whose
 * prototype is not `Object.prototype` (e.g. `Object.create(null)`, as some
 * parsers make) for a class instance and fails to serialize it, so such
 * data is copied into plain objects and arrays. Data that is plain already
 * (what the builders make) is returned as is: cdk8s's resolve and
 * sanitize copy it anyway, and a copy of every spec at every
 * serialization was 2 % of a synth's instructions.
 */
function plainData(value: unknown): unknown {
  return isPlain(value) ? value : copyPlain(value);
}

/** Whether no object in `value` has a `null` prototype (the one kind `copyPlain` changes). */
function isPlain(value: unknown): boolean {
  if (Array.isArray(value)) return value.every(isPlain);
  if (typeof value !== 'object' || value === null) return true;
  const proto = Object.getPrototypeOf(value);
  if (proto === null) return false;
  if (proto !== Object.prototype) return true;
  for (const k of Object.keys(value)) if (!isPlain((value as Record<string, unknown>)[k])) return false;
  return true;
}

/** A copy made of plain objects and arrays (class instances are kept as they are). */
function copyPlain(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(copyPlain);
  if (typeof value !== 'object' || value === null) return value;
  const proto = Object.getPrototypeOf(value);
  if (proto !== Object.prototype && proto !== null) return value;
  const out: Record<string, unknown> = {};
  for (const k of Object.keys(value)) out[k] = copyPlain((value as Record<string, unknown>)[k]);
  return out;
}
