import { checkBoolean, checkDnsLabel, checkDnsSubdomain, checkDuration, checkEnum, checkString } from './field-checks';
import { supports, unsupportedMessage } from './flux-version';
import { OBJECT_REF_SHAPE, ObjectRef } from './kube-object';
import { registryHostOf } from './registry-host';
import { RegistrySecretRef } from './secret-ref';
import { BOOLEAN, checkFields, FieldShapes, listOf, objectOf, required, STRING } from './shapes';
import { checkSourceUrl } from './source-url';
import { Target } from './target';
import { OidcIdentityMatch, VerifySpec } from './verify';
import { IssueList } from '../foundation/issues';

/**
 * Which Flux objects carry a chart: Flux's recommended OCIRepository +
 * `chartRef`, or the older HelmRepository `type: oci` + `chart.spec`.
 */
export type SourceStrategy = 'OCIRepository' | 'HelmRepository';
export const SOURCE_STRATEGIES: readonly SourceStrategy[] = ['OCIRepository', 'HelmRepository'];

/** Cloud identity Flux uses instead of a Secret. */
export type RegistryProvider = 'generic' | 'aws' | 'azure' | 'gcp';
export const REGISTRY_PROVIDERS: readonly RegistryProvider[] = ['generic', 'aws', 'azure', 'gcp'];

/**
 * Whose credentials the synth-time registry check presents:
 * - `cluster`: what Flux will present in the cluster — the Secret's
 *   credentials when the program has them, the engineer's login standing in
 *   for a Secret known only by name, a provider or a ServiceAccount, and
 *   nothing at all for a source with none of these;
 * - `local-login`: the engineer's own login for the host whatever the
 *   source says, for a cluster where Flux gets credentials some other way.
 */
export type RegistryCheckCredentials = 'cluster' | 'local-login';
export const REGISTRY_CHECK_CREDENTIALS: readonly RegistryCheckCredentials[] = ['cluster', 'local-login'];

/** A registry location holding charts, with how Flux reaches it. Validated by `validateSource`. */
export interface OciSourceSpec {
  /** `oci://host[:port]/path`, no chart name, tag or digest. */
  readonly url: string;
  /** Name of the HelmRepository object (HelmRepository strategy). */
  readonly name: string;
  /** Namespace of the source objects and of the Secrets they read. */
  readonly namespace?: string;
  /** How releases reach their chart (`OciHelmSourceOptions.strategy`). */
  readonly strategy?: SourceStrategy;
  /** The pull Secret. */
  readonly secret?: RegistrySecretRef;
  /** Cloud identity Flux logs in with instead of a Secret. */
  readonly provider?: RegistryProvider;
  /** The Secret with the TLS CA and client certificate. */
  readonly certSecretRef?: ObjectRef;
  /** The Secret with the proxy. */
  readonly proxySecretRef?: ObjectRef;
  /** Plain HTTP registry. */
  readonly insecure?: boolean;
  /** How often Flux checks the registry. */
  readonly interval?: string;
  /** Timeout for registry operations. */
  readonly timeout?: string;
  /** Whether reconciliation of the source is stopped. */
  readonly suspend?: boolean;
  /** ServiceAccount whose image pull secrets the OCIRepository uses. */
  readonly serviceAccountName?: string;
  /** Signature verification. */
  readonly verify?: VerifySpec;
  /** Whose credentials the registry check presents; never written. @default 'cluster' */
  readonly checkWith?: RegistryCheckCredentials;
  /** True when the HelmRepository object already exists in the cluster and is not emitted. */
  readonly imported?: boolean;
}

/**
 * How Flux reaches a registry and how often it looks: the settings an
 * OCIRepository takes whatever it pulls (a chart or plain manifests).
 * Validated by `validateRegistryAccess`.
 * @internal
 */
export type OciRegistryAccess = Omit<OciSourceSpec, 'url' | 'strategy' | 'imported'>;

const SECRET_REF_SHAPE = objectOf<RegistrySecretRef>('RegistrySecretRef', { name: required(STRING), namespace: STRING, format: STRING, registry: STRING });
const VERIFY_SHAPE = objectOf<VerifySpec>('ChartVerification', {
  provider: required(STRING),
  secretRef: OBJECT_REF_SHAPE,
  matchOIDCIdentity: listOf(objectOf<OidcIdentityMatch>('OidcIdentityMatch', { issuer: required(STRING), subject: required(STRING) })),
  trustedRootSecretRef: OBJECT_REF_SHAPE,
});

/** The JavaScript type of every registry access field (see `checkShape`). @internal */
export const REGISTRY_ACCESS_SHAPES: FieldShapes<OciRegistryAccess> = {
  name: required(STRING),
  namespace: STRING,
  secret: SECRET_REF_SHAPE,
  provider: STRING,
  certSecretRef: OBJECT_REF_SHAPE,
  proxySecretRef: OBJECT_REF_SHAPE,
  insecure: BOOLEAN,
  interval: STRING,
  timeout: STRING,
  suspend: BOOLEAN,
  serviceAccountName: STRING,
  verify: VERIFY_SHAPE,
  checkWith: STRING,
};

const SOURCE_SHAPES: FieldShapes<OciSourceSpec> = { ...REGISTRY_ACCESS_SHAPES, url: required(STRING), strategy: STRING, imported: BOOLEAN };

/** Default for how often Flux asks the registry for new chart versions. @internal */
export const DEFAULT_SOURCE_INTERVAL = '10m';

/**
 * Checks a source the way the Flux CRDs and controllers would, plus the
 * combinations only the controllers reject (a secret in another namespace,
 * `provider` next to a secret).
 * @internal
 */
export function validateSource(spec: OciSourceSpec, target: Target, issues: IssueList): void {
  if (!checkFields(issues, spec, SOURCE_SHAPES)) return;
  checkSourceUrl(issues, 'url', spec.url);
  checkEnum(issues, 'strategy', spec.strategy, SOURCE_STRATEGIES);
  validateRegistryAccess(spec, target, issues);
  if (issues.empty) checkSecretHost(issues, spec.url, spec.secret);
}

/**
 * Flux finds a source's credentials as `auths[<host of the URL>]` in its
 * dockerconfigjson Secret (source-controller builds a keychain from the
 * Secret with fluxcd/pkg `oci/auth` and go-containerregistry's docker-config
 * lookup, keyed by registry host; see notes: `KeychainFromSecret`), so a
 * Secret made for another host gives Flux no credentials at all.
 * @internal
 */
export function checkSecretHost(issues: IssueList, url: string, secret: RegistrySecretRef | undefined): void {
  if (!secret?.registry) return;
  const urlHost = registryHostOf(url, issues, 'url');
  if (urlHost && secret.registry !== urlHost) {
    issues.add('secret', `Secret '${secret.name}' holds credentials for '${secret.registry}' but the URL's host is '${urlHost}'; Flux looks up auths['${urlHost}'], so create the PrivateRegistrySecret with registry '${urlHost}'`);
  }
}

/**
 * Checks the registry access settings shared by chart and artifact sources:
 * field shapes, `provider` next to a secret, Secrets in another namespace,
 * verification, and what the target Flux version lacks.
 * @internal
 */
export function validateRegistryAccess(spec: OciRegistryAccess, target: Target, issues: IssueList): void {
  checkDnsSubdomain(issues, 'name', spec.name);
  checkDnsLabel(issues, 'namespace', spec.namespace);
  checkEnum(issues, 'provider', spec.provider, REGISTRY_PROVIDERS);
  checkEnum(issues, 'checkWith', spec.checkWith, REGISTRY_CHECK_CREDENTIALS);
  checkBoolean(issues, 'insecure', spec.insecure);
  checkBoolean(issues, 'suspend', spec.suspend);
  checkDuration(issues, 'interval', spec.interval, { allowHours: true });
  checkDuration(issues, 'timeout', spec.timeout, { allowHours: false });
  checkString(issues, 'serviceAccountName', spec.serviceAccountName, { min: 1, max: 253 });

  if (spec.secret && spec.provider && spec.provider !== 'generic') {
    issues.add('provider', `provider '${spec.provider}' is ignored by Flux when a secret is set; use either the secret or the provider`);
  }
  checkSameNamespace(issues, 'secret', spec.secret, spec.namespace);
  checkSameNamespace(issues, 'certSecret', spec.certSecretRef, spec.namespace);
  checkSameNamespace(issues, 'proxySecret', spec.proxySecretRef, spec.namespace);
  if (spec.verify) validateVerify(spec, target, issues);

  if (target.kind === 'flux' && spec.proxySecretRef && !supports(target.fluxVersion, 'OCIRepository proxySecretRef')) {
    issues.add('proxySecret', unsupportedMessage(target.fluxVersion, 'OCIRepository proxySecretRef'));
  }
}

/**
 * Checks the combination of a source and the strategy one release uses.
 * Field names are the source's, reported under the release's path.
 * @internal
 */
export function validateSourceForStrategy(spec: OciSourceSpec, strategy: SourceStrategy, target: Target, issues: IssueList): void {
  if (target.kind === 'helm-operator') {
    if (spec.provider && spec.provider !== 'generic') issues.add('source.provider', `the helm-operator target has no cloud provider login; use a PrivateRegistrySecret instead of provider '${spec.provider}'`);
    if (spec.secret && spec.secret.format === 'dockerconfigjson') {
      issues.add('source.secret', "the helm-operator target reads 'username'/'password' keys; create the PrivateRegistrySecret with format 'opaque' or 'basic-auth'");
    }
    if (spec.verify) issues.add('source.verify', 'the helm-operator target cannot verify signatures');
    if (spec.insecure) issues.add('source.insecure', 'the helm-operator target has no plain-HTTP registry option; serve the registry over TLS');
    if (spec.proxySecretRef) issues.add('source.proxySecret', 'the helm-operator target has no proxy settings');
    if (spec.serviceAccountName) issues.add('source.serviceAccountName', 'the helm-operator target has no serviceAccountName');
    return;
  }
  if (strategy === 'OCIRepository') {
    if (spec.secret && spec.secret.format && spec.secret.format !== 'dockerconfigjson') {
      issues.add('source.secret', `OCIRepository reads only kubernetes.io/dockerconfigjson Secrets, but '${spec.secret.name}' has format '${spec.secret.format}'; use format 'dockerconfigjson' or strategy 'HelmRepository'`);
    }
    if (!supports(target.fluxVersion, 'HelmRelease chartRef (the OCIRepository strategy)')) {
      issues.add('strategy', `${unsupportedMessage(target.fluxVersion, 'HelmRelease chartRef (the OCIRepository strategy)')}, or use strategy 'HelmRepository'`);
    }
  } else {
    if (spec.proxySecretRef) issues.add('source.proxySecret', "HelmRepository has no proxySecretRef; use strategy 'OCIRepository'");
    if (spec.serviceAccountName) issues.add('source.serviceAccountName', "HelmRepository has no serviceAccountName; use strategy 'OCIRepository'");
    if (spec.verify?.matchOIDCIdentity?.length) issues.add('source.verify', "HelmRelease chart verification has no matchOIDCIdentity; use strategy 'OCIRepository'");
    if (spec.verify?.trustedRootSecretRef) issues.add('source.verify', "HelmRelease chart verification has no trustedRootSecretRef; use strategy 'OCIRepository'");
  }
}

function validateVerify(spec: OciRegistryAccess, target: Target, issues: IssueList): void {
  const v = spec.verify!;
  checkEnum(issues, 'verify.provider', v.provider, ['cosign', 'notation'] as const);
  if (v.provider === 'notation' && !v.secretRef) {
    issues.add('verify', 'notation verification needs a Secret with the certificates and trustpolicy.json');
  }
  if (v.provider === 'notation' && v.matchOIDCIdentity?.length) {
    issues.add('verify.matchOIDCIdentity', 'matchOIDCIdentity applies to cosign keyless verification only');
  }
  if (v.matchOIDCIdentity?.length && v.secretRef) {
    issues.add('verify.matchOIDCIdentity', 'matchOIDCIdentity applies only without a key secret (cosign keyless)');
  }
  checkSameNamespace(issues, 'verify.secret', v.secretRef, spec.namespace);
  checkSameNamespace(issues, 'verify.trustedRootSecret', v.trustedRootSecretRef, spec.namespace);
  if (target.kind !== 'flux') return;
  const fv = target.fluxVersion;
  if (v.provider === 'notation' && !supports(fv, 'notation signature verification')) issues.add('verify', unsupportedMessage(fv, 'notation signature verification'));
  if (v.matchOIDCIdentity?.length && !supports(fv, 'cosign keyless matchOIDCIdentity')) issues.add('verify.matchOIDCIdentity', unsupportedMessage(fv, 'cosign keyless matchOIDCIdentity'));
  if (v.trustedRootSecretRef && !supports(fv, 'OCIRepository verify.trustedRootSecretRef')) issues.add('verify.trustedRootSecret', unsupportedMessage(fv, 'OCIRepository verify.trustedRootSecretRef'));
}

/** Flux reads `secretRef`s only from the referring object's own namespace. */
function checkSameNamespace(issues: IssueList, field: string, ref: ObjectRef | undefined, namespace: string | undefined): void {
  if (!ref || ref.namespace === undefined || namespace === undefined) return;
  if (ref.namespace !== namespace) {
    issues.add(field, `Secret '${ref.name}' is in namespace '${ref.namespace}' but the source is in '${namespace}'; Flux reads Secrets only from the source's own namespace, so create the Secret in '${namespace}'`);
  }
}
