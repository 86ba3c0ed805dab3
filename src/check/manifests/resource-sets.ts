/**
 * The objects a flux-operator ResourceSet applies, checked as the other
 * objects of the files are. flux-operator's own install and its
 * FluxInstance are often written this way: an OCIRepository and a
 * HelmRelease in a ResourceSet's `spec.resources`, which would otherwise
 * pass unseen.
 *
 * flux-operator (controlplaneio-fluxcd/flux-operator at 17c6aea:
 * internal/builder/resourceset.go `BuildResourceSet`,
 * internal/controller/resourceset_controller.go) renders each entry of
 * `spec.resources` (or of each `spec.steps[].resources`) as a Go
 * template with `<<` `>>` delimiters, once per input set of
 * `spec.inputs` and `spec.inputsFrom` (once when there are none); with
 * inputs it keeps the first object of each group, kind, namespace and
 * name and drops those annotated `fluxcd.controlplane.io/reconcile:
 * disabled`; then it sets `spec.commonMetadata` on each.
 *
 * So an entry with no template expression is the object applied, for any
 * inputs: it is checked, located inside the ResourceSet. What is not
 * known here is a note: entries that are templates, a `resourcesTemplate`,
 * and a ResourceSet with `inputsFrom`, whose providers (pull requests,
 * tags) may give no inputs, and then nothing is applied.
 */
import type { Finding } from './finding';
import type { ManifestObject } from './manifest-object';
import { describeObject, fieldAt, identityOf, isFluxOperatorObject, stringAt } from './object-index';
import { pointerAsField } from '../../foundation/json-pointer';
import { isPlainObject } from '../../model/json-values';

/** The annotation that keeps an object out of a ResourceSet with inputs. */
const RECONCILE_ANNOTATION = 'fluxcd.controlplane.io/reconcile';

/** `objects` with the objects each ResourceSet among them applies after it, and a note for what is not checked. */
export function withResourceSetObjects(objects: readonly ManifestObject[]): { readonly objects: ManifestObject[]; readonly findings: Finding[] } {
  const out: ManifestObject[] = [];
  const findings: Finding[] = [];
  for (const object of objects) {
    out.push(object);
    if (object.kind !== 'ResourceSet' || !isFluxOperatorObject(object)) continue;
    const made = resourceSetObjects(object);
    out.push(...made.objects);
    if (made.unchecked.length > 0) {
      findings.push({
        rule: 'not-checked',
        severity: 'note',
        location: object.location,
        object: identityOf(object),
        message: `${describeObject(object)}: ${made.unchecked.join('; ')}; what flux-operator applies from there is not checked`,
      });
    }
  }
  return { objects: out, findings };
}

/** The objects one ResourceSet applies for certain, and what of it is not checked, for the note. */
function resourceSetObjects(set: ManifestObject): { readonly objects: ManifestObject[]; readonly unchecked: string[] } {
  const unchecked: string[] = [];
  const inputsFrom = fieldAt(set.value, 'spec', 'inputsFrom');
  if (Array.isArray(inputsFrom) && inputsFrom.length > 0) {
    return { objects: [], unchecked: ['its resources are applied only when the input providers of spec.inputsFrom give inputs, which are not known here'] };
  }
  const inputs = fieldAt(set.value, 'spec', 'inputs');
  const withInputs = Array.isArray(inputs) && inputs.length > 0;
  const steps = fieldAt(set.value, 'spec', 'steps');
  const lists = Array.isArray(steps)
    ? steps.map((step, i) => ({ at: `/spec/steps/${i}`, step }))
    : [{ at: '/spec', step: set.value.spec }];
  const objects: ManifestObject[] = [];
  const seen = new Set<string>();
  let templates = 0;
  for (const { at, step } of lists) {
    if (stringAt(step, 'resourcesTemplate') !== undefined) unchecked.push(`${pointerAsField(`${at}/resourcesTemplate`)} is a template flux-operator renders with the ResourceSet's inputs`);
    const resources = fieldAt(step, 'resources');
    (Array.isArray(resources) ? resources : []).forEach((resource, i) => {
      if (!isPlainObject(resource)) return;
      if (JSON.stringify(resource).includes('<<')) {
        templates++;
        return;
      }
      const made = madeObject(set, resource, `${at}/resources/${i}`, Array.isArray(steps) ? 'spec/steps/resources' : 'spec/resources');
      if (!made) return;
      if (withInputs && fieldAt(made.value, 'metadata', 'annotations', RECONCILE_ANNOTATION) === 'disabled') return;
      // With inputs, the first object of each identity is kept; without, each is applied in turn (BuildResourceSet's `dedup`).
      const key = `${made.apiVersion.split('/')[0]}/${made.kind}/${made.namespace ?? ''}/${made.name ?? ''}`;
      if (withInputs && seen.has(key)) return;
      seen.add(key);
      objects.push(made);
    });
  }
  if (templates > 0) unchecked.unshift(`${templates} of its resources ${templates > 1 ? 'are templates' : 'is a template'} (<< >>) flux-operator renders with the ResourceSet's inputs`);
  return { objects, unchecked };
}

/** One resource of a ResourceSet as an object of the files: located inside the ResourceSet, in its cluster and built by what builds it. */
function madeObject(set: ManifestObject, resource: Record<string, unknown>, pointer: string, field: string): ManifestObject | undefined {
  const apiVersion = resource.apiVersion;
  const kind = resource.kind;
  if (typeof apiVersion !== 'string' || typeof kind !== 'string') return undefined;
  const value = withCommonMetadata(resource, fieldAt(set.value, 'spec', 'commonMetadata'));
  const name = stringAt(value, 'metadata', 'name');
  const namespace = stringAt(value, 'metadata', 'namespace');
  return {
    apiVersion,
    kind,
    ...(name !== undefined ? { name } : {}),
    ...(namespace !== undefined ? { namespace, appliedNamespace: namespace } : {}),
    ...(set.cluster !== undefined ? { cluster: set.cluster } : {}),
    ...(set.builtBy !== undefined ? { builtBy: set.builtBy } : {}),
    value,
    embeddedIn: { object: set, field },
    location: set.locate(pointer),
    locate: (p) => set.locate(`${pointer}${p}`),
  };
}

/** The resource with the ResourceSet's `commonMetadata` labels and annotations set on it (they win, as ssautil.SetCommonMetadata sets them). */
function withCommonMetadata(resource: Record<string, unknown>, common: unknown): Record<string, unknown> {
  const labels = fieldAt(common, 'labels');
  const annotations = fieldAt(common, 'annotations');
  if (!isPlainObject(labels) && !isPlainObject(annotations)) return resource;
  const metadata = isPlainObject(resource.metadata) ? resource.metadata : {};
  return {
    ...resource,
    metadata: {
      ...metadata,
      ...(isPlainObject(labels) ? { labels: { ...(isPlainObject(metadata.labels) ? metadata.labels : {}), ...labels } } : {}),
      ...(isPlainObject(annotations) ? { annotations: { ...(isPlainObject(metadata.annotations) ? metadata.annotations : {}), ...annotations } }
        : {}),
    },
  };
}
