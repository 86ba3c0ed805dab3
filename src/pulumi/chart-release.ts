import * as k8s from '@pulumi/kubernetes';
import * as pulumi from '@pulumi/pulumi';
import { asResourceError } from './errors';
import { checkDependencyArgs, dependencyInput, InputsOf, outputOf, ownedBy, throwIfAny, whenKnown } from './inputs';
import { customResource } from './kube-objects';
import { IOciHelmSource } from './oci-helm-source';
import { secretForUrl } from './registry-access';
import { EffectiveSettings } from './settings';
import { warnWhenValuesUnknown } from './values-check';
import { IssueList } from '../foundation/issues';
import { ReleaseObjectRole, releaseObjectHead, releaseObjectType } from '../model/builders/heads';
import { buildReleaseObject, releaseObjectRoles } from '../model/builders/objects';
import { DependencyRef, dependencyOf } from '../model/dependencies';
import { compact, ObjectRef } from '../model/kube-object';
import { toDnsLabel } from '../model/names';
import { ChartReleaseOptions, ChartReleaseSpec, releaseSpecOf, releaseStrategy, validateRelease } from '../model/release';
import { PULUMI_ORDERING, checkRenamedDependsOn } from '../model/renamed-options';
import { ResolvedChart } from '../model/resolution';
import { OciSourceSpec } from '../model/source';

/** A HelmRelease other releases can wait for (`fluxDependsOn`): a ChartRelease, or `{ name, namespace }` of one that exists. */
export interface ChartReleaseReference {
  /** Name of the HelmRelease object. */
  readonly name: pulumi.Input<string>;
  /**
   * Namespace of the HelmRelease object.
   * @default - the depending release's namespace
   */
  readonly namespace?: pulumi.Input<string | undefined>;
}

/**
 * Args of a {@link ChartRelease}: the release options both front ends share
 * (`ChartReleaseOptions`), each an `Input` that may hold Outputs at any
 * depth, `chart` and `version` included (the registry check waits for
 * them); `source`, `fluxDependsOn` and `strategy` (which decides the
 * resources' types) are plain. Flux's `fluxDependsOn` is not Pulumi's
 * `opts.dependsOn`: Flux waits for those HelmReleases to be ready in the
 * cluster; Pulumi only orders its own operations.
 */
export interface ChartReleaseArgs<TValues extends object = Record<string, unknown>>
  extends InputsOf<ChartReleaseOptions<IOciHelmSource, ChartReleaseReference, TValues>, 'source' | 'fluxDependsOn' | 'strategy'> {}

/** Pulumi type token of ChartRelease; part of stack state, never renamed. */
export const CHART_RELEASE_TYPE = 'flux-oci:index:ChartRelease';

/**
 * A Helm chart from an OCI source, installed by Flux: a HelmRelease, plus
 * its OCIRepository with the OCIRepository strategy. The chart is resolved
 * against the registry while Pulumi evaluates the program, so the preview
 * shows the version (and digest) `pin` writes, a chart that does not
 * exist fails the preview, and so do values the chart rejects.
 *
 * @typeParam TValues the chart's values type, e.g. the interface `flux-oci import` wrote
 */
export class ChartRelease<TValues extends object = Record<string, unknown>> extends pulumi.ComponentResource implements ChartReleaseReference {
  /** Name of the HelmRelease. */
  public readonly name: pulumi.Output<string>;
  /** Namespace of the HelmRelease (and, by default, of the source objects). */
  public readonly namespace: pulumi.Output<string | undefined>;
  /** Name of the release's OCIRepository; undefined with the HelmRepository strategy or the helm-operator target. */
  public readonly ociRepositoryName: pulumi.Output<string | undefined>;
  /** The version resolution found; undefined without resolution. */
  public readonly resolvedVersion: pulumi.Output<string | undefined>;
  /** The manifest digest resolution found; undefined without resolution. */
  public readonly resolvedDigest: pulumi.Output<string | undefined>;
  /** The HelmRelease. */
  public readonly helmRelease: k8s.apiextensions.CustomResource;
  /** The OCIRepository, with the OCIRepository strategy. */
  public readonly ociRepository?: k8s.apiextensions.CustomResource;
  private readonly ref: pulumi.Input<ObjectRef>;

  constructor(name: string, args: ChartReleaseArgs<TValues>, opts?: pulumi.ComponentResourceOptions) {
    super(CHART_RELEASE_TYPE, name, {}, opts);
    const issues = new IssueList(name);
    if (!args.source || typeof args.source._spec !== 'function') {
      issues.add('source', 'expected an OciHelmSource (or OciHelmSource.fromHelmRepositoryName())');
    }
    checkDependencyArgs(issues, args.fluxDependsOn, 'a ChartRelease or { name, namespace } of a HelmRelease');
    checkRenamedDependsOn(issues, args, PULUMI_ORDERING);
    throwIfAny(issues, '', this);

    const { source, fluxDependsOn, ...options } = args;
    const settings = source._settings();
    const target = settings.target;
    const given = {
      ...options,
      source: source._spec(),
      name: args.name ?? toDnsLabel(name),
      fluxDependsOn: fluxDependsOn?.map((d) => dependencyInput(d, referenceOf)),
    };
    const specInput = whenKnown(given, (g: GivenRelease) => validated(name, releaseSpecFrom(g, settings), settings), this);
    // Names and namespaces only: Helm values (possibly secret) stay out of the objects' metadata.
    const headInput = whenKnown({ ...given, values: undefined }, (g: GivenRelease) => releaseSpecFrom(g, settings));
    this.ref = whenKnown(headInput, (s: ChartReleaseSpec): ObjectRef => ({ name: s.name, namespace: s.namespace }));

    const spec = outputOf(specInput);
    const heads = outputOf(headInput);
    warnWhenValuesUnknown(name, args.values, this);
    const resolved = resolution(name, spec, source, settings, this);

    const strategy = releaseStrategy({ strategy: args.strategy, source: { strategy: source._strategy() } });
    const sourceDependencies = source._useStrategy(strategy);
    const releaseDependencies = (fluxDependsOn ?? []).map(dependencyOf)
      .filter((d): d is ChartRelease & pulumi.Resource => pulumi.Resource.isInstance(d));
    const roles = releaseObjectRoles(strategy, target);
    const create = (role: ReleaseObjectRole, waitFor: pulumi.Resource[]) => customResource(name, releaseObjectType(role, target),
      heads.apply((s) => releaseObjectHead(role, s, target)),
      pulumi.all([spec, resolved]).apply(ownedBy(this, ([s, r]) => buildReleaseObject(role, s, target, r))),
      { parent: this, dependsOn: waitFor }, target);
    // The chart's source object first, then the HelmRelease that reads it.
    this.ociRepository = roles.includes('OCIRepository') ? create('OCIRepository', sourceDependencies) : undefined;
    this.helmRelease = create('HelmRelease', [...(this.ociRepository ? [this.ociRepository] : sourceDependencies), ...releaseDependencies]);

    this.name = heads.apply((s) => s.name);
    this.namespace = heads.apply((s) => s.namespace);
    this.ociRepositoryName = this.ociRepository
      ? heads.apply((s) => releaseObjectHead('OCIRepository', s, target).name)
      : pulumi.output(undefined);
    this.resolvedVersion = resolved.apply((r) => r?.version);
    this.resolvedDigest = resolved.apply((r) => r?.digest);
    this.registerOutputs({
      name: this.name,
      namespace: this.namespace,
      ociRepositoryName: this.ociRepositoryName,
      resolvedVersion: this.resolvedVersion,
      resolvedDigest: this.resolvedDigest,
    });
  }

  /**
   * Name and namespace as given, plain when they are, so releases depending
   * on this one can still be checked at construction.
   * @internal
   */
  public _ref(): pulumi.Input<ObjectRef> {
    return this.ref;
  }
}

/** A release's name and namespace as the HelmRelease writes them: a ChartRelease's own, or the names given. */
function referenceOf(release: ChartReleaseReference): unknown {
  return release instanceof ChartRelease ? release._ref() : { name: release.name, namespace: release.namespace };
}

/** The args once their Inputs resolved, with the source and dependencies as the model sees them. */
type GivenRelease = Omit<ChartReleaseOptions<OciSourceSpec, ObjectRef>, 'fluxDependsOn'> & {
  readonly name: string;
  readonly fluxDependsOn?: readonly DependencyRef[];
};

function releaseSpecFrom(g: GivenRelease, settings: EffectiveSettings): ChartReleaseSpec {
  return releaseSpecOf(g, {
    name: g.name,
    namespace: g.namespace ?? g.source.namespace,
    source: g.source,
    fluxDependsOn: g.fluxDependsOn,
    pin: g.pin ?? settings.pin,
  });
}

function validated(path: string, spec: ChartReleaseSpec, settings: EffectiveSettings): ChartReleaseSpec {
  const issues = new IssueList(path);
  validateRelease(spec, settings.target, issues);
  throwIfAny(issues);
  return spec;
}

/**
 * The resolver's answer, computed while Pulumi evaluates the program. It
 * sees the pull credentials inside the secret Output; only the version,
 * tag and digest come out, and those are not secret.
 */
function resolution(
  path: string, spec: pulumi.Output<ChartReleaseSpec>, source: IOciHelmSource, settings: EffectiveSettings, owner: pulumi.Resource,
): pulumi.Output<ResolvedChart | undefined> {
  const resolving = pulumi.all([spec, source._credentials(), source._caCert(), pulumi.isSecret(spec)]).apply(async ([s, c, caCert, secretValues]) => {
    try {
      return await settings.resolver(s, compact({
        path,
        target: settings.target,
        ...secretForUrl(s.source.url, c),
        caCert,
        strictValues: settings.strictValues,
        secretValues: secretValues || undefined,
        info: (message: string) => void pulumi.log.info(message, owner),
      }));
    } catch (e) {
      throw asResourceError(e, owner);
    }
  });
  return pulumi.unsecret(resolving);
}
