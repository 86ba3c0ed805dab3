import { App } from 'cdk8s';
import { IConstruct } from 'constructs';

/**
 * Two constructs writing the same kind, namespace and name would overwrite
 * each other in the cluster. Every object flux-oci writes registers here;
 * each one whose key is taken reports it at validation, naming the other.
 */
const registries = new WeakMap<IConstruct, Map<string, string[]>>();

export function registerObjectName(owner: IConstruct, apiVersion: string, kind: string, namespace: string | undefined, name: string): void {
  const root = App.of(owner);
  let registry = registries.get(root);
  if (!registry) {
    registry = new Map();
    registries.set(root, registry);
  }
  const group = apiVersion.includes('/') ? apiVersion.split('/')[0] : 'core';
  const key = `${group}/${kind}/${namespace ?? ''}/${name}`;
  const paths = registry.get(key) ?? [];
  paths.push(owner.node.path);
  registry.set(key, paths);
  // cdk8s validates the app once per chart file it writes; the answer changes only when the key gains a path.
  let answered: { readonly count: number; readonly errors: readonly string[] } | undefined;
  owner.node.addValidation({
    validate: () => {
      const all = registry!.get(key) ?? [];
      if (answered?.count !== all.length) answered = { count: all.length, errors: nameClash(all, owner.node.path, kind, name, namespace) };
      return [...answered.errors];
    },
  });
}

function nameClash(all: readonly string[], path: string, kind: string, name: string, namespace: string | undefined): string[] {
  const others = all.filter((p) => p !== path);
  return others.length === 0 ? [] : [
    `${kind} '${name}'${namespace ? ` in namespace '${namespace}'` : ''} is also written by ${others.map((p) => `'${p}'`).join(', ')}; give one of them another name (the 'name' prop)`,
  ];
}
