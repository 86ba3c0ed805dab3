import { FluxOciError, FluxOciErrorOptions } from '../foundation/errors';

/**
 * The registry layer's errors: typed registry errors, bad client options,
 * credential stores and helpers. Callers of the registry errors match on
 * `code` (stable) or `fault` (which input to fix). Messages name the host,
 * repository and what to change; they never contain a credential, token or
 * header value.
 */

/**
 * What is at fault:
 * - `path`: the repository path does not exist or is not valid there;
 * - `version`: the repository exists but the tag/digest does not;
 * - `credentials`: credentials are missing, refused or lack access;
 * - `registry`: the registry (or the network to it) misbehaved.
 */
export type RegistryFault = 'path' | 'version' | 'credentials' | 'registry';

/** Context carried by every {@link RegistryError}. */
export interface RegistryErrorDetails {
  readonly fault: RegistryFault;
  /** Registry host (`host[:port]`). @default - unknown */
  readonly host?: string;
  /** HTTP status of the final response. @default - no response */
  readonly statusCode?: number;
  /** Code from the registry's `{"errors":[{"code":…}]}` body, e.g. `MANIFEST_UNKNOWN`. @default - none */
  readonly registryCode?: string;
  /** Reference being accessed, e.g. `oci://ghcr.io/acme/app:1.0.0`. @default - none */
  readonly reference?: string;
  /** HTTP method of the failing request. @default - none */
  readonly method?: string;
}

const kRegistryError = Symbol.for('flux-oci.error.REGISTRY');
const kRepositoryNotFound = Symbol.for('flux-oci.error.REPOSITORY_NOT_FOUND');
const kManifestNotFound = Symbol.for('flux-oci.error.MANIFEST_NOT_FOUND');
const kBlobNotFound = Symbol.for('flux-oci.error.BLOB_NOT_FOUND');
const kUnauthorized = Symbol.for('flux-oci.error.UNAUTHORIZED');
const kDenied = Symbol.for('flux-oci.error.DENIED');
const kRateLimited = Symbol.for('flux-oci.error.RATE_LIMITED');
const kUnavailable = Symbol.for('flux-oci.error.REGISTRY_UNAVAILABLE');
const kTls = Symbol.for('flux-oci.error.TLS');
const kProtocol = Symbol.for('flux-oci.error.PROTOCOL');

function branded(x: unknown, brand: symbol): boolean {
  return typeof x === 'object' && x !== null && (x as any)[brand] === true;
}

/** A registry request failed. Subclasses say why; this class covers other registry error codes. */
export class RegistryError extends FluxOciError {
  static [Symbol.hasInstance](x: unknown): boolean {
    return branded(x, kRegistryError);
  }

  public readonly code: string = 'FLUX_OCI_REGISTRY';
  public readonly fault: RegistryFault;
  public readonly host?: string;
  public readonly statusCode?: number;
  public readonly registryCode?: string;
  public readonly reference?: string;
  public readonly method?: string;

  constructor(message: string, details: RegistryErrorDetails, options?: FluxOciErrorOptions) {
    super(message, options);
    this.name = 'RegistryError';
    this.fault = details.fault;
    this.host = details.host;
    this.statusCode = details.statusCode;
    this.registryCode = details.registryCode;
    this.reference = details.reference;
    this.method = details.method;
  }

  get [kRegistryError](): boolean {
    return true;
  }
}

/** The repository does not exist (`NAME_UNKNOWN`, or a 404 the registry gives for an unroutable path). */
export class RepositoryNotFoundError extends RegistryError {
  static [Symbol.hasInstance](x: unknown): boolean {
    return branded(x, kRepositoryNotFound);
  }

  public readonly code: string = 'FLUX_OCI_REPOSITORY_NOT_FOUND';

  constructor(message: string, details: Omit<RegistryErrorDetails, 'fault'>, options?: FluxOciErrorOptions) {
    super(message, { ...details, fault: 'path' }, options);
    this.name = 'RepositoryNotFoundError';
  }

  get [kRepositoryNotFound](): boolean {
    return true;
  }
}

/** The repository exists but the tag or digest does not (`MANIFEST_UNKNOWN`). */
export class ManifestNotFoundError extends RegistryError {
  static [Symbol.hasInstance](x: unknown): boolean {
    return branded(x, kManifestNotFound);
  }

  public readonly code: string = 'FLUX_OCI_MANIFEST_NOT_FOUND';

  constructor(message: string, details: Omit<RegistryErrorDetails, 'fault'>, options?: FluxOciErrorOptions) {
    super(message, { ...details, fault: 'version' }, options);
    this.name = 'ManifestNotFoundError';
  }

  get [kManifestNotFound](): boolean {
    return true;
  }
}

/** A blob a manifest refers to is missing (`BLOB_UNKNOWN`): the registry's content is inconsistent. */
export class BlobNotFoundError extends RegistryError {
  static [Symbol.hasInstance](x: unknown): boolean {
    return branded(x, kBlobNotFound);
  }

  public readonly code: string = 'FLUX_OCI_BLOB_NOT_FOUND';

  constructor(message: string, details: Omit<RegistryErrorDetails, 'fault'>, options?: FluxOciErrorOptions) {
    super(message, { ...details, fault: 'registry' }, options);
    this.name = 'BlobNotFoundError';
  }

  get [kBlobNotFound](): boolean {
    return true;
  }
}

/**
 * Why a request was unauthorized:
 * - `no-credentials`: nothing was sent and the registry requires auth;
 * - `credentials-refused`: the registry (or its token service) refused the credentials sent;
 * - `insufficient-scope`: authenticated (or anonymous token) but no access to the
 *   repository; for an anonymous caller the repository is private or does not exist.
 */
export type UnauthorizedReason = 'no-credentials' | 'credentials-refused' | 'insufficient-scope';

/** 401: credentials missing, refused, or without access to the repository. */
export class RegistryUnauthorizedError extends RegistryError {
  static [Symbol.hasInstance](x: unknown): boolean {
    return branded(x, kUnauthorized);
  }

  public readonly code: string = 'FLUX_OCI_UNAUTHORIZED';
  public readonly reason: UnauthorizedReason;
  /** Whether any credential was sent (to the registry or its token service). */
  public readonly credentialsSent: boolean;

  constructor(
    message: string,
    details: Omit<RegistryErrorDetails, 'fault'> & { readonly reason: UnauthorizedReason; readonly credentialsSent: boolean },
    options?: FluxOciErrorOptions,
  ) {
    super(message, { ...details, fault: 'credentials' }, options);
    this.name = 'RegistryUnauthorizedError';
    this.reason = details.reason;
    this.credentialsSent = details.credentialsSent;
  }

  get [kUnauthorized](): boolean {
    return true;
  }
}

/** 403 / `DENIED`: authenticated, but not allowed. */
export class RegistryDeniedError extends RegistryError {
  static [Symbol.hasInstance](x: unknown): boolean {
    return branded(x, kDenied);
  }

  public readonly code: string = 'FLUX_OCI_DENIED';

  constructor(message: string, details: Omit<RegistryErrorDetails, 'fault'>, options?: FluxOciErrorOptions) {
    super(message, { ...details, fault: 'credentials' }, options);
    this.name = 'RegistryDeniedError';
  }

  get [kDenied](): boolean {
    return true;
  }
}

/** 429 / `TOOMANYREQUESTS` after the retries allowed. */
export class RegistryRateLimitedError extends RegistryError {
  static [Symbol.hasInstance](x: unknown): boolean {
    return branded(x, kRateLimited);
  }

  public readonly code: string = 'FLUX_OCI_RATE_LIMITED';
  /** The registry's last `Retry-After`, in milliseconds. */
  public readonly retryAfterMs?: number;

  constructor(message: string, details: Omit<RegistryErrorDetails, 'fault'> & { readonly retryAfterMs?: number }, options?: FluxOciErrorOptions) {
    super(message, { ...details, fault: 'registry' }, options);
    this.name = 'RegistryRateLimitedError';
    this.retryAfterMs = details.retryAfterMs;
  }

  get [kRateLimited](): boolean {
    return true;
  }
}

/** Why a registry could not be reached. */
export type UnavailableReason =
  | 'connection-refused'
  | 'connection-reset'
  | 'dns'
  | 'timeout'
  | 'server-error'
  | 'network';

/** Connection refused/reset, DNS failure, timeout, or 5xx after the retries allowed. */
export class RegistryUnavailableError extends RegistryError {
  static [Symbol.hasInstance](x: unknown): boolean {
    return branded(x, kUnavailable);
  }

  public readonly code: string = 'FLUX_OCI_REGISTRY_UNAVAILABLE';
  public readonly reason: UnavailableReason;
  /** Attempts made before giving up. */
  public readonly attempts: number;

  constructor(
    message: string,
    details: Omit<RegistryErrorDetails, 'fault'> & { readonly reason: UnavailableReason; readonly attempts: number },
    options?: FluxOciErrorOptions,
  ) {
    super(message, { ...details, fault: 'registry' }, options);
    this.name = 'RegistryUnavailableError';
    this.reason = details.reason;
    this.attempts = details.attempts;
  }

  get [kUnavailable](): boolean {
    return true;
  }
}

/**
 * What was wrong with a TLS handshake: the certificate is not signed by a
 * trusted CA, is not valid for the host's name, is outside its dates, or
 * the port does not speak TLS at all (a plain-HTTP registry).
 */
export type TlsProblem = 'untrusted-certificate' | 'name-mismatch' | 'certificate-dates' | 'not-tls';

/** The TLS handshake failed: unknown CA, hostname mismatch, expired certificate, or TLS spoken to a plain-HTTP server. */
export class RegistryTlsError extends RegistryError {
  static [Symbol.hasInstance](x: unknown): boolean {
    return branded(x, kTls);
  }

  public readonly code: string = 'FLUX_OCI_TLS';
  /** Node's TLS error code, e.g. `UNABLE_TO_VERIFY_LEAF_SIGNATURE`, `ERR_TLS_CERT_ALTNAME_INVALID`. */
  public readonly tlsCode: string;
  /** What the code means for the user: which of the registry's settings to look at. */
  public readonly problem: TlsProblem;

  constructor(
    message: string,
    details: Omit<RegistryErrorDetails, 'fault'> & { readonly tlsCode: string; readonly problem: TlsProblem },
    options?: FluxOciErrorOptions,
  ) {
    super(message, { ...details, fault: 'registry' }, options);
    this.name = 'RegistryTlsError';
    this.tlsCode = details.tlsCode;
    this.problem = details.problem;
  }

  get [kTls](): boolean {
    return true;
  }
}

/** The registry answered, but not as the protocol says: malformed body, truncated body, digest mismatch, bad redirect. */
export class RegistryProtocolError extends RegistryError {
  static [Symbol.hasInstance](x: unknown): boolean {
    return branded(x, kProtocol);
  }

  public readonly code: string = 'FLUX_OCI_PROTOCOL';

  constructor(message: string, details: Omit<RegistryErrorDetails, 'fault'>, options?: FluxOciErrorOptions) {
    super(message, { ...details, fault: 'registry' }, options);
    this.name = 'RegistryProtocolError';
  }

  get [kProtocol](): boolean {
    return true;
  }
}

const kNotAHelmChart = Symbol.for('flux-oci.error.NOT_A_HELM_CHART');

/** The artifact exists but is not a Helm chart (wrong config media type, or an index). */
export class NotAHelmChartError extends RegistryError {
  static [Symbol.hasInstance](x: unknown): boolean {
    return branded(x, kNotAHelmChart);
  }

  public readonly code: string = 'FLUX_OCI_NOT_A_HELM_CHART';
  /** The media type found (manifest or config). */
  public readonly mediaType?: string;

  constructor(message: string, details: Omit<RegistryErrorDetails, 'fault'> & { readonly mediaType?: string }, options?: FluxOciErrorOptions) {
    super(message, { ...details, fault: 'path' }, options);
    this.name = 'NotAHelmChartError';
    this.mediaType = details.mediaType;
  }

  get [kNotAHelmChart](): boolean {
    return true;
  }
}

// Options of the client.

const kInvalidOption = Symbol.for('flux-oci.error.INVALID_OPTION');

/** A client option is unusable (e.g. a CA file that cannot be read). */
export class InvalidOptionError extends FluxOciError {
  static [Symbol.hasInstance](x: unknown): boolean {
    return branded(x, kInvalidOption);
  }

  public readonly code: string = 'FLUX_OCI_INVALID_OPTION';
  /** The option at fault, e.g. `ca`. */
  public readonly option: string;

  constructor(option: string, message: string, options?: FluxOciErrorOptions) {
    super(message, options);
    this.name = 'InvalidOptionError';
    this.option = option;
  }

  get [kInvalidOption](): boolean {
    return true;
  }
}

// Credential stores and helpers (credentials/).

const kCredentialHelper = Symbol.for('flux-oci.error.CREDENTIAL_HELPER');
const kCredentialConfig = Symbol.for('flux-oci.error.CREDENTIAL_CONFIG');

/** Why a credential helper failed. */
export type CredentialHelperFailure = 'not-installed' | 'failed' | 'malformed-output' | 'invalid-name';

/**
 * A `docker-credential-<name>` program could not be run or failed. The
 * message never includes what the program printed on stdout (it may hold
 * a secret).
 */
export class CredentialHelperError extends FluxOciError {
  static [Symbol.hasInstance](x: unknown): boolean {
    return branded(x, kCredentialHelper);
  }

  public readonly code: string = 'FLUX_OCI_CREDENTIAL_HELPER';
  /** Program name, e.g. `docker-credential-pass`. */
  public readonly helper: string;
  /** Server the credentials were asked for. */
  public readonly server: string;
  public readonly reason: CredentialHelperFailure;
  /** Exit status when the program ran. */
  public readonly exitCode?: number;

  constructor(
    message: string,
    details: { readonly helper: string; readonly server: string; readonly reason: CredentialHelperFailure; readonly exitCode?: number },
    options?: FluxOciErrorOptions,
  ) {
    super(message, options);
    this.name = 'CredentialHelperError';
    this.helper = details.helper;
    this.server = details.server;
    this.reason = details.reason;
    this.exitCode = details.exitCode;
  }

  get [kCredentialHelper](): boolean {
    return true;
  }
}

/**
 * A credentials file (docker/helm/podman config, `DOCKER_AUTH_CONFIG`) is
 * malformed. The message names the file and the entry, never its content.
 */
export class CredentialConfigError extends FluxOciError {
  static [Symbol.hasInstance](x: unknown): boolean {
    return branded(x, kCredentialConfig);
  }

  public readonly code: string = 'FLUX_OCI_CREDENTIAL_CONFIG';
  /** File path, or `DOCKER_AUTH_CONFIG` for the environment variable. */
  public readonly source: string;

  constructor(source: string, message: string, options?: FluxOciErrorOptions) {
    super(message, options);
    this.name = 'CredentialConfigError';
    this.source = source;
  }

  get [kCredentialConfig](): boolean {
    return true;
  }
}

// Local TLS configuration (trust/).

const kTlsConfig = Symbol.for('flux-oci.error.TLS_CONFIG');

/**
 * This machine's TLS configuration for a registry cannot be used: a
 * certs.d folder with a client certificate but no key (or the reverse), a
 * CA file that holds no certificate, an unreadable `SSL_CERT_FILE`.
 */
export class TlsConfigError extends FluxOciError {
  static [Symbol.hasInstance](x: unknown): boolean {
    return branded(x, kTlsConfig);
  }

  public readonly code: string = 'FLUX_OCI_TLS_CONFIG';
  /** The file or folder at fault, or `SSL_CERT_FILE`. */
  public readonly source: string;

  constructor(source: string, message: string, options?: FluxOciErrorOptions) {
    super(message, options);
    this.name = 'TlsConfigError';
    this.source = source;
  }

  get [kTlsConfig](): boolean {
    return true;
  }
}
