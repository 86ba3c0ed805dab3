/**
 * ObjectMeta checks the API server applies to every object
 * (apimachinery `ValidateObjectMeta`), which CRD schemas leave to it
 * (`metadata: {type: object}`). Custom resources get DNS-1123 subdomain
 * names (apiextensions-apiserver validates them with `NameIsDNSSubdomain`),
 * so HelmRelease names are not held to the stricter label rule.
 */
import { dns1123LabelError, dns1123SubdomainError, labelValueError, qualifiedNameError } from './k8s-names';
import { Problem, shownValue } from './problem';
import { pointerSegment } from '../../foundation/json-pointer';

export type Scope = 'Namespaced' | 'Cluster';

/** Which syntax `metadata.name` must follow: most kinds subdomain, Namespace label. */
export type NameRule = 'subdomain' | 'label';

// Server-set fields (uid, resourceVersion, …) have no place in generated
// manifests; neither has generateName, since every object needs a stable name.
const KNOWN_FIELDS = new Set(['name', 'namespace', 'labels', 'annotations', 'finalizers', 'ownerReferences']);

const MAX_ANNOTATIONS_BYTES = 256 * 1024;

export function checkObjectMeta(metadata: unknown, scope: Scope, nameRule: NameRule): Problem[] {
  if (typeof metadata !== 'object' || metadata === null || Array.isArray(metadata)) {
    return [{ pointer: '/metadata', message: 'must be an object with at least a name' }];
  }
  const meta = metadata as Record<string, unknown>;
  const problems: Problem[] = [];
  const at = (field: string, message: string, key?: string): void => {
    problems.push({ pointer: `/metadata/${field}${key === undefined ? '' : `/${pointerSegment(key)}`}`, message });
  };

  for (const field of Object.keys(meta)) {
    if (!KNOWN_FIELDS.has(field)) at(field, 'unknown metadata field (not set in generated manifests)');
  }

  if (typeof meta.name !== 'string' || meta.name === '') {
    at('name', meta.name === undefined ? 'required field is missing' : 'must be a non-empty string');
  } else {
    const reason = nameRule === 'label' ? dns1123LabelError(meta.name) : dns1123SubdomainError(meta.name);
    if (reason) at('name', `${reason}; got ${shownValue(meta.name, false)}`);
  }

  if (meta.namespace !== undefined) {
    if (scope === 'Cluster') {
      at('namespace', 'not allowed on a cluster-scoped kind');
    } else if (typeof meta.namespace !== 'string') {
      at('namespace', 'must be a string');
    } else {
      const reason = dns1123LabelError(meta.namespace);
      if (reason) at('namespace', `${reason}; got ${shownValue(meta.namespace, false)}`);
    }
  }

  checkStringMap(meta.labels, 'labels', at, labelValueError);
  checkStringMap(meta.annotations, 'annotations', at);
  if (isStringRecord(meta.annotations)) {
    const size = Object.entries(meta.annotations).reduce((n, [k, v]) => n + k.length + String(v).length, 0);
    if (size > MAX_ANNOTATIONS_BYTES) at('annotations', `total size must be at most 256 KiB (got ${size} bytes)`);
  }

  if (meta.finalizers !== undefined) {
    if (!Array.isArray(meta.finalizers)) {
      at('finalizers', 'must be a list of strings');
    } else {
      meta.finalizers.forEach((f, i) => {
        const reason = typeof f === 'string' ? qualifiedNameError(f) : 'must be a string';
        if (reason) at('finalizers', `${reason}; got ${shownValue(f, false)}`, String(i));
      });
    }
  }

  if (meta.ownerReferences !== undefined) checkOwnerReferences(meta.ownerReferences, at);
  return problems;
}

type At = (field: string, message: string, key?: string) => void;

function isStringRecord(x: unknown): x is Record<string, unknown> {
  return typeof x === 'object' && x !== null && !Array.isArray(x);
}

function checkStringMap(map: unknown, field: string, at: At, valueRule?: (v: string) => string | undefined): void {
  if (map === undefined) return;
  if (!isStringRecord(map)) {
    at(field, 'must be a map of string keys to string values');
    return;
  }
  for (const [key, value] of Object.entries(map)) {
    const keyReason = qualifiedNameError(key);
    if (keyReason) at(field, `invalid key: ${keyReason}`, key);
    if (typeof value !== 'string') {
      at(field, `value must be a string; got ${shownValue(value, false)}`, key);
    } else if (valueRule) {
      const reason = valueRule(value);
      if (reason) at(field, `invalid value: ${reason}; got ${shownValue(value, false)}`, key);
    }
  }
}

const OWNER_REFERENCE_FIELDS: Readonly<Record<string, 'string' | 'boolean'>> = {
  apiVersion: 'string', kind: 'string', name: 'string', uid: 'string', controller: 'boolean', blockOwnerDeletion: 'boolean',
};

function checkOwnerReferences(refs: unknown, at: At): void {
  if (!Array.isArray(refs)) {
    at('ownerReferences', 'must be a list');
    return;
  }
  refs.forEach((ref, i) => {
    if (!isStringRecord(ref)) {
      at('ownerReferences', 'must be an object', String(i));
      return;
    }
    for (const required of ['apiVersion', 'kind', 'name', 'uid']) {
      if (ref[required] === undefined) at('ownerReferences', `required field "${required}" is missing`, String(i));
    }
    for (const [key, value] of Object.entries(ref)) {
      const type = OWNER_REFERENCE_FIELDS[key];
      if (type === undefined) at('ownerReferences', `unknown field "${key}"`, String(i));
      else if (typeof value !== type) at('ownerReferences', `"${key}" must be a ${type}`, String(i));
    }
  });
}
