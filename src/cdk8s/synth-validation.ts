import { ApiObject } from 'cdk8s';
import { IConstruct } from 'constructs';
import { FluxOci } from './settings';
import { builtObjectProblems, describeBuiltObjectProblems } from '../model/built-objects';
import { INVALID_BUILT_OBJECT_PREFIX } from '../model/errors';

/**
 * Checks an object flux-oci built against its CRD when cdk8s validates:
 * its final JSON (chart labels and JSON patches applied), after the app's
 * registry check (the root's validation runs first), before any file is
 * written. A builder error is left to the owner's own validation (or to
 * cdk8s), which reports it.
 *
 * cdk8s validates the whole app again before writing each chart, all in one
 * synchronous `synth()`: the object is checked in the first of those passes
 * and skipped in the others until the next microtask, so a synth costs one
 * check per object, not one per chart. The files are still written from
 * JSON cdk8s builds itself.
 */
export function validatedAtSynth(owner: IConstruct, obj: ApiObject): ApiObject {
  let checkedThisRun = false;
  obj.node.addValidation({
    validate: () => {
      if (checkedThisRun) return [];
      let json: unknown;
      try {
        json = obj.toJson();
      } catch {
        // cdk8s wraps the builder's error in a plain Error; it recurs, and
        // is reported, when the owner validates or cdk8s writes the file.
        return [];
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
