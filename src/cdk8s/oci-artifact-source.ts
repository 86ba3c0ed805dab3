import { Construct, IConstruct } from 'constructs';
import { lazyApiObject } from './api-objects';
import { attachAppResolution, RegistryCheckResult } from './app-resolution';
import { defaultName, defaultNamespace } from './defaults';
import { IRegistrySecret } from './private-registry-secret';
import { registryAccessFor } from './registry-access';
import { ISecretReference } from './secret-reference';
import { FluxOci } from './settings';
import { ResolutionOutcome } from '../check/outcome';
import { ChartRequest } from '../check/request';
import { describeFailure } from '../check/resolution-error';
import { IssueList } from '../foundation/issues';
import { OciArtifactSourceSpec, validateArtifactSource } from '../model/artifact-source';
import { artifactSourceHead, buildArtifactRepository } from '../model/builders/artifact-repository';
import { ChartVerification } from '../model/chart-verification';
import { checkDnsLabel, checkDnsSubdomain } from '../model/field-checks';
import { KustomizationSourceRef } from '../model/kustomization';
import { registryHostOf } from '../model/registry-host';
import { ResolvedChart } from '../model/resolution';
import { RegistryProvider } from '../model/source';

/** An OCIRepository holding plain manifests, as Kustomizations see it. */
export interface IOciArtifactSource extends IConstruct {
  /** Name of the OCIRepository. */
  readonly name: string;
  /** Namespace of the OCIRepository. */
  readonly namespace?: string;
  /**
   * The reference a Kustomization writes as its `sourceRef`.
   * @internal
   */
  _sourceRef(): KustomizationSourceRef;
}

export interface OciArtifactSourceProps {
  /**
   * Repository of the artifact, `oci://host[:port]/path`, without tag or
   * digest (what `flux push artifact` was given, minus `:tag`).
   */
  readonly url: string;
  /**
   * Name of the OCIRepository.
   * @default - the construct id as a DNS-1123 label
   */
  readonly name?: string;
  /**
   * Namespace of the OCIRepository; the Secrets it uses must be there too.
   * @default - the Chart's namespace
   */
  readonly namespace?: string;
  /**
   * Tag to pull, used verbatim.
   * @example 'production'
   * @default - Flux's default, `latest` (unless `semver` or `digest` is set)
   */
  readonly tag?: string;
  /**
   * Masterminds range over the tags; Flux pulls the highest match. Not with `tag`.
   * @example '>=1.0.0 <2.0.0'
   * @default - no range
   */
  readonly semver?: string;
  /**
   * Go regexp the raw tags must match before `semver` applies (Flux 2.3+).
   * @example '.*-rc.*'
   * @default - all tags
   */
  readonly semverFilter?: string;
  /**
   * Manifest digest to pull, `sha256:<hex>`; wins over `tag` (kept for
   * readers) and excludes `semver`.
   * @default - follow the tag or range
   */
  readonly digest?: string;
  /**
   * Pull credentials: a `kubernetes.io/dockerconfigjson` Secret.
   * @default - anonymous, or `provider`
   */
  readonly secret?: IRegistrySecret;
  /**
   * Log in with the cloud identity of the source-controller instead of a Secret.
   * @default 'generic' (no cloud login)
   */
  readonly provider?: RegistryProvider;
  /**
   * TLS CA and client certificate for the registry.
   * @default - system roots, no client certificate
   */
  readonly certSecret?: ISecretReference;
  /**
   * Proxy for reaching the registry (Flux 2.4+).
   * @default - no proxy
   */
  readonly proxySecret?: ISecretReference;
  /**
   * Plain HTTP registry.
   * @default false
   */
  readonly insecure?: boolean;
  /**
   * How often Flux checks the registry for a new artifact.
   * @default '10m'
   */
  readonly interval?: string;
  /**
   * Timeout for registry operations; `ms`, `s` or `m` only.
   * @default - Flux's default, 60s
   */
  readonly timeout?: string;
  /**
   * Stop reconciling the source.
   * @default false
   */
  readonly suspend?: boolean;
  /**
   * ServiceAccount whose image pull secrets (or workload identity) the OCIRepository uses.
   * @default - none
   */
  readonly serviceAccountName?: string;
  /**
   * Verify the artifact's signature (cosign or notation) before use.
   * @default - no verification
   */
  readonly verify?: ChartVerification;
  /**
   * `.gitignore`-style patterns of files to leave out of the artifact,
   * replacing source-controller's default exclusions.
   * @default - Flux's default exclusions
   */
  readonly ignore?: string;
}

/** Options for `OciArtifactSource.fromOCIRepositoryName`. */
export interface ExistingOciRepositoryOptions {
  /**
   * Namespace of the OCIRepository.
   * @default - the Chart's namespace
   */
  readonly namespace?: string;
}

/**
 * An OCI artifact of plain Kubernetes manifests (`flux push artifact`), as
 * a `source.toolkit.fluxcd.io` OCIRepository that extracts Flux's content
 * layer. A FluxKustomization applies it.
 *
 * At synth the registry is asked for what Flux will pull (the digest, else
 * the highest `semver` match, else the tag, `latest` by default), so a
 * typo'd tag or path fails the synth instead of the reconcile.
 */
export class OciArtifactSource extends Construct implements IOciArtifactSource {
  /** An OCIRepository that already exists in the cluster; nothing is written for it. */
  public static fromOCIRepositoryName(scope: Construct, id: string, name: string, options: ExistingOciRepositoryOptions = {}): IOciArtifactSource {
    return new ImportedOciArtifactSource(scope, id, name, options.namespace);
  }

  public readonly name: string;
  public readonly namespace?: string;
  /** Repository of the artifact, `oci://host[:port]/path`. */
  public readonly url: string;
  /** The pull Secret, if any. */
  public readonly secret?: IRegistrySecret;
  private readonly props: OciArtifactSourceProps;
  private readonly check = new RegistryCheckResult();

  constructor(scope: Construct, id: string, props: OciArtifactSourceProps) {
    super(scope, id);
    const target = FluxOci._targetOf(this);
    this.url = typeof props.url === 'string' ? props.url.replace(/\/+$/, '') : props.url;
    this.name = defaultName(this, props.name);
    this.namespace = defaultNamespace(this, props.namespace);
    this.secret = props.secret;
    this.props = props;
    const spec: OciArtifactSourceSpec = {
      url: this.url,
      name: this.name,
      namespace: this.namespace,
      tag: props.tag,
      semver: props.semver,
      semverFilter: props.semverFilter,
      digest: props.digest,
      secret: props.secret && {
        name: props.secret.name,
        namespace: props.secret.namespace,
        format: props.secret.format,
        registry: props.secret.registry,
      },
      provider: props.provider,
      certSecretRef: props.certSecret && { name: props.certSecret.name, namespace: props.certSecret.namespace },
      proxySecretRef: props.proxySecret && { name: props.proxySecret.name, namespace: props.proxySecret.namespace },
      insecure: props.insecure,
      interval: props.interval,
      timeout: props.timeout,
      suspend: props.suspend,
      serviceAccountName: props.serviceAccountName,
      verify: props.verify?._toSpec(),
      ignore: props.ignore,
    };

    const issues = new IssueList(this.node.path);
    validateArtifactSource(spec, target, issues);
    const urlHost = issues.empty ? registryHostOf(this.url, issues, 'url') : undefined;
    if (urlHost && props.secret?.registry && props.secret.registry !== urlHost) {
      issues.add('secret', `Secret '${props.secret.name}' holds credentials for '${props.secret.registry}' but the URL's host is '${urlHost}'; Flux looks up auths['${urlHost}'], so create the PrivateRegistrySecret with registry '${urlHost}'`);
    }
    issues.throwIfAny();

    this.node.defaultChild = lazyApiObject(this, this, 'Resource', artifactSourceHead(spec, target), () => buildArtifactRepository(spec, target));
    attachAppResolution(this);
    this.node.addValidation({ validate: () => (this.check.failure ? [describeFailure(this.check.failure)] : []) });
  }

  /** What the registry check found: the tag or version Flux will pull and its digest; `undefined` before synth or with checks off. */
  public get resolvedArtifact(): ResolvedChart | undefined {
    return this.check.resolved;
  }

  /** The lookup Flux's ref precedence implies: digest, then semver, then tag. @internal */
  public _chartRequest(): ChartRequest {
    const { digest, semver, semverFilter, tag } = this.props;
    const asked = semver !== undefined && digest === undefined
      ? { version: semver, ...(semverFilter ? { semverFilter } : {}) }
      : { version: digest ?? tag ?? 'latest', literal: true };
    return {
      path: this.node.path,
      reference: this.url,
      subject: 'artifact',
      ruleSet: 'oci-repository',
      fluxVersion: FluxOci._targetOf(this).fluxVersion,
      ...asked,
      access: registryAccessFor(this.url, this.props),
    };
  }

  /** @internal */
  public get _checked(): boolean {
    return this.check.checked;
  }

  /** @internal */
  public _setOutcome(outcome: ResolutionOutcome | undefined): void {
    this.check.set(outcome);
  }

  /** @internal */
  public _sourceRef(): KustomizationSourceRef {
    return { kind: 'OCIRepository', name: this.name, namespace: this.namespace };
  }
}

class ImportedOciArtifactSource extends Construct implements IOciArtifactSource {
  public readonly namespace?: string;

  constructor(scope: Construct, id: string, public readonly name: string, namespace: string | undefined) {
    super(scope, id);
    this.namespace = defaultNamespace(this, namespace);
    const issues = new IssueList(this.node.path);
    checkDnsSubdomain(issues, 'name', name);
    checkDnsLabel(issues, 'namespace', this.namespace);
    issues.throwIfAny();
  }

  public _sourceRef(): KustomizationSourceRef {
    return { kind: 'OCIRepository', name: this.name, namespace: this.namespace };
  }
}
