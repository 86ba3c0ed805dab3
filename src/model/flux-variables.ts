/**
 * Flux post-build variables. kustomize-controller substitutes `${var}` (and
 * its bash forms: `${var:=default}`, `${var:-default}`, `${#var}`,
 * `${var/pattern/replacement}`, …) anywhere in every object a Kustomization
 * with `postBuild` applies: names, sources, versions and values alike, before
 * the object reaches the cluster (fluxcd/pkg at e2cfd1a2:
 * kustomize/kustomize_varsub.go `SubstituteVariables`, which runs envsubst
 * over the whole object's YAML, and `varsubRegex` for the names;
 * envsubst/README.md for the forms). A field that holds one is not what the
 * controllers will read when a Kustomization substitutes it.
 */
import { pointerSegment, valueAtPointer } from '../foundation/json-pointer';

/** kustomize_varsub.go `varsubRegex`: what a variable's name must be. */
const VARIABLE_NAME = /^[_a-zA-Z][_a-zA-Z0-9]*$/;
const EXPRESSION = /^#?([_a-zA-Z][_a-zA-Z0-9]*)(.*)$/s;
/** The operators after which a missing variable takes the default written (envsubst/README.md). */
const DEFAULTING = [':-', ':=', '-', '='];

/** kustomize_varsub.go `substituteAnnotationKey`: set to `disabled` as a label or an annotation, the object is applied as written. */
const SUBSTITUTE_KEY = 'kustomize.toolkit.fluxcd.io/substitute';
const DISABLED = 'disabled';

/** One `${…}` in a string, as envsubst reads it. */
export interface FluxVariableUse {
  /** As written, e.g. `${APP:=web}`. */
  readonly expression: string;
  /** The variable it reads. */
  readonly name: string;
  /** A default is written for when the variable is not set (`${var:-x}`, `${var:=x}`, `${var-x}`, `${var=x}`). */
  readonly defaulted: boolean;
}

/**
 * Every `${…}` envsubst expands in `value`, in order. `$$` escapes a `$`
 * (so `$${HOME}` stays `${HOME}`), as fluxcd/pkg's envsubst scanner reads
 * it (envsubst/parse/scan.go `scanEscaped`, at e2cfd1a2).
 */
export function fluxVariablesIn(value: string): FluxVariableUse[] {
  const uses: FluxVariableUse[] = [];
  for (let i = 0; i < value.length; i++) {
    if (value[i] !== '$') continue;
    if (value[i + 1] === '$') {
      i++;
      continue;
    }
    if (value[i + 1] !== '{') continue;
    // A default may hold expressions of its own: the expression ends at its matching brace.
    let depth = 0;
    let end = i + 1;
    for (; end < value.length; end++) {
      if (value[end] === '{') depth++;
      else if (value[end] === '}' && --depth === 0) break;
    }
    if (end >= value.length) break;
    const match = EXPRESSION.exec(value.slice(i + 2, end));
    if (match) uses.push({ expression: value.slice(i, end + 1), name: match[1], defaulted: DEFAULTING.some((op) => match[2].startsWith(op)) });
    i = end;
  }
  return uses;
}

/** Whether kustomize-controller takes `name` as a variable's name (others fail the substitution). */
export function isFluxVariableName(name: string): boolean {
  return VARIABLE_NAME.test(name);
}

/** The first Flux post-build variable in `value` (e.g. `${APP}`), when it holds one. */
export function fluxVariableIn(value: unknown): string | undefined {
  return typeof value === 'string' ? fluxVariablesIn(value)[0]?.expression : undefined;
}

/**
 * Whether a manifest opts out of substitution: its label or annotation
 * `kustomize.toolkit.fluxcd.io/substitute` is `disabled`, and
 * kustomize-controller then applies it with every `${var}` as written.
 */
export function substitutionDisabled(manifest: unknown): boolean {
  return ['labels', 'annotations'].some((field) => valueAtPointer(manifest, `/metadata/${field}/${pointerSegment(SUBSTITUTE_KEY)}`) === DISABLED);
}

/**
 * The variable a Kustomization will substitute in the field `pointer`
 * names (the first one the value holds); undefined when it holds none, or
 * the manifest opts out of substitution.
 */
export function substitutedVariableAt(manifest: unknown, pointer: string): string | undefined {
  return substitutionDisabled(manifest) ? undefined : fluxVariableIn(valueAtPointer(manifest, pointer));
}
