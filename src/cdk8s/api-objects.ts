import { ApiObject, Lazy } from 'cdk8s';
import { Construct, IConstruct } from 'constructs';
import { registerObjectName } from './name-registry';
import { FluxOci } from './settings';
import { builtObjectProblems, describeBuiltObjectProblems } from '../model/built-objects';
import { ObjectHead } from '../model/builders/heads';
import { INVALID_BUILT_OBJECT_PREFIX } from '../model/errors';
import { KubeManifest } from '../model/kube-object';

/**
 * An ApiObject whose body comes from a core builder at synth time, so the
 * resolver's result (known only after construction) reaches the manifest.
 * Chart labels, JSON patches and key ordering stay cdk8s's.
 */
export function lazyApiObject(owner: IConstruct, scope: Construct, id: string, head: ObjectHead, produce: () => KubeManifest): ApiObject {
  registerObjectName(owner, head.apiVersion, head.kind, head.namespace, head.name);
  return validatedAtSynth(owner, new ApiObject(scope, id, {
    apiVersion: head.apiVersion,
    kind: head.kind,
    metadata: { name: head.name, namespace: head.namespace },
    spec: Lazy.any({ produce: () => produce().spec }),
  }));
}

/** An ApiObject written as a core builder made it (Secrets, ExternalSecrets: nothing resolved later). */
export function eagerApiObject(owner: IConstruct, scope: Construct, id: string, manifest: KubeManifest): ApiObject {
  const { apiVersion, kind, metadata, ...rest } = manifest;
  registerObjectName(owner, apiVersion, kind, metadata.namespace, metadata.name);
  return validatedAtSynth(owner, new ApiObject(scope, id, { apiVersion, kind, metadata: { ...metadata }, ...rest }));
}

/**
 * Checks the object's final JSON (labels and JSON patches applied) against
 * its CRD when cdk8s validates: after the app's registry check (the root's
 * validation runs first), before any file is written. A builder error is
 * left to the owner's own validation (or to cdk8s), which reports it.
 */
function validatedAtSynth(owner: IConstruct, obj: ApiObject): ApiObject {
  obj.node.addValidation({
    validate: () => {
      let json: unknown;
      try {
        json = obj.toJson();
      } catch {
        // cdk8s wraps the builder's error in a plain Error; it recurs, and
        // is reported, when the owner validates or cdk8s writes the file.
        return [];
      }
      const problems = builtObjectProblems(json, FluxOci._targetOf(owner));
      return problems.length ? [`${INVALID_BUILT_OBJECT_PREFIX}:\n    ${describeBuiltObjectProblems(problems).join('\n    ')}`] : [];
    },
  });
  return obj;
}
