import * as k8s from '@pulumi/kubernetes';
import * as pulumi from '@pulumi/pulumi';
import { ObjectShapeError } from './errors';
import { ownedBy } from './inputs';
import { ObjectHead, ObjectType } from '../model/builders/heads';
import { assertValidBuiltObject } from '../model/built-objects';
import { KubeManifest, meta } from '../model/kube-object';
import type { Target } from '../model/target';

const CARRIED = new Set(['apiVersion', 'kind', 'metadata', 'spec']);

/**
 * A Flux (or ESO) object as a Pulumi CustomResource: type from `type`, names
 * from `head`, body (`spec`, the only top-level field these CRDs take) from
 * a core builder. Head and body are separate Outputs so a secret Helm value
 * hides the body in diffs but not the object's name. The built object is
 * checked against its CRD, as `target`'s Flux serves it, when the body
 * resolves: a builder bug fails the resource with the field and the CRD's message.
 */
export function customResource(
  name: string, type: ObjectType, head: pulumi.Output<ObjectHead>, body: pulumi.Output<KubeManifest>, opts: pulumi.CustomResourceOptions,
  target: Target,
): k8s.apiextensions.CustomResource {
  const checked = (o: { apiVersion: string; kind: string }) => {
    if (o.apiVersion !== type.apiVersion || o.kind !== type.kind) throw new ObjectShapeError(type, `was built as ${o.apiVersion} ${o.kind}`);
  };
  return new k8s.apiextensions.CustomResource(name, {
    apiVersion: type.apiVersion,
    kind: type.kind,
    metadata: head.apply((h) => {
      checked(h);
      return meta(h.name, h.namespace);
    }),
    // A builder bug is reported as the owning component's error, like its other errors.
    spec: body.apply(ownedBy(opts.parent, (m: KubeManifest) => {
      checked(m);
      const extra = Object.keys(m).filter((k) => !CARRIED.has(k));
      if (extra.length) throw new ObjectShapeError(type, `cannot carry the built fields ${extra.join(', ')}`);
      assertValidBuiltObject(name, m, target);
      return m.spec;
    })),
  }, opts);
}
