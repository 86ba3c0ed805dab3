import { KubeManifest, compact, meta } from '../kube-object';

/**
 * Secrets in the formats Flux reads (notes/flux.md §5). These carry
 * credentials in clear text: front ends call them only when the user asked
 * for plaintext output.
 * @internal
 */
export interface SecretMeta {
  readonly name: string;
  readonly namespace?: string;
}

/** Registry credentials: a user and a password or token. */
export interface UsernamePassword {
  /** Registry user. */
  readonly username: string;
  /** Password or token; secret. */
  readonly password: string;
}

/**
 * `kubernetes.io/dockerconfigjson` with one `auths` entry keyed by the bare
 * registry host, the key source-controller compares against the URL host.
 * Same shape as `flux create secret oci`.
 * @internal
 */
export function buildDockerConfigSecret(m: SecretMeta, registry: string, cred: UsernamePassword): KubeManifest {
  return {
    apiVersion: 'v1',
    kind: 'Secret',
    metadata: meta(m.name, m.namespace),
    type: 'kubernetes.io/dockerconfigjson',
    stringData: { '.dockerconfigjson': dockerConfigJson(registry, cred) },
  };
}

/** @internal */
export function dockerConfigJson(registry: string, cred: UsernamePassword): string {
  const auth = Buffer.from(`${cred.username}:${cred.password}`, 'utf8').toString('base64');
  return JSON.stringify({ auths: { [registry]: { username: cred.username, password: cred.password, auth } } }, null, 2);
}

/**
 * `username`/`password` keys: `kubernetes.io/basic-auth` (what
 * `flux create secret helm` writes) or `Opaque` (the helm-operator target).
 * @internal
 */
export function buildBasicAuthSecret(m: SecretMeta, cred: UsernamePassword, type: 'kubernetes.io/basic-auth' | 'Opaque'): KubeManifest {
  return {
    apiVersion: 'v1',
    kind: 'Secret',
    metadata: meta(m.name, m.namespace),
    type,
    stringData: { username: cred.username, password: cred.password },
  };
}

/** @internal */
export interface TlsMaterial {
  /** PEM CA bundle to trust. */
  readonly caCert?: string;
  /** PEM client certificate (mutual TLS); needs `clientKey`. */
  readonly clientCert?: string;
  /** PEM client key; needs `clientCert`. */
  readonly clientKey?: string;
}

/** `tls.crt`/`tls.key`/`ca.crt`; `kubernetes.io/tls` with a client pair, `Opaque` for a CA only. @internal */
export function buildTlsSecret(m: SecretMeta, tls: TlsMaterial): KubeManifest {
  const pair = tls.clientCert !== undefined && tls.clientKey !== undefined;
  return {
    apiVersion: 'v1',
    kind: 'Secret',
    metadata: meta(m.name, m.namespace),
    type: pair ? 'kubernetes.io/tls' : 'Opaque',
    stringData: compact({ 'tls.crt': tls.clientCert, 'tls.key': tls.clientKey, 'ca.crt': tls.caCert }),
  };
}

/** The keys of a proxy Secret. @internal */
export interface ProxySecretData {
  /** Proxy URL: http, https or socks5. */
  readonly address: string;
  readonly username?: string;
  readonly password?: string;
}

/** OCIRepository `proxySecretRef`: `address`, optional `username`/`password`. @internal */
export function buildProxySecret(m: SecretMeta, proxy: ProxySecretData): KubeManifest {
  return {
    apiVersion: 'v1',
    kind: 'Secret',
    metadata: meta(m.name, m.namespace),
    type: 'Opaque',
    stringData: compact({ address: proxy.address, username: proxy.username, password: proxy.password }),
  };
}
