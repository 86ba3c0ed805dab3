import { component } from './shapes';
import { OidcIdentityMatch, VerifySpec } from './verify';

/** Options of `ChartVerification.cosign()`: public keys, or keyless identities. */
export interface CosignVerificationOptions {
  /**
   * Secret with the cosign public keys (`*.pub`), in the source's namespace.
   * @default - keyless verification (Sigstore/Fulcio identities)
   */
  readonly publicKeysSecretName?: string;
  /**
   * Keyless only: identities a signature must match (Go regexps, any one matches).
   * @default - any identity Fulcio issued
   */
  readonly matchOidcIdentity?: OidcIdentityMatch[];
  /**
   * Secret with a `trusted_root.json` for self-hosted Sigstore (OCIRepository, Flux 2.9+).
   * @default - the public Sigstore instance
   */
  readonly trustedRootSecretName?: string;
}

/** Options of `ChartVerification.notation()`. */
export interface NotationVerificationOptions {
  /** Secret with the certificates (`*.pem`/`*.crt`) and `trustpolicy.json`, in the source's namespace. */
  readonly secretName: string;
}

/**
 * How Flux verifies the chart's signature before using it.
 *
 * @example
 * ChartVerification.cosign({ matchOidcIdentity: [{ issuer: '^https://token.actions.githubusercontent.com$', subject: '^https://github.com/acme/.*$' }] })
 */
export class ChartVerification {
  /** cosign, with public keys from a Secret or keyless. */
  public static cosign(options: CosignVerificationOptions = {}): ChartVerification {
    // `options?.`: a JavaScript caller's null means no options; wrong field types are reported when a source validates.
    return new ChartVerification({
      provider: 'cosign',
      secretRef: options?.publicKeysSecretName !== undefined && options.publicKeysSecretName !== '' ? { name: options.publicKeysSecretName } : undefined,
      matchOIDCIdentity: options?.matchOidcIdentity,
      trustedRootSecretRef: options?.trustedRootSecretName !== undefined && options.trustedRootSecretName !== '' ? { name: options.trustedRootSecretName } : undefined,
    });
  }

  /** Notary Project (notation) signatures. */
  public static notation(options: NotationVerificationOptions): ChartVerification {
    return new ChartVerification({ provider: 'notation', secretRef: options?.secretName ? { name: options.secretName } : undefined });
  }

  private constructor(private readonly spec: VerifySpec) {}

  /** @internal */
  public _toSpec(): VerifySpec {
    return this.spec;
  }
}

/** The shape of a `verify` prop in either front end (see `checkShape`). @internal */
export const CHART_VERIFICATION_SHAPE = component('ChartVerification.cosign() or ChartVerification.notation()', ['_toSpec'], { named: false });
