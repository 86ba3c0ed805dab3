import { App } from 'cdk8s';
import { IConstruct } from 'constructs';

/**
 * Two constructs writing the same kind, namespace and name would overwrite
 * each other in the cluster. Every object flux-oci writes registers here;
 * each one whose key is taken reports it at validation, naming the other.
 *
 * Owners are kept per app by API group, kind, namespace and name, in
 * nested maps keyed by strings the object has anyway: a key joined from
 * the four was one more string per object for as long as the app lives.
 */
const registries = new WeakMap<IConstruct, Map<string, Map<string, Map<string, Map<string, IConstruct[]>>>>>();

export function registerObjectName(owner: IConstruct, apiVersion: string, kind: string, namespace: string | undefined, name: string): void {
  const root = App.of(owner);
  let groups = registries.get(root);
  if (!groups) {
    groups = new Map();
    registries.set(root, groups);
  }
  const slash = apiVersion.indexOf('/');
  const group = slash >= 0 ? apiVersion.slice(0, slash) : 'core';
  const byName = child(child(child(groups, group), kind), namespace ?? '');
  const owners = byName.get(name);
  if (!owners) {
    byName.set(name, [owner]);
    return;
  }
  // Only a key written twice needs a validation (cdk8s runs every validation once per chart file it writes):
  // the first owner gets one when the second arrives, every later owner its own.
  if (owners.length === 1) addClashValidation(owners[0], owners, kind, name, namespace);
  owners.push(owner);
  addClashValidation(owner, owners, kind, name, namespace);
}

function child<V>(map: Map<string, Map<string, V>>, key: string): Map<string, V> {
  let value = map.get(key);
  if (!value) {
    value = new Map();
    map.set(key, value);
  }
  return value;
}

function addClashValidation(owner: IConstruct, owners: readonly IConstruct[], kind: string, name: string, namespace: string | undefined): void {
  owner.node.addValidation({ validate: () => nameClash(owners.map((o) => o.node.path), owner.node.path, kind, name, namespace) });
}

function nameClash(all: readonly string[], path: string, kind: string, name: string, namespace: string | undefined): string[] {
  const others = all.filter((p) => p !== path);
  return others.length === 0 ? [] : [
    `${kind} '${name}'${namespace ? ` in namespace '${namespace}'` : ''} is also written by ${others.map((p) => `'${p}'`).join(', ')}; give one of them another name (the 'name' prop)`,
  ];
}
