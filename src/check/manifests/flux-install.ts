/**
 * How the files install each cluster's Flux, where they tell: by
 * flux-operator (a FluxInstance, or a release of the flux-instance chart)
 * or from Flux's own manifests (its CRDs in the files: `flux bootstrap`'s
 * gotk-components.yaml, `flux install --export`). What differs for the
 * check: flux-operator patches notification-controller's Alert and
 * Receiver CRDs so that their event sources and resources may be its own
 * kinds (controlplaneio-fluxcd/flux-operator at 17c6aea:
 * internal/builder/templates.go `notificationPatchTmpl`, added by
 * internal/builder/components.go when notification-controller is a
 * component, as it is by default).
 */
import { instanceSettingsOf } from './applied';
import { GeneratedObjects } from './kustomize-generated';
import type { ManifestObject } from './manifest-object';
import { clustersOf, judgedClusters } from './object-clusters';
import { describeObject, ObjectIndex } from './object-index';

/** The kinds flux-operator adds to the Alert's `eventSources[].kind` and the Receiver's `resources[].kind`. */
export const OPERATOR_NOTIFICATION_KINDS: readonly string[] = ['FluxInstance', 'ResourceSet', 'ResourceSetInputProvider'];

/** How a cluster's Flux is installed, and what in the files says so (for messages). */
export interface FluxInstall {
  readonly by: 'flux-operator' | 'manifests';
  readonly where: string;
}

/** How Flux is installed in the clusters `object` is in; undefined where the files do not tell, or the clusters differ. */
export type FluxInstalls = (object: ManifestObject) => FluxInstall | undefined;

export function fluxInstallsIn(objects: readonly ManifestObject[], index: () => ObjectIndex, generated: GeneratedObjects): FluxInstalls {
  const found = new Map<string | undefined, FluxInstall[]>();
  const add = (object: ManifestObject, by: FluxInstall['by']): void => {
    const list = found.get(object.cluster) ?? [];
    list.push({ by, where: `${describeObject(object)} at ${object.location.file}:${object.location.line}` });
    found.set(object.cluster, list);
  };
  for (const object of objects) {
    if (object.kind === 'CustomResourceDefinition' && object.name?.endsWith('.notification.toolkit.fluxcd.io')) add(object, 'manifests');
    else if (instanceSettingsOf(object, objects, index, generated)) add(object, 'flux-operator');
  }
  const judged = judgedClusters(objects);
  return (object) => {
    const installs = judged(clustersOf(object)).map((c) => {
      const ways = found.get(c) ?? [];
      // A cluster whose files install Flux both ways is not known here.
      return ways.length > 0 && ways.every((w) => w.by === ways[0].by) ? ways[0] : undefined;
    });
    const [first] = installs;
    return first && installs.every((i) => i?.by === first.by) ? first : undefined;
  };
}
