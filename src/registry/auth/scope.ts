/**
 * Token scopes (`type:name:actions`, distribution `docs/spec/auth/scope.md`).
 * The name may hold `host:port`, so the type ends at the first `:` and the
 * actions start after the last.
 */

/** A parsed scope. */
export interface Scope {
  readonly type: string;
  readonly name: string;
  readonly actions: readonly string[];
}

/** `repository:<name>:<actions>`; reads use `['pull']`, writes `['pull', 'push']`. @internal */
export function repositoryScope(repository: string, actions: readonly string[] = ['pull']): string {
  return `repository:${repository}:${actions.join(',')}`;
}

export function parseScope(text: string): Scope | undefined {
  const first = text.indexOf(':');
  const last = text.lastIndexOf(':');
  if (first <= 0 || last === first) return undefined;
  return { type: text.slice(0, first), name: text.slice(first + 1, last), actions: text.slice(last + 1).split(',').filter((a) => a !== '') };
}

/**
 * Unions scope lists, joining the actions of the same resource and keeping
 * first-seen order (some registries read only the first `scope`, so the
 * caller puts the one the registry asked for first). Unparsable entries
 * pass through unchanged.
 * @internal
 */
export function mergeScopes(...lists: ReadonlyArray<readonly string[]>): string[] {
  const order: string[] = [];
  const actions = new Map<string, string[]>();
  const opaque = new Set<string>();
  for (const text of lists.flat()) {
    const scope = parseScope(text);
    if (!scope) {
      if (!opaque.has(text)) { opaque.add(text); order.push(text); }
      continue;
    }
    const key = `${scope.type}:${scope.name}`;
    const known = actions.get(key);
    if (!known) {
      actions.set(key, [...new Set(scope.actions)]);
      order.push(key);
    } else {
      for (const a of scope.actions) if (!known.includes(a)) known.push(a);
    }
  }
  return order.map((key) => (opaque.has(key) ? key : `${key}:${actions.get(key)!.join(',')}`));
}

/** Order-independent identity of a scope set (actions and scopes sorted). */
export function scopeSetKey(scopes: readonly string[]): string {
  return mergeScopes(scopes)
    .map((s) => {
      const p = parseScope(s);
      return p ? `${p.type}:${p.name}:${[...p.actions].sort().join(',')}` : s;
    })
    .sort()
    .join(' ');
}
