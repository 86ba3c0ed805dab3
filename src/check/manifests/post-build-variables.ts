/**
 * Post-build variables a Kustomization does not define. kustomize-controller
 * substitutes `${var}` in every object a Kustomization with `postBuild`
 * builds, with the variables of `postBuild.substitute` over those of the
 * ConfigMaps and Secrets `postBuild.substituteFrom` names (fluxcd/pkg at
 * e2cfd1a2: kustomize/kustomize_varsub.go `SubstituteVariables`,
 * `LoadVariables`), and a variable it does not define becomes an empty
 * string (`varSubstitution`; with the controller's
 * StrictPostBuildSubstitutions feature gate, the build fails instead). A
 * name the controller refuses (`varsubRegex`) fails the substitution.
 *
 * The check judges an object only where it knows every variable: the
 * Kustomizations that build its file are located (./sync-source.ts), and
 * each names only ConfigMaps and Secrets that are in the files once for
 * its cluster (a SOPS-encrypted Secret's keys are readable); an optional
 * one not in the files may be in the cluster, so it is not known either. A `${var}` meant literally (a shell script
 * in a ConfigMap) is the usual cause: `$${var}` keeps it, and so does
 * labelling the object `kustomize.toolkit.fluxcd.io/substitute: disabled`.
 */
import type { Finding } from './finding';
import type { ManifestObject } from './manifest-object';
import { describeObject, fieldAt, identityOf, landsIn, ObjectIndex, stringAt } from './object-index';
import { pointerAsField, pointerSegment } from '../../foundation/json-pointer';
import { fluxVariablesIn, isFluxVariableName, substitutionDisabled } from '../../model/flux-variables';

/** The variables a Kustomization defines, when the files tell them all. */
interface KnownVariables {
  readonly names: ReadonlySet<string>;
  /** How the Kustomization defines them, for messages. */
  readonly sources: string;
}

/** A warning for each `${var}` without a default that a Kustomization building the object does not define, and an error for each name it refuses. */
export function postBuildVariableFindings(objects: readonly ManifestObject[], index: ObjectIndex): Finding[] {
  const findings: Finding[] = [];
  const known = new Map<ManifestObject, KnownVariables | undefined>();
  const variablesOf = (kustomization: ManifestObject): KnownVariables | undefined => {
    if (!known.has(kustomization)) known.set(kustomization, knownVariables(kustomization, index, findings));
    return known.get(kustomization);
  };
  for (const object of objects) {
    if (!object.builtBy || substitutionDisabled(object.value)) continue;
    // A Kustomization left out of its folder's kustomization applies nothing.
    const builders = object.builtBy.filter((k) => !k.leftOut).flatMap((k) => {
      const variables = variablesOf(k);
      return variables ? [{ kustomization: k, variables }] : [];
    });
    if (builders.length === 0) continue;
    walkStrings(object.value, '', (pointer, text) => {
      for (const use of fluxVariablesIn(text)) {
        if (use.defaulted) continue;
        const lacking = builders.filter((b) => !b.variables.names.has(use.name));
        if (lacking.length === 0) continue;
        const [first] = lacking;
        findings.push({
          rule: 'variable',
          severity: 'warning',
          location: object.locate(pointer),
          object: identityOf(object),
          pointer,
          message: `${describeObject(object)} ${pointerAsField(pointer)} holds ${use.expression}, and ${describeObject(first.kustomization)}, which builds it, does not define ${use.name} `
            + `(${first.variables.sources})${lacking.length > 1 ? ` (nor do ${lacking.length - 1} other Kustomizations that build it)` : ''}: `
            + `Flux substitutes an empty string; write $${use.expression} to keep it as written, or define ${use.name}`,
        });
      }
    });
  }
  return findings;
}

/**
 * The variables a Kustomization with `postBuild` defines; undefined when
 * it has none (nothing is substituted) or when one of its sources is not
 * in the files. Names the controller refuses are errors in `findings`.
 */
function knownVariables(kustomization: ManifestObject, index: ObjectIndex, findings: Finding[]): KnownVariables | undefined {
  const postBuild = fieldAt(kustomization.value, 'spec', 'postBuild');
  if (typeof postBuild !== 'object' || postBuild === null) return undefined;
  const names = new Set<string>();
  const sources: string[] = [];
  const substitute = fieldAt(postBuild, 'substitute');
  const inline = typeof substitute === 'object' && substitute !== null ? Object.keys(substitute) : [];
  for (const name of inline) {
    names.add(name);
    if (!isFluxVariableName(name)) {
      const pointer = `/spec/postBuild/substitute/${pointerSegment(name)}`;
      findings.push({
        rule: 'variable',
        severity: 'error',
        location: kustomization.locate(pointer),
        object: identityOf(kustomization),
        pointer,
        message: `${describeObject(kustomization)} ${pointerAsField(pointer)}: '${name}' is not a valid variable name (letters, digits and '_', not starting with a digit), so kustomize-controller's post-build substitution fails`,
      });
    }
  }
  if (inline.length > 0) sources.push(`postBuild.substitute: ${inline.join(', ')}`);
  const from = fieldAt(postBuild, 'substituteFrom');
  for (const entry of Array.isArray(from) ? from : []) {
    const kind = stringAt(entry, 'kind');
    const name = stringAt(entry, 'name');
    if ((kind !== 'ConfigMap' && kind !== 'Secret') || name === undefined) return undefined;
    const source = sourceOf(kustomization, kind, name, index);
    if (source === 'ambiguous') return undefined;
    // One not in the files may be in the cluster (an operator may create it), optional or not: what it defines is not known.
    if (!source) return undefined;
    const keys = [...new Set([...keysOf(source.value, 'data'), ...(kind === 'Secret' ? keysOf(source.value, 'stringData') : [])])];
    for (const key of keys) names.add(key);
    sources.push(`${kind} ${name}: ${keys.length > 0 ? keys.join(', ') : 'no keys'}`);
  }
  return { names, sources: sources.length > 0 ? sources.join('; ') : 'it defines none' };
}

/**
 * The ConfigMap or Secret a Kustomization reads variables from: in its
 * namespace and, where the files tell, its cluster; `ambiguous` when the
 * files hold several (each cluster of the repository has its own, and
 * which one a cluster has is not known).
 */
function sourceOf(kustomization: ManifestObject, kind: string, name: string, index: ObjectIndex): ManifestObject | 'ambiguous' | undefined {
  const namespace = kustomization.appliedNamespace ?? kustomization.namespace;
  const candidates = index.named('', kind, name).filter((o) => landsIn(o, namespace)
    && (o.cluster === undefined || kustomization.cluster === undefined || o.cluster === kustomization.cluster));
  return candidates.length > 1 ? 'ambiguous' : candidates[0];
}

function keysOf(value: Record<string, unknown>, field: string): string[] {
  const data = value[field];
  return typeof data === 'object' && data !== null && !Array.isArray(data) ? Object.keys(data) : [];
}

/** Calls `visit` with the pointer and text of every string value under `value`. */
function walkStrings(value: unknown, pointer: string, visit: (pointer: string, text: string) => void): void {
  if (typeof value === 'string') {visit(pointer, value);} else if (Array.isArray(value)) {value.forEach((item, i) => walkStrings(item, `${pointer}/${i}`, visit));} else if (typeof value === 'object' && value !== null) {
    for (const [key, item] of Object.entries(value)) walkStrings(item, `${pointer}/${pointerSegment(key)}`, visit);
  }
}
