import type { ChartVerification } from './chart-verification';
import type { ObjectRef } from './kube-object';
import type { RegistrySecretRef } from './secret-ref';
import type { OciSourceSpec, RegistryCheckCredentials, RegistryProvider, SourceStrategy } from './source';

/**
 * How Flux reaches a registry: the settings an OCIRepository takes whatever
 * it pulls, declared once for chart and artifact sources in both front ends.
 *
 * @typeParam TSecret the front end's registry pull Secret (`IRegistrySecret`)
 * @typeParam TSecretRef the front end's reference to a Secret by name
 */
export interface RegistryAccessOptions<TSecret, TSecretRef> {
  /**
   * Pull credentials: a PrivateRegistrySecret, or `PrivateRegistrySecret.fromSecretName()`.
   * @default - anonymous, or `provider`
   */
  readonly secret?: TSecret;
  /**
   * Log in with the cloud identity of the source-controller instead of a Secret.
   * @default 'generic' (no cloud login)
   */
  readonly provider?: RegistryProvider;
  /**
   * Secret with the TLS CA and client certificate for the registry.
   * @default - system roots, no client certificate
   */
  readonly certSecret?: TSecretRef;
  /**
   * Secret with the proxy for reaching the registry (OCIRepository, Flux 2.4+).
   * @default - no proxy
   */
  readonly proxySecret?: TSecretRef;
  /**
   * Plain HTTP registry.
   * @default false
   */
  readonly insecure?: boolean;
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
   * Verify signatures (cosign or notation) before use.
   * @default - no verification
   */
  readonly verify?: ChartVerification;
  /**
   * Whose credentials the synth-time registry check presents. By default
   * the ones Flux will have: the Secret's, your login standing in for a
   * Secret known only by name, a `provider` or a `serviceAccountName`, and
   * none for a source with none of these, so a private registry fails the
   * check as it would fail Flux. `'local-login'` checks with your own login
   * instead, for a cluster where Flux gets credentials by other means
   * (e.g. a mutating webhook). Never written to the objects.
   * @default 'cluster'
   */
  readonly checkWith?: RegistryCheckCredentials;
}

/**
 * A registry location holding charts and how Flux reaches it: cdk8s
 * `OciHelmSourceProps` extend it, Pulumi `OciHelmSourceArgs` are derived from it.
 */
export interface OciHelmSourceOptions<TSecret, TSecretRef> extends RegistryAccessOptions<TSecret, TSecretRef> {
  /** Registry location of the charts, `oci://host[:port]/path` without chart name, tag or digest. */
  readonly url: string;
  /**
   * Name of the HelmRepository object, when one is written.
   * @default - the construct id (cdk8s) or resource name (Pulumi) as a DNS-1123 label
   */
  readonly name?: string;
  /**
   * Namespace of the source objects (and of the releases' OCIRepositories);
   * the Secrets they use must be there too.
   * @default - the Chart's namespace (cdk8s), the Kubernetes provider's namespace (Pulumi)
   */
  readonly namespace?: string;
  /**
   * How releases from this source reach their chart: Flux's recommended
   * OCIRepository + `chartRef`, or HelmRepository `type: oci` + `chart.spec`.
   * @default 'OCIRepository'
   */
  readonly strategy?: SourceStrategy;
  /**
   * How often Flux checks the registry for new chart versions: each
   * release's OCIRepository interval. Written on a HelmRepository too, where
   * Flux ignores it for OCI; there a release's `chartInterval` applies.
   * @default '10m' (OCIRepository); unset (HelmRepository)
   */
  readonly interval?: string;
}

/** Options for `OciHelmSource.fromHelmRepositoryName`, a HelmRepository that already exists. */
export interface ExistingHelmRepositoryFields<TSecret> {
  /** The repository's `oci://` URL (releases need it to check charts and for OCIRepository URLs). */
  readonly url: string;
  /**
   * Namespace of the HelmRepository.
   * @default - the Chart's namespace (cdk8s), the Kubernetes provider's namespace (Pulumi)
   */
  readonly namespace?: string;
  /**
   * The pull Secret the repository uses (for OCIRepository-strategy releases and synth-time checks).
   * @default - anonymous
   */
  readonly secret?: TSecret;
  /**
   * Strategy of releases using this source.
   * @default 'HelmRepository'
   */
  readonly strategy?: SourceStrategy;
  /**
   * Plain HTTP registry.
   * @default false
   */
  readonly insecure?: boolean;
  /**
   * Whose credentials the synth-time registry check presents (see
   * `OciHelmSourceOptions.checkWith`); without `secret` the check is
   * anonymous, as Flux is unless the HelmRepository has credentials.
   * @default 'cluster'
   */
  readonly checkWith?: RegistryCheckCredentials;
}

/** What a front end settles before the model takes a source: names and the Secrets as references. @internal */
export interface SettledSource {
  readonly url: string;
  readonly name: string;
  readonly namespace?: string;
  readonly secret?: RegistrySecretRef;
  readonly certSecretRef?: ObjectRef;
  readonly proxySecretRef?: ObjectRef;
}

/** The spec of a chart source from its options: every option as given, with what the front end settled. @internal */
export function sourceSpecOf<TSecret, TSecretRef>(
  options: Omit<OciHelmSourceOptions<TSecret, TSecretRef>, 'url'>, settled: SettledSource, imported: boolean,
): OciSourceSpec {
  const { secret: _secret, certSecret: _certSecret, proxySecret: _proxySecret, verify, ...plain } = options;
  return { ...plain, ...settled, verify: verify?._toSpec(), imported };
}
