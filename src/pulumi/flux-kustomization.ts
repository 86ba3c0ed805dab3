import * as k8s from '@pulumi/kubernetes';
import * as pulumi from '@pulumi/pulumi';
import { checkDependencyArgs, dependencyInput, InputsOf, outputOf, ownedBy, throwIfAny, whenKnown } from './inputs';
import { customResource } from './kube-objects';
import { IOciArtifactSource } from './oci-artifact-source';
import { ArtifactPathError, PathFinding } from '../check/artifact-path';
import { IssueList } from '../foundation/issues';
import { buildKustomization, kustomizationHead, kustomizationType } from '../model/builders/kustomization';
import { DependencyRef, dependencyOf } from '../model/dependencies';
import { ObjectRef } from '../model/kube-object';
import {
  KustomizationOptions, KustomizationSourceRef, KustomizationSpec, kustomizationSpecOf, validateKustomization,
} from '../model/kustomization';
import { toDnsLabel } from '../model/names';
import { PULUMI_ORDERING, checkRenamedDependsOn } from '../model/renamed-options';

/** A Kustomization other Kustomizations can wait for (`fluxDependsOn`): a FluxKustomization, or `{ name, namespace }` of one that exists. */
export interface KustomizationReference {
  /** Name of the Kustomization object. */
  readonly name: pulumi.Input<string>;
  /**
   * Namespace of the Kustomization object.
   * @default - the depending Kustomization's namespace
   */
  readonly namespace?: pulumi.Input<string | undefined>;
}

/**
 * Args of a {@link FluxKustomization}: the Kustomization options both front
 * ends share (`KustomizationOptions`), each an `Input` that may hold
 * Outputs at any depth; `source` and `fluxDependsOn` are plain. Flux's
 * `fluxDependsOn` is not Pulumi's `opts.dependsOn`: Flux waits for those
 * Kustomizations to be ready in the cluster; Pulumi only orders its own
 * operations.
 */
export interface FluxKustomizationArgs extends InputsOf<KustomizationOptions<IOciArtifactSource, KustomizationReference>, 'source' | 'fluxDependsOn'> {}

/** Pulumi type token of FluxKustomization; part of stack state, never renamed. */
export const FLUX_KUSTOMIZATION_TYPE = 'flux-oci:index:FluxKustomization';

/**
 * Applies the manifests of an OCI artifact to the cluster: a
 * `kustomize.toolkit.fluxcd.io/v1` Kustomization whose `sourceRef` is an
 * OciArtifactSource, in the same namespace or another one. It targets the
 * Flux version of its source's `settings`.
 */
export class FluxKustomization extends pulumi.ComponentResource implements KustomizationReference {
  /** Name of the Kustomization. */
  public readonly name: pulumi.Output<string>;
  /** Namespace of the Kustomization; undefined when the provider's namespace applies. */
  public readonly namespace: pulumi.Output<string | undefined>;
  /** The Kustomization. */
  public readonly kustomization: k8s.apiextensions.CustomResource;

  constructor(name: string, args: FluxKustomizationArgs, opts?: pulumi.ComponentResourceOptions) {
    super(FLUX_KUSTOMIZATION_TYPE, name, {}, opts);
    const issues = new IssueList(name);
    if (!args.source || typeof args.source._sourceRef !== 'function') {
      issues.add('source', 'expected an OciArtifactSource (or OciArtifactSource.fromOCIRepositoryName())');
    }
    checkDependencyArgs(issues, args.fluxDependsOn, 'a FluxKustomization or { name, namespace } of a Kustomization');
    checkRenamedDependsOn(issues, args, PULUMI_ORDERING);
    throwIfAny(issues, '', this);

    const { source, fluxDependsOn, ...options } = args;
    const target = source._settings().target;
    const given = {
      ...options,
      name: args.name ?? toDnsLabel(name),
      sourceRef: source._sourceRef(),
      fluxDependsOn: fluxDependsOn?.map((d) => dependencyInput(d, (k: KustomizationReference) => ({ name: k.name, namespace: k.namespace }))),
    };
    const spec = outputOf(whenKnown(given, (g: GivenKustomization) => {
      const s = kustomizationSpecOf({ ...g, source: undefined }, {
        name: g.name, namespace: g.namespace ?? g.sourceRef.namespace, sourceRef: g.sourceRef, fluxDependsOn: g.fluxDependsOn,
      });
      const found = new IssueList(name);
      validateKustomization(s, target, found);
      throwIfAny(found);
      return s;
    }, this));

    // The source first, and the Kustomizations this one waits for: Pulumi creates them in Flux's order.
    const waitFor = [
      ...source._dependencies(), ...(fluxDependsOn ?? []).map(dependencyOf).filter((d): d is FluxKustomization => pulumi.Resource.isInstance(d)),
    ];
    // Names only: a secret substitution variable must not make the object's name a secret.
    const names = { name: given.name, namespace: args.namespace, sourceRef: given.sourceRef };
    const head = (outputOf(names) as pulumi.Output<{ name: string; namespace?: string; sourceRef: KustomizationSourceRef }>)
      .apply((h) => kustomizationHead({ name: h.name, namespace: h.namespace ?? h.sourceRef.namespace }, target));
    const checked = typeof source._checkPath === 'function'
      ? spec.apply((s) => source._checkPath!({ path: s.path, components: s.components }, this))
      : pulumi.output(undefined);
    const body = pulumi.all([spec, checked]).apply(ownedBy(this, ([s, finding]: [KustomizationSpec, PathFinding | undefined]) => {
      // A path Flux would build nothing from fails the Kustomization, so nothing Flux would fail on is created.
      if (finding?.severity === 'error') throw new ArtifactPathError(name, finding.message);
      if (finding) void pulumi.log.warn(`[${name}] ${finding.message}`, this);
      return buildKustomization(s, target);
    }));
    this.kustomization = customResource(name, kustomizationType(target), head, body,
      { parent: this, dependsOn: waitFor }, target);
    this.name = head.apply((h) => h.name);
    this.namespace = head.apply((h) => h.namespace);
    this.registerOutputs({ name: this.name, namespace: this.namespace });
  }
}

/** The args once their Inputs resolved, with the source and dependencies as the model sees them. */
type GivenKustomization = Omit<KustomizationOptions<never, ObjectRef>, 'source' | 'fluxDependsOn'> & {
  readonly name: string;
  readonly sourceRef: KustomizationSourceRef;
  readonly fluxDependsOn?: readonly DependencyRef[];
};
