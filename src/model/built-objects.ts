/**
 * The last step of every synth, in both front ends: each object flux-oci
 * built, checked against the CRD of its apiVersion (the packaged schemas,
 * CEL rules included) for the Flux release it is written for. A builder bug
 * (or a JSON patch) then fails the synth naming the object, the field and
 * the CRD's message, instead of failing in the cluster.
 */
import { CrdSet, formatSchemaProblem, SchemaProblem, validateObject } from './crd';
import { InvalidBuiltObjectError } from './errors';
import { atLeast } from './flux-version';
import type { Target } from './target';

/**
 * Which packaged CRDs describe what `target`'s Flux serves: the current
 * ones from Flux 2.8 (their schemas match 2.8 and 2.9 for every field
 * flux-oci writes; what 2.8 lacks is rejected by the model first), the
 * Flux 2.7 releases for older targets (the newest CRDs that still serve the
 * beta versions those targets use). helm-operator has one CRD set.
 */
export function crdSetFor(target: Target): CrdSet {
  return target.kind === 'flux' && !atLeast(target.fluxVersion, '2.8') ? 'legacy' : 'current';
}

/** Every reason the API server (or a CRD rule) would reject `manifest` as `target`'s Flux serves it; empty when valid. */
export function builtObjectProblems(manifest: unknown, target: Target): SchemaProblem[] {
  return validateObject(manifest, { crdSet: crdSetFor(target) });
}

/** One line per problem: the object, the JSON pointer and the CRD's message. */
export function describeBuiltObjectProblems(problems: readonly SchemaProblem[]): string[] {
  return problems.map((p) => `${formatSchemaProblem(p)}${p.rule ? ` (CRD rule: ${p.rule})` : ''}`);
}

/** Throws `InvalidBuiltObjectError` naming `path` (the resource) when `manifest` is invalid for `target`. */
export function assertValidBuiltObject(path: string, manifest: unknown, target: Target): void {
  const problems = builtObjectProblems(manifest, target);
  if (problems.length > 0) throw new InvalidBuiltObjectError(path, problems, describeBuiltObjectProblems(problems));
}
