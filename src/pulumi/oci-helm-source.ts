import * as k8s from '@pulumi/kubernetes';
import * as pulumi from '@pulumi/pulumi';
import { InputsOf, outputOf, ownedBy, throwIfAny, whenKnown } from './inputs';
import { customResource } from './kube-objects';
import { IRegistrySecret, RegistryCredentials } from './private-registry-secret';
import { accessDependencies, accessForCheck, accessRefs, RegistryAccessArgs } from './registry-access';
import { SecretReference } from './secret-reference';
import { EffectiveSettings, FluxOciSettings, effectiveSettings } from './settings';
import { IssueList } from '../foundation/issues';
import { sourceObjectHead, sourceObjectType } from '../model/builders/heads';
import { buildSourceObject, sourceNeedsRepositoryObject } from '../model/builders/objects';
import { toDnsLabel } from '../model/names';
import { OciSourceSpec, SourceStrategy, validateSource } from '../model/source';
import { ExistingHelmRepositoryFields, OciHelmSourceOptions, SettledSource, sourceSpecOf } from '../model/source-options';

/** A registry location holding charts, as ChartReleases see it. */
export interface IOciHelmSource {
  /** `oci://host[:port]/path`. */
  readonly url: pulumi.Input<string>;
  /** Name of the HelmRepository (HelmRepository strategy). */
  readonly name: pulumi.Input<string>;
  /** Namespace of the source objects and their Secrets. */
  readonly namespace?: pulumi.Input<string | undefined>;
  /** @internal */
  _spec(): pulumi.Input<OciSourceSpec>;
  /** @internal */
  _settings(): EffectiveSettings;
  /**
   * The strategy given to the source (known at construction).
   * @internal
   */
  _strategy(): SourceStrategy | undefined;
  /** @internal */
  _credentials(): pulumi.Output<RegistryCredentials | undefined>;
  /**
   * The PEM CA the `certSecret` holds, for the registry check.
   * @internal
   */
  _caCert(): pulumi.Input<string | undefined>;
  /**
   * Called by each ChartRelease: creates the HelmRepository when the
   * strategy needs one, and returns what the release's objects must wait for.
   * @internal
   */
  _useStrategy(strategy: SourceStrategy): pulumi.Resource[];
}

/**
 * Args of an {@link OciHelmSource}: the source options both front ends share
 * (`OciHelmSourceOptions`), each an `Input`; the Secrets, `verify` and
 * `strategy` are plain.
 */
export interface OciHelmSourceArgs extends InputsOf<OciHelmSourceOptions<IRegistrySecret, SecretReference>, SourceComponents | 'strategy'> {
  /**
   * Target controller, Flux version, default `pin` and resolver, inherited
   * by the releases from this source.
   * @default - the newest Flux, pin 'none', `defaultChartResolver`
   */
  readonly settings?: FluxOciSettings;
}

/** Options for `OciHelmSource.fromHelmRepositoryName`. */
export interface ExistingHelmRepositoryOptions extends InputsOf<ExistingHelmRepositoryFields<IRegistrySecret>, 'secret' | 'strategy'> {
  /**
   * Inherited by the releases, as with `OciHelmSourceArgs.settings`.
   * @default - the newest Flux, pin 'none', `defaultChartResolver`
   */
  readonly settings?: FluxOciSettings;
}

/** Args that are components or objects, passed as they are. */
type SourceComponents = 'secret' | 'certSecret' | 'proxySecret' | 'verify';

/** Pulumi type token of OciHelmSource; part of stack state, never renamed. */
export const OCI_HELM_SOURCE_TYPE = 'flux-oci:index:OciHelmSource';

/**
 * A registry location holding charts (`oci://host/path`) and how Flux
 * reaches it. Creates a HelmRepository `type: oci` when a release uses the
 * HelmRepository strategy; OCIRepository-strategy releases carry their
 * own OCIRepository built from these settings.
 */
export class OciHelmSource extends pulumi.ComponentResource implements IOciHelmSource {
  /** A HelmRepository that already exists in the cluster; nothing is created for it. */
  public static fromHelmRepositoryName(name: pulumi.Input<string>, options: ExistingHelmRepositoryOptions): IOciHelmSource {
    return new ExistingOciHelmSource(name, options);
  }

  public readonly url: pulumi.Output<string>;
  public readonly name: pulumi.Output<string>;
  public readonly namespace: pulumi.Output<string | undefined>;
  private readonly resourceName: string;
  private readonly spec: pulumi.Input<OciSourceSpec>;
  private readonly settings: EffectiveSettings;
  private readonly access: RegistryAccessArgs;
  private readonly strategy?: SourceStrategy;
  private repository?: k8s.apiextensions.CustomResource;

  constructor(name: string, args: OciHelmSourceArgs, opts?: pulumi.ComponentResourceOptions) {
    super(OCI_HELM_SOURCE_TYPE, name, {}, opts);
    this.resourceName = name;
    this.settings = effectiveSettings(name, args.settings);
    this.access = { secret: args.secret, certSecret: args.certSecret, proxySecret: args.proxySecret };
    this.strategy = args.strategy;
    this.spec = sourceSpec(name, args, this.settings, false, this);
    const spec = outputOf(this.spec);
    this.url = spec.apply((s) => s.url);
    this.name = spec.apply((s) => s.name);
    this.namespace = spec.apply((s) => s.namespace);
    this.registerOutputs({ url: this.url, name: this.name, namespace: this.namespace });
  }

  /** The HelmRepository, once a HelmRepository-strategy release (or the helm-operator target) needs it. */
  public get helmRepository(): k8s.apiextensions.CustomResource | undefined {
    return this.repository;
  }

  /** @internal */
  public _spec(): pulumi.Input<OciSourceSpec> {
    return this.spec;
  }

  /** @internal */
  public _settings(): EffectiveSettings {
    return this.settings;
  }

  /** @internal */
  public _strategy(): SourceStrategy | undefined {
    return this.strategy;
  }

  /** @internal */
  public _credentials(): pulumi.Output<RegistryCredentials | undefined> {
    return accessForCheck(this.access).credentials;
  }

  /** @internal */
  public _caCert(): pulumi.Input<string | undefined> {
    return accessForCheck(this.access).caCert;
  }

  /** @internal */
  public _useStrategy(strategy: SourceStrategy): pulumi.Resource[] {
    const waitFor = accessDependencies(this.access);
    const target = this.settings.target;
    if (!this.repository && sourceNeedsRepositoryObject(target, [strategy])) {
      const spec = outputOf(this.spec);
      this.repository = customResource(this.resourceName, sourceObjectType(target),
        spec.apply((s) => sourceObjectHead(s, target)), spec.apply(ownedBy(this, (s: OciSourceSpec) => buildSourceObject(s, target))),
        { parent: this, dependsOn: waitFor }, target);
    }
    return this.repository ? [this.repository] : waitFor;
  }
}

class ExistingOciHelmSource implements IOciHelmSource {
  public readonly url: pulumi.Input<string>;
  public readonly namespace?: pulumi.Input<string | undefined>;
  private readonly spec: pulumi.Input<OciSourceSpec>;
  private readonly settings: EffectiveSettings;

  constructor(public readonly name: pulumi.Input<string>, private readonly options: ExistingHelmRepositoryOptions) {
    const path = 'OciHelmSource.fromHelmRepositoryName';
    this.settings = effectiveSettings(path, options.settings);
    this.spec = sourceSpec(path, { ...options, name, strategy: options.strategy ?? 'HelmRepository' }, this.settings, true);
    this.url = whenKnown(this.spec, (s: OciSourceSpec) => s.url);
    this.namespace = whenKnown(this.spec, (s: OciSourceSpec) => s.namespace);
  }

  /** @internal */
  public _spec(): pulumi.Input<OciSourceSpec> {
    return this.spec;
  }

  /** @internal */
  public _settings(): EffectiveSettings {
    return this.settings;
  }

  /** @internal */
  public _strategy(): SourceStrategy | undefined {
    return this.options.strategy ?? 'HelmRepository';
  }

  /** @internal */
  public _credentials(): pulumi.Output<RegistryCredentials | undefined> {
    return this.options.secret?._credentials() ?? pulumi.output(undefined);
  }

  /** @internal */
  public _caCert(): pulumi.Input<string | undefined> {
    return undefined;
  }

  /** @internal */
  public _useStrategy(): pulumi.Resource[] {
    return this.options.secret?._dependencies() ?? [];
  }
}

/** The args as the model's OciSourceSpec, validated now when plain, else when they resolve. */
function sourceSpec(
  path: string, args: OciHelmSourceArgs, settings: EffectiveSettings, imported: boolean, owner?: pulumi.Resource,
): pulumi.Input<OciSourceSpec> {
  // Components and class instances stay out of what Pulumi unwraps.
  const { settings: _settings, secret: _secret, certSecret: _certSecret, proxySecret: _proxySecret, verify, ...options } = args;
  const given = { ...options, name: args.name ?? toDnsLabel(path), ...accessRefs(args) };
  return whenKnown(given, (g: GivenSource): OciSourceSpec => {
    const url = typeof g.url === 'string' ? g.url.replace(/\/+$/, '') : g.url;
    const spec = sourceSpecOf({ ...g, verify }, {
      url, name: g.name, namespace: g.namespace, secret: g.secret, certSecretRef: g.certSecretRef, proxySecretRef: g.proxySecretRef,
    }, imported);
    const issues = new IssueList(path);
    validateSource(spec, settings.target, issues);
    throwIfAny(issues);
    return spec;
  }, owner);
}

/** The args once their Inputs resolved. */
type GivenSource = Omit<OciHelmSourceOptions<never, never>, SourceComponents> & SettledSource;
