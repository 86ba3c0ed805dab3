import { ApiObject } from 'cdk8s';
import { IConstruct } from 'constructs';
import { FluxOci } from './settings';
import { FluxOciError } from '../foundation/errors';
import { builtObjectProblems, describeBuiltObjectProblems } from '../model/built-objects';
import { INVALID_BUILT_OBJECT_PREFIX } from '../model/errors';
import { KubeManifest } from '../model/kube-object';

/** True while an object is serialized to be checked: not yet the time for side effects of writing (lockfiles). */
let serializingToCheck = false;

/** Whether the current serialization is the check's, not cdk8s writing a file. */
export function isSerializingToCheck(): boolean {
  return serializingToCheck;
}

/**
 * Checks an object flux-oci built when cdk8s validates, before any file is
 * written: that it serializes at all, and that its final JSON (chart labels
 * and JSON patches applied) passes its CRD. This runs after the app's
 * registry check (the root's validation runs first).
 *
 * cdk8s validates every construct, then writes one chart file at a time; an
 * object that fails to serialize only then would leave the files of the
 * charts before it in dist/, so serializing here moves that failure before
 * the first file. Errors the builder raises on purpose (`FluxOciError`)
 * are left to the owner's own validation, which reports them.
 *
 * cdk8s validates the whole app again before writing each chart, all in one
 * synchronous `synth()`: the object is checked in the first of those passes
 * and skipped in the others until the next microtask, so a synth costs one
 * check per object, not one per chart. The files are still written from
 * JSON cdk8s builds itself.
 */
export function validatedAtSynth(owner: IConstruct, obj: ApiObject, produce?: () => KubeManifest): ApiObject {
  let checkedThisRun = false;
  obj.node.addValidation({
    validate: () => {
      if (checkedThisRun) return [];
      if (produce) {
        try {
          produce();
        } catch (e) {
          if (e instanceof FluxOciError) return [];
        }
      }
      let json: unknown;
      serializingToCheck = true;
      try {
        json = obj.toJson();
      } catch (e) {
        return [`${obj.kind} '${obj.name}' cannot be written: ${(e as Error).message}`];
      } finally {
        serializingToCheck = false;
      }
      const problems = builtObjectProblems(json, FluxOci._targetOf(owner));
      if (problems.length) return [`${INVALID_BUILT_OBJECT_PREFIX}:\n    ${describeBuiltObjectProblems(problems).join('\n    ')}`];
      checkedThisRun = true;
      queueMicrotask(() => { checkedThisRun = false; });
      return [];
    },
  });
  return obj;
}
