import { checkDnsLabel, checkDnsSubdomain, checkString } from './field-checks';
import { IssueList } from '../foundation/issues';

/**
 * The Secrets a source's `certSecret` and `proxySecret` name: TLS material
 * and a proxy, as users declare them in either front end. cdk8s props
 * extend these options (adding `plaintext`), Pulumi args are derived from
 * them (each field an `Input`).
 */

/** TLS settings for reaching a registry: what an OCIRepository's or HelmRepository's `certSecretRef` Secret holds. */
export interface RegistryTlsSecretOptions {
  /**
   * PEM CA bundle Flux trusts for the registry (a private or self-signed
   * CA), written as `ca.crt`; the registry check trusts it too.
   * @default - only the system roots
   */
  readonly caCert?: string;
  /**
   * PEM client certificate for mutual TLS, written as `tls.crt`; needs `clientKey`.
   * @default - no client certificate
   */
  readonly clientCert?: string;
  /**
   * PEM private key of `clientCert`, written as `tls.key`. cdk8s writes it
   * only with `plaintext: true`; under Pulumi pass a secret.
   * @default - no client key
   */
  readonly clientKey?: string;
  /**
   * Name of the Secret.
   * @default - the construct id (cdk8s) or resource name (Pulumi) as a DNS-1123 label
   */
  readonly name?: string;
  /**
   * Namespace of the Secret; it must be the namespace of the sources using it.
   * @default - the Chart's namespace (cdk8s), the Kubernetes provider's namespace (Pulumi)
   */
  readonly namespace?: string;
}

/** A proxy for reaching a registry: what an OCIRepository's `proxySecretRef` Secret holds (Flux 2.4+). */
export interface RegistryProxySecretOptions {
  /** Proxy URL: `http://`, `https://` or `socks5://` host and port, without credentials. */
  readonly address: string;
  /**
   * User for proxy authentication; needs `password`.
   * @default - no proxy authentication
   */
  readonly username?: string;
  /**
   * Password for proxy authentication. cdk8s writes it only with
   * `plaintext: true`; under Pulumi pass a secret.
   * @default - no proxy authentication
   */
  readonly password?: string;
  /**
   * Name of the Secret.
   * @default - the construct id (cdk8s) or resource name (Pulumi) as a DNS-1123 label
   */
  readonly name?: string;
  /**
   * Namespace of the Secret; it must be the namespace of the sources using it.
   * @default - the Chart's namespace (cdk8s), the Kubernetes provider's namespace (Pulumi)
   */
  readonly namespace?: string;
}

/** A TLS Secret with its name settled. @internal */
export interface RegistryTlsSecretSpec extends RegistryTlsSecretOptions {
  readonly name: string;
}

/** A proxy Secret with its name settled. @internal */
export interface RegistryProxySecretSpec extends RegistryProxySecretOptions {
  readonly name: string;
}

const PEM_CERTIFICATE = /-----BEGIN CERTIFICATE-----/;

/**
 * Checks TLS material the way source-controller reads it: a CA or a
 * client pair (an empty Secret changes nothing), the pair complete, PEM
 * certificates. Messages never quote the key.
 * @internal
 */
export function validateTlsSecret(spec: RegistryTlsSecretSpec, issues: IssueList): void {
  checkDnsSubdomain(issues, 'name', spec.name);
  checkDnsLabel(issues, 'namespace', spec.namespace);
  if (!spec.caCert && !spec.clientCert) issues.add('caCert', 'set caCert, or clientCert with clientKey; an empty TLS Secret changes nothing');
  if ((spec.clientCert === undefined) !== (spec.clientKey === undefined)) {
    issues.add(spec.clientCert !== undefined ? 'clientKey' : 'clientCert', 'mutual TLS needs both clientCert and clientKey');
  }
  checkPemCertificate(issues, 'caCert', spec.caCert);
  checkPemCertificate(issues, 'clientCert', spec.clientCert);
  if (spec.clientKey !== undefined && (typeof spec.clientKey !== 'string' || !/-----BEGIN [A-Z ]*PRIVATE KEY-----/.test(spec.clientKey))) {
    issues.add('clientKey', 'expected a PEM private key (-----BEGIN PRIVATE KEY-----, or an RSA/EC one)');
  }
}

/** A PEM certificate (or bundle), e.g. `readFileSync('ca.crt', 'utf8')`, not a path. @internal */
export function checkPemCertificate(issues: IssueList, field: string, pem: unknown): void {
  if (pem !== undefined && (typeof pem !== 'string' || !PEM_CERTIFICATE.test(pem))) {
    issues.add(field, "expected a PEM certificate (-----BEGIN CERTIFICATE-----), e.g. readFileSync('ca.crt', 'utf8')");
  }
}

/**
 * Checks a proxy the way source-controller reads it: an http, https or
 * socks5 URL without credentials in it, and username and password together.
 * Messages never quote the password or credentials found in the address.
 * @internal
 */
export function validateProxySecret(spec: RegistryProxySecretSpec, issues: IssueList): void {
  checkDnsSubdomain(issues, 'name', spec.name);
  checkDnsLabel(issues, 'namespace', spec.namespace);
  if (checkString(issues, 'address', spec.address, { min: 1, max: 2048 })) {
    let url: URL | undefined;
    try {
      url = new URL(spec.address);
    } catch {
      issues.add('address', `'${spec.address.replace(/^([a-z0-9+.-]*:\/\/)?[^@/]*@/i, '$1<redacted>@')}' is not a URL; use e.g. 'http://proxy.internal:3128'`);
    }
    if (url && !['http:', 'https:', 'socks5:'].includes(url.protocol)) issues.add('address', `scheme '${url.protocol}' is not supported by Flux; use http, https or socks5`);
    if (url && (url.username || url.password)) issues.add('address', 'put proxy credentials in username/password, not in the address');
  }
  if ((spec.username === undefined) !== (spec.password === undefined)) {
    issues.add(spec.username !== undefined ? 'password' : 'username', 'proxy authentication needs both username and password');
  }
}
