/**
 * Which objects a kustomize patch's `target` selects, as kustomize selects
 * them (kubernetes-sigs/kustomize at 12f9e639: api/resmap/reswrangler.go
 * `Select`; api/types/selector.go `NewSelectorRegex`): group, version,
 * kind, name and namespace are Go regular expressions matched whole
 * (`^(?:…)$`), an empty one matching anything; the name and namespace
 * match as written or as transformed; `labelSelector` and
 * `annotationSelector` are Kubernetes label selectors.
 */
import type { RE2JS } from 're2js';
import { checkString } from './field-checks';
import type { KustomizeSelector } from './release-options';
import type { IssueList } from '../foundation/issues';

/** What a target is matched against: the object as written, and the namespace it lands in. */
export interface SelectableObject {
  readonly apiVersion: string;
  readonly kind: string;
  readonly name?: string;
  /** The name as written, where a kustomization's `namePrefix` or `nameSuffix` has changed `name`: a target matches either. */
  readonly writtenName?: string;
  readonly namespace?: string;
  readonly appliedNamespace?: string;
  readonly value: Record<string, unknown>;
}

/** A target compiled once, or why kustomize refuses it (a regular expression or label selector it cannot parse). */
export type CompiledTarget = { readonly selects: (object: SelectableObject) => boolean } | { readonly error: string };

/** Compiles a target as kustomize does before selecting. */
export function compileTarget(target: KustomizeSelector): CompiledTarget {
  try {
    const group = wholeMatch(target.group);
    const version = wholeMatch(target.version);
    const kind = wholeMatch(target.kind);
    const name = wholeMatch(target.name);
    const namespace = wholeMatch(target.namespace);
    const labels = parseSelector(target.labelSelector ?? '', 'labelSelector');
    const annotations = parseSelector(target.annotationSelector ?? '', 'annotationSelector');
    return {
      selects: (object) => {
        const slash = object.apiVersion.indexOf('/');
        const ids = selectionIds(object);
        return group(slash < 0 ? '' : object.apiVersion.slice(0, slash)) && version(object.apiVersion.slice(slash + 1)) && kind(object.kind)
          && ids.names.some(name) && ids.namespaces.some(namespace)
          && labels(stringMap(object.value, 'labels')) && annotations(stringMap(object.value, 'annotations'));
      },
    };
  } catch (e) {
    if (e instanceof TargetError) return { error: e.message };
    throw e;
  }
}

/**
 * The names and namespaces kustomize selects an object by: as it is now and
 * as written (kubernetes-sigs/kustomize at 01639bc0 api/resmap/reswrangler.go
 * `Select` and `GetById`: OrgId, then CurId). An object without a namespace
 * is in `default` (resid EffectiveNamespace; the check reads namespaced
 * Flux kinds only).
 */
export function selectionIds(object: SelectableObject): { readonly names: readonly string[]; readonly namespaces: readonly string[] } {
  return {
    names: object.writtenName === undefined ? [object.name ?? ''] : [object.name ?? '', object.writtenName],
    namespaces: [object.namespace ?? 'default', object.appliedNamespace ?? object.namespace ?? 'default'],
  };
}

/** A patch target's fields are strings, and compile as kustomize compiles them (a build with one that does not fails). */
export function checkKustomizeSelector(issues: IssueList, at: string, selector: KustomizeSelector | undefined): void {
  if (!selector) return;
  const strings = Object.entries(selector).every(([k, v]) => checkString(issues, `${at}.${k}`, v));
  if (!strings) return;
  const compiled = compileTarget(selector);
  if ('error' in compiled) issues.add(at, `${compiled.error}, so kustomize fails the build`);
}

class TargetError extends Error {}

/** `^(?:pattern)$` as Go compiles it; an empty pattern matches anything. */
function wholeMatch(pattern: string | undefined): (s: string) => boolean {
  if (pattern === undefined || pattern === '') return () => true;
  // Loaded with the first target: re2js is a large module.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { RE2JS: Engine } = require('re2js') as typeof import('re2js');
  let regexp: RE2JS;
  try {
    regexp = Engine.compile(`^(?:${pattern})$`);
  } catch (e) {
    throw new TargetError(`'${pattern}' is not a regular expression Go accepts: ${(e as Error).message}`);
  }
  return (s) => regexp.test(s);
}

function stringMap(value: Record<string, unknown>, field: 'labels' | 'annotations'): ReadonlyMap<string, string> {
  const metadata = value.metadata;
  const map = typeof metadata === 'object' && metadata !== null ? (metadata as Record<string, unknown>)[field] : undefined;
  if (typeof map !== 'object' || map === null) return new Map();
  return new Map(Object.entries(map).flatMap(([key, v]) => (typeof v === 'string' ? [[key, v] as const] : [])));
}

type Requirement = (set: ReadonlyMap<string, string>) => boolean;

/**
 * A Kubernetes label selector (k8s.io/apimachinery pkg/labels/selector.go
 * `Parse`): requirements joined by commas, each `key`, `!key`, `key=v`,
 * `key==v`, `key!=v`, `key in (a,b)` or `key notin (a,b)`; `!=` and
 * `notin` also match objects without the key. An empty selector matches
 * everything.
 */
function parseSelector(selector: string, field: string): (set: ReadonlyMap<string, string>) => boolean {
  const requirements: Requirement[] = [];
  for (const part of splitRequirements(selector)) {
    const text = part.trim();
    if (text === '') throw new TargetError(`${field} '${selector}' has an empty requirement`);
    const set = /^(\S+)\s+(in|notin)\s+\(([^)]*)\)$/.exec(text);
    if (set) {
      const values = new Set(set[3].split(',').map((v) => v.trim()));
      const key = set[1];
      requirements.push(set[2] === 'in' ? (s) => s.has(key) && values.has(s.get(key)!) : (s) => !s.has(key) || !values.has(s.get(key)!));
      continue;
    }
    const compare = /^([^!=\s]+)\s*(==|=|!=)\s*(\S*)$/.exec(text);
    if (compare) {
      const [, key, op, value] = compare;
      requirements.push(op === '!=' ? (s) => s.get(key) !== value : (s) => s.get(key) === value);
      continue;
    }
    const exists = /^(!?)([^!=\s(),]+)$/.exec(text);
    if (exists) {
      const key = exists[2];
      requirements.push(exists[1] === '!' ? (s) => !s.has(key) : (s) => s.has(key));
      continue;
    }
    throw new TargetError(`${field} '${selector}' is not a label selector Kubernetes parses (at '${text}')`);
  }
  return (s) => requirements.every((r) => r(s));
}

/** The requirements of a selector: split at commas outside parentheses. */
function splitRequirements(selector: string): string[] {
  if (selector.trim() === '') return [];
  const parts: string[] = [];
  let depth = 0;
  let start = 0;
  for (let i = 0; i < selector.length; i++) {
    if (selector[i] === '(') {depth++;} else if (selector[i] === ')') {depth--;} else if (selector[i] === ',' && depth === 0) {
      parts.push(selector.slice(start, i));
      start = i + 1;
    }
  }
  parts.push(selector.slice(start));
  return parts;
}
