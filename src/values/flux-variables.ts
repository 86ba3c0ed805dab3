/**
 * Flux post-build variables in values. kustomize-controller substitutes
 * `${var}` (and its bash forms: `${var:=default}`, `${var:-default}`,
 * `${#var}`, `${var/pattern/replacement}`, …) in every object a Kustomization
 * with `postBuild` applies, before the HelmRelease reaches helm-controller
 * (fluxcd/pkg at e2cfd1a2: kustomize/kustomize_varsub.go `varsubRegex` for
 * the names, envsubst/README.md for the forms). A value that holds one is
 * not what Helm will get when a Kustomization substitutes it.
 */
const FLUX_VARIABLE = /\$\{#?[_a-zA-Z][_a-zA-Z0-9]*[^}]*\}/;

/** Whether `value` is a string holding a Flux post-build variable. */
export function holdsFluxVariable(value: unknown): boolean {
  return typeof value === 'string' && FLUX_VARIABLE.test(value);
}
