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

const FLUX_VARIABLE = /\$\{#?[_a-zA-Z][_a-zA-Z0-9]*[^}]*\}/;

/** kustomize_varsub.go `substituteAnnotationKey`: set to `disabled` as a label or an annotation, the object is applied as written. */
const SUBSTITUTE_KEY = 'kustomize.toolkit.fluxcd.io/substitute';
const DISABLED = 'disabled';

/** The first Flux post-build variable in `value` (e.g. `${APP}`), when it holds one. */
export function fluxVariableIn(value: unknown): string | undefined {
  return typeof value === 'string' ? FLUX_VARIABLE.exec(value)?.[0] : undefined;
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
