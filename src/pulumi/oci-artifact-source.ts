import * as k8s from '@pulumi/kubernetes';
import * as pulumi from '@pulumi/pulumi';
import type { KustomizationPaths } from './chart-resolver';
import { asResourceError } from './errors';
import { InputsOf, outputOf, ownedBy, throwIfAny, whenKnown } from './inputs';
import { customResource } from './kube-objects';
import { IRegistrySecret } from './private-registry-secret';
import { accessDependencies, accessForCheck, accessRefs, RegistryAccessArgs, secretForUrl } from './registry-access';
import { SecretReference } from './secret-reference';
import { EffectiveSettings, FluxOciSettings, effectiveSettings } from './settings';
import type { PathFinding } from '../check/artifact-path';
import { artifactChartRequest } from '../check/artifact-request';
import type { ChartRequest } from '../check/request';
import { sourceRegistryAccess } from '../check/source-access';
import { IssueList } from '../foundation/issues';
import {
  artifactSourceSpecOf, ExistingOciRepositoryFields, OciArtifactSourceOptions, OciArtifactSourceSpec, validateArtifactSource,
} from '../model/artifact-source';
import { artifactSourceHead, artifactSourceType, buildArtifactRepository } from '../model/builders/artifact-repository';
import { checkDnsLabel, checkDnsSubdomain } from '../model/field-checks';
import { compact } from '../model/kube-object';
import { KustomizationSourceRef } from '../model/kustomization';
import { toDnsLabel } from '../model/names';
import { ResolvedChart } from '../model/resolution';
import { SettledSource } from '../model/source-options';

/** An OCIRepository holding plain manifests, as FluxKustomizations see it. */
export interface IOciArtifactSource {
  /** Name of the OCIRepository. */
  readonly name: pulumi.Input<string>;
  /** Namespace of the OCIRepository; undefined when the provider's namespace applies. */
  readonly namespace?: pulumi.Input<string | undefined>;
  /**
   * The reference a Kustomization writes as its `sourceRef`.
   * @internal
   */
  _sourceRef(): pulumi.Input<KustomizationSourceRef>;
  /**
   * The settings Kustomizations of this source inherit (their target).
   * @internal
   */
  _settings(): EffectiveSettings;
  /**
   * What objects reading the source must wait for.
   * @internal
   */
  _dependencies(): pulumi.Resource[];
  /**
   * What kustomize-controller finds at `path` in the artifact; absent for
   * an OCIRepository that exists in the cluster (its artifact is not known).
   * @internal
   */
  _checkPath?(kustomization: KustomizationPaths, owner: pulumi.Resource): pulumi.Output<PathFinding | undefined>;
}

/**
 * Args of an {@link OciArtifactSource}: the artifact options both front
 * ends share (`OciArtifactSourceOptions`), each an `Input`; the Secrets and
 * `verify` are plain.
 */
export interface OciArtifactSourceArgs extends InputsOf<OciArtifactSourceOptions<IRegistrySecret, SecretReference>, SourceComponents> {
  /**
   * Flux version, and how the registry check runs (`resolve`), inherited by
   * the FluxKustomizations of this source. `pin` and `resolver` apply to
   * ChartReleases only.
   * @default - the newest Flux, the registry check with `FLUX_OCI_RESOLVE` (else 'auto')
   */
  readonly settings?: FluxOciSettings;
}

/** Options for `OciArtifactSource.fromOCIRepositoryName` (see `ExistingOciRepositoryFields`). */
export interface ExistingOciRepositoryOptions extends InputsOf<ExistingOciRepositoryFields> {
  /**
   * Inherited by the FluxKustomizations of this source, as with `OciArtifactSourceArgs.settings`.
   * @default - the newest Flux
   */
  readonly settings?: FluxOciSettings;
}

/** Args that are components or objects, passed as they are. */
type SourceComponents = 'secret' | 'certSecret' | 'proxySecret' | 'verify';

/** Pulumi type token of OciArtifactSource; part of stack state, never renamed. */
export const OCI_ARTIFACT_SOURCE_TYPE = 'flux-oci:index:OciArtifactSource';

/**
 * An OCI artifact of plain Kubernetes manifests (`flux push artifact`,
 * `flux-oci push artifact`), as a `source.toolkit.fluxcd.io` OCIRepository
 * that extracts Flux's content layer. A FluxKustomization applies it.
 *
 * During preview and update the registry is asked for what Flux will pull
 * (the digest, else the highest `semver` match, else the tag, `latest` by
 * default), so a typo'd tag or path fails the preview, not the reconcile.
 * The OCIRepository is written as given; `resolvedArtifact` holds what the
 * check found.
 */
export class OciArtifactSource extends pulumi.ComponentResource implements IOciArtifactSource {
  /** An OCIRepository that already exists in the cluster; nothing is created for it. */
  public static fromOCIRepositoryName(name: pulumi.Input<string>, options: ExistingOciRepositoryOptions = {}): IOciArtifactSource {
    return new ExistingOciArtifactSource(name, options);
  }

  /** Name of the OCIRepository. */
  public readonly name: pulumi.Output<string>;
  /** Namespace of the OCIRepository; undefined when the provider's namespace applies. */
  public readonly namespace: pulumi.Output<string | undefined>;
  /** Repository of the artifact, `oci://host[:port]/path`. */
  public readonly url: pulumi.Output<string>;
  /** What the registry check found: the tag or version Flux will pull and its digest; undefined with checks off. */
  public readonly resolvedArtifact: pulumi.Output<ResolvedChart | undefined>;
  /** The OCIRepository. */
  public readonly ociRepository: k8s.apiextensions.CustomResource;
  private readonly settings: EffectiveSettings;
  private readonly access: RegistryAccessArgs;
  private readonly request: pulumi.Output<ChartRequest>;
  /** The OCIRepository's `spec.ignore`, which the path check applies. */
  private readonly ignore: pulumi.Output<string | undefined>;

  constructor(name: string, args: OciArtifactSourceArgs, opts?: pulumi.ComponentResourceOptions) {
    super(OCI_ARTIFACT_SOURCE_TYPE, name, {}, opts);
    this.settings = effectiveSettings(name, args.settings);
    const target = this.settings.target;
    this.access = { secret: args.secret, certSecret: args.certSecret, proxySecret: args.proxySecret };

    const { settings: _settings, secret: _secret, certSecret: _certSecret, proxySecret: _proxySecret, verify, ...options } = args;
    const given = { ...options, name: args.name ?? toDnsLabel(name), ...accessRefs(args) };
    const spec = outputOf(whenKnown(given, (g: GivenArtifactSource): OciArtifactSourceSpec => {
      const url = typeof g.url === 'string' ? g.url.replace(/\/+$/, '') : g.url;
      const s = artifactSourceSpecOf({ ...g, verify }, {
        url, name: g.name, namespace: g.namespace, secret: g.secret, certSecretRef: g.certSecretRef, proxySecretRef: g.proxySecretRef,
      });
      const issues = new IssueList(name);
      validateArtifactSource(s, target, issues);
      throwIfAny(issues);
      return s;
    }, this));

    this.ignore = spec.apply((s) => s.ignore);
    const check = accessForCheck(this.access);
    // Holds the pull credentials: stays private, read only by the checks.
    this.request = pulumi.all([spec, check.credentials, check.caCert]).apply(([s, credentials, caCert]) =>
      artifactChartRequest(name, s, sourceRegistryAccess(s, secretForUrl(s.url, credentials), caCert), target));
    const resolved = this.request.apply(async (request) => {
      try {
        return await this.settings.lookup(request);
      } catch (e) {
        throw asResourceError(e, this);
      }
    });
    // Only the tag, version and digest come out; they are not secret.
    this.resolvedArtifact = pulumi.unsecret(resolved);

    this.ociRepository = customResource(name, artifactSourceType(target),
      spec.apply((s) => artifactSourceHead(s, target)),
      // A failed check fails the OCIRepository, so nothing Flux would fail on is created.
      pulumi.all([spec, this.resolvedArtifact]).apply(ownedBy(this, ([s]) => buildArtifactRepository(s, target))),
      { parent: this, dependsOn: accessDependencies(this.access) }, target);

    this.name = spec.apply((s) => s.name);
    this.namespace = spec.apply((s) => s.namespace);
    this.url = spec.apply((s) => s.url);
    this.registerOutputs({ name: this.name, namespace: this.namespace, url: this.url, resolvedArtifact: this.resolvedArtifact });
  }

  /** @internal */
  public _sourceRef(): pulumi.Input<KustomizationSourceRef> {
    return pulumi.all([this.name, this.namespace]).apply(([n, ns]) => compact({ kind: 'OCIRepository' as const, name: n, namespace: ns }));
  }

  /** @internal */
  public _settings(): EffectiveSettings {
    return this.settings;
  }

  /** @internal */
  public _dependencies(): pulumi.Resource[] {
    return [this.ociRepository];
  }

  /** @internal */
  public _checkPath(kustomization: KustomizationPaths, owner: pulumi.Resource): pulumi.Output<PathFinding | undefined> {
    const finding = pulumi.all([this.request, this.ignore]).apply(async ([request, ignore]) => {
      try {
        return await this.settings.pathCheck(request, kustomization, ignore);
      } catch (e) {
        throw asResourceError(e, owner);
      }
    });
    // Only the message comes out: paths and folder names, never a credential.
    return pulumi.unsecret(finding);
  }
}

class ExistingOciArtifactSource implements IOciArtifactSource {
  public readonly name: pulumi.Input<string>;
  public readonly namespace?: pulumi.Input<string | undefined>;
  private readonly settings: EffectiveSettings;
  private readonly ref: pulumi.Input<KustomizationSourceRef>;

  constructor(name: pulumi.Input<string>, options: ExistingOciRepositoryOptions) {
    const path = 'OciArtifactSource.fromOCIRepositoryName';
    this.settings = effectiveSettings(path, options.settings);
    this.ref = whenKnown({ name, namespace: options.namespace }, (g: { name: string; namespace?: string }) => {
      const issues = new IssueList(path);
      checkDnsSubdomain(issues, 'name', g.name);
      checkDnsLabel(issues, 'namespace', g.namespace);
      throwIfAny(issues);
      return compact({ kind: 'OCIRepository' as const, name: g.name, namespace: g.namespace });
    });
    this.name = whenKnown(this.ref, (r: KustomizationSourceRef) => r.name);
    this.namespace = whenKnown(this.ref, (r: KustomizationSourceRef) => r.namespace);
  }

  /** @internal */
  public _sourceRef(): pulumi.Input<KustomizationSourceRef> {
    return this.ref;
  }

  /** @internal */
  public _settings(): EffectiveSettings {
    return this.settings;
  }

  /** @internal */
  public _dependencies(): pulumi.Resource[] {
    return [];
  }
}

/** The args once their Inputs resolved. */
type GivenArtifactSource = Omit<OciArtifactSourceOptions<never, never>, SourceComponents> & SettledSource;
