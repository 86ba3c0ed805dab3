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
 *
 * Some clusters add variables to every Kustomization as the API server
 * admits it: xunholy's kustomize-mutating-webhook adds each key of the
 * ConfigMaps and Secrets it watches to `spec.postBuild.substitute`
 * (xunholy/fluxcd-kustomize-mutating-webhook at 1bb18abc:
 * kustomize-mutating-webhook/internal/handlers/mutate.go `createPatch`).
 * Its chart watches, in the release's namespace, the ConfigMaps and
 * Secrets its values list in `configMaps[].name` and `secrets[].name`
 * (chart templates/deployment.yaml at a1598c0b: `WATCH_CONFIGMAPS`,
 * `WATCH_SECRETS`), and makes a listed ConfigMap from its `data` when
 * `create` is true (templates/configmap.yaml at f8fc030a). Where the files
 * install it, a Kustomization with `postBuild` defines those keys too; where
 * its values or a source it watches are not known, nothing is judged.
 */
import type { Finding } from './finding';
import { GeneratedObjects, NO_GENERATED_OBJECTS } from './kustomize-generated';
import type { ManifestObject } from './manifest-object';
import { dataKeysOf, describeObject, fieldAt, identityOf, isReleaseOfChart, landsIn, ObjectIndex, releaseNamespace, stringAt } from './object-index';
import { releaseValuesOf } from './values-from';
import { pointerAsField, pointerSegment } from '../../foundation/json-pointer';
import { fluxVariablesIn, isFluxVariableName, substitutionDisabled } from '../../model/flux-variables';

/** The variables a Kustomization defines, when the files tell them all. */
interface KnownVariables {
  readonly names: ReadonlySet<string>;
  /** How the Kustomization defines them, for messages. */
  readonly sources: string;
}

/** The chart of the webhook that adds variables to every Kustomization (see above). */
const VARIABLES_WEBHOOK_CHART = 'kustomize-mutating-webhook';

/** What a variables webhook the files install adds: its release, and the names (undefined where not known). */
interface InjectedVariables {
  readonly release: ManifestObject;
  readonly names?: ReadonlySet<string>;
  /** For messages: `ConfigMap cluster-config: DOMAIN, …`. */
  readonly sources: string;
}

/**
 * A warning for each `${var}` without a default that a Kustomization
 * building the object does not define, and an error for each name it
 * refuses. `generated` gives the values a kustomization generates for a
 * variables webhook's release.
 */
export function postBuildVariableFindings(
  objects: readonly ManifestObject[], index: ObjectIndex, generated: GeneratedObjects = NO_GENERATED_OBJECTS,
): Finding[] {
  const findings: Finding[] = [];
  const webhooks = injectedVariables(objects, index, generated);
  const known = new Map<ManifestObject, KnownVariables | undefined>();
  const variablesOf = (kustomization: ManifestObject): KnownVariables | undefined => {
    if (!known.has(kustomization)) known.set(kustomization, knownVariables(kustomization, index, findings, webhooks));
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
function knownVariables(
  kustomization: ManifestObject, index: ObjectIndex, findings: Finding[], webhooks: readonly InjectedVariables[],
): KnownVariables | undefined {
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
    const source = sourceOf(kind, name, kustomization.appliedNamespace ?? kustomization.namespace, kustomization.cluster, index);
    if (source === 'ambiguous') return undefined;
    // One not in the files may be in the cluster (an operator may create it), optional or not: what it defines is not known.
    if (!source) return undefined;
    const keys = dataKeysOf(source);
    for (const key of keys) names.add(key);
    sources.push(`${kind} ${name}: ${keys.length > 0 ? keys.join(', ') : 'no keys'}`);
  }
  for (const webhook of webhooks) {
    if (!sameCluster(webhook.release.cluster, kustomization.cluster)) continue;
    if (!webhook.names) return undefined;
    for (const name of webhook.names) names.add(name);
    sources.push(`${VARIABLES_WEBHOOK_CHART} (${describeObject(webhook.release)}) adds ${webhook.sources}`);
  }
  return { names, sources: sources.length > 0 ? sources.join('; ') : 'it defines none' };
}

/** The variables each release of the variables webhook in the files adds (see above). */
function injectedVariables(objects: readonly ManifestObject[], index: ObjectIndex, generated: GeneratedObjects): InjectedVariables[] {
  const releases = objects.filter((o) => o.kind === 'HelmRelease' && o.apiVersion.startsWith('helm.toolkit.fluxcd.io/')
    && isReleaseOfChart(o, objects, VARIABLES_WEBHOOK_CHART));
  return releases.map((release): InjectedVariables => {
    const values = releaseValuesOf(release, index, generated);
    if (!values) return { release, sources: 'variables from its values, which are not known here' };
    const namespace = releaseNamespace(release);
    const names = new Set<string>();
    const sources: string[] = [];
    for (const [field, kind] of [['configMaps', 'ConfigMap'], ['secrets', 'Secret']] as const) {
      const listed = values[field];
      for (const entry of Array.isArray(listed) ? listed : []) {
        const name = stringAt(entry, 'name');
        if (name === undefined) continue;
        const created = kind === 'ConfigMap' && fieldAt(entry, 'create') === true ? fieldAt(entry, 'data') : undefined;
        const source = created === undefined ? sourceOf(kind, name, namespace, release.cluster, index) : undefined;
        if (source === 'ambiguous' || (created === undefined && !source)) return { release, sources: `${kind} ${name}, which is not in the files` };
        const keys = source ? dataKeysOf(source) : keysOf({ data: created }, 'data');
        for (const key of keys) names.add(key);
        sources.push(`${kind} ${name}: ${keys.length > 0 ? keys.join(', ') : 'no keys'}`);
      }
    }
    return { release, names, sources: sources.length > 0 ? sources.join('; ') : 'nothing (its values list no ConfigMap or Secret)' };
  });
}

function sameCluster(a: string | undefined, b: string | undefined): boolean {
  return a === undefined || b === undefined || a === b;
}

/**
 * The ConfigMap or Secret a Kustomization (or the variables webhook) reads
 * variables from: in `namespace` and, where the files tell, `cluster`; `ambiguous` when the
 * files hold several (each cluster of the repository has its own, and
 * which one a cluster has is not known).
 */
function sourceOf(
  kind: string, name: string, namespace: string | undefined, cluster: string | undefined, index: ObjectIndex,
): ManifestObject | 'ambiguous' | undefined {
  const candidates = index.named('', kind, name).filter((o) => landsIn(o, namespace) && sameCluster(o.cluster, cluster));
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
