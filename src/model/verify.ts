import { ObjectRef, compact } from './kube-object';

/** Signature verification of the chart artifact, as Flux's `verify`. */
export interface VerifySpec {
  /** The signing tool whose signatures Flux checks. */
  readonly provider: 'cosign' | 'notation';
  /** cosign `*.pub` keys, or notation `*.pem`/`*.crt` + `trustpolicy.json`; omit for cosign keyless. */
  readonly secretRef?: ObjectRef;
  /** cosign keyless identity matchers (Go regexps, ORed). */
  readonly matchOIDCIdentity?: readonly OidcIdentityMatch[];
  /** Secret with `trusted_root.json` for self-hosted Sigstore. */
  readonly trustedRootSecretRef?: ObjectRef;
}

/** A keyless cosign identity: the OIDC issuer and certificate subject a signature must carry. */
export interface OidcIdentityMatch {
  /** Regexp for the OIDC issuer, e.g. `^https://token.actions.githubusercontent.com$`. */
  readonly issuer: string;
  /** Regexp for the certificate subject. */
  readonly subject: string;
}

/** The `verify` block of an OCIRepository. */
export function ociRepositoryVerify(v: VerifySpec): Record<string, unknown> {
  return compact({
    provider: v.provider,
    secretRef: v.secretRef ? { name: v.secretRef.name } : undefined,
    matchOIDCIdentity: v.matchOIDCIdentity?.length
      ? v.matchOIDCIdentity.map((m) => ({ issuer: m.issuer, subject: m.subject }))
      : undefined,
    trustedRootSecretRef: v.trustedRootSecretRef ? { name: v.trustedRootSecretRef.name } : undefined,
  });
}

/** The `chart.spec.verify` block of a HelmRelease (HelmRepository path): provider and key only. */
export function helmChartVerify(v: VerifySpec): Record<string, unknown> {
  return compact({ provider: v.provider, secretRef: v.secretRef ? { name: v.secretRef.name } : undefined });
}
