import * as k8s from '@pulumi/kubernetes';
import * as pulumi from '@pulumi/pulumi';
import { FluxOciError } from '../foundation/errors';
import { ObjectHead, ObjectType, headFields } from '../model/builders/heads';
import { KubeManifest } from '../model/kube-object';

const kObjectShape = Symbol.for('flux-oci.error.PULUMI_OBJECT_SHAPE');

/**
 * A core builder returned an object the CustomResource created for it
 * cannot carry (another apiVersion or kind, a top-level field besides
 * `spec`): a flux-oci bug, reported instead of dropping data.
 */
export class ObjectShapeError extends FluxOciError {
  static [Symbol.hasInstance](x: unknown): boolean {
    return typeof x === 'object' && x !== null && (x as any)[kObjectShape] === true;
  }
  public readonly code: string = 'FLUX_OCI_PULUMI_OBJECT_SHAPE';
  constructor(public readonly expected: ObjectType, detail: string) {
    super(`internal error: the ${expected.apiVersion} ${expected.kind} resource ${detail}; please report this`);
    this.name = 'ObjectShapeError';
  }
  get [kObjectShape](): boolean {
    return true;
  }
}

const CARRIED = new Set(['apiVersion', 'kind', 'metadata', 'spec']);

/**
 * A Flux (or ESO) object as a Pulumi CustomResource: type from `type`, names
 * from `head`, body (`spec`, the only top-level field these CRDs take) from
 * a core builder. Head and body are separate Outputs so a secret Helm value
 * hides the body in diffs but not the object's name.
 */
export function customResource(
  name: string, type: ObjectType, head: pulumi.Output<ObjectHead>, body: pulumi.Output<KubeManifest>, opts: pulumi.CustomResourceOptions,
): k8s.apiextensions.CustomResource {
  const checked = (o: { apiVersion: string; kind: string }) => {
    if (o.apiVersion !== type.apiVersion || o.kind !== type.kind) throw new ObjectShapeError(type, `was built as ${o.apiVersion} ${o.kind}`);
  };
  return new k8s.apiextensions.CustomResource(name, {
    apiVersion: type.apiVersion,
    kind: type.kind,
    metadata: head.apply((h) => {
      checked(h);
      return { ...headFields(h).metadata };
    }),
    spec: body.apply((m) => {
      checked(m);
      const extra = Object.keys(m).filter((k) => !CARRIED.has(k));
      if (extra.length) throw new ObjectShapeError(type, `cannot carry the built fields ${extra.join(', ')}`);
      return m.spec;
    }),
  }, opts);
}
