import { readFileSync, statSync } from 'node:fs';
import * as path from 'node:path';
import { CertsDirContent, readCertsDir } from './certs-dir';
import { loginCertsDir } from './login-ca';
import { ConfigLocation, homeOf } from '../credentials/paths';
import { TlsConfigError } from '../errors';
import type { ClientCertificatePem } from '../transport/tls';

/** The system-wide certs.d folders, in containers/image's order. */
export const SYSTEM_CERTS_DIRS: readonly string[] = ['/etc/containers/certs.d', '/etc/docker/certs.d'];

/** Options for {@link localTrustFor}. */
export interface LocalTrustOptions extends ConfigLocation {
  /** The system-wide certs.d folders. @default SYSTEM_CERTS_DIRS */
  readonly systemCertsDirs?: readonly string[];
}

/** What this machine is set up to trust (and present) for one registry. */
export interface LocalTrust {
  /** PEM CAs to trust on top of the default roots. */
  readonly ca: readonly string[];
  /** The client certificate of a certs.d folder, if it has one. */
  readonly clientCertificate?: ClientCertificatePem;
  /** Where they came from (files and folders), for messages. */
  readonly sources: readonly string[];
}

/**
 * The TLS set-up docker, podman, skopeo and Helm users already have for
 * `host` (`host[:port]`), so no command needs the CA again:
 * 1. `SSL_CERT_FILE`, the bundle Go programs (helm, flux) read for every host;
 * 2. the CA `flux-oci login --ca-file` stored next to the login:
 *    `<docker config folder>/certs.d/<host>/` (`~/.docker/certs.d`, Docker Desktop's layout);
 * 3. containers-certs.d: the first of `$HOME/.config/containers/certs.d/<host>`,
 *    `/etc/containers/certs.d/<host>` and `/etc/docker/certs.d/<host>` that
 *    exists (containers/image v5.36.1 `docker/docker_client.go` `dockerCertDir`:
 *    the first folder that exists wins, the others are not read).
 *
 * Folders follow the certs.d rules ({@link readCertsDir}): `*.crt` CAs, `X.cert` + `X.key` client pairs.
 * @throws TlsConfigError for a folder or file that cannot be used
 */
export function localTrustFor(host: string, options: LocalTrustOptions = {}): LocalTrust {
  const env = options.env ?? process.env;
  const ca: string[] = [];
  const sources: string[] = [];
  if (env.SSL_CERT_FILE) {
    ca.push(readBundle(env.SSL_CERT_FILE));
    sources.push(env.SSL_CERT_FILE);
  }
  let clientCertificate: ClientCertificatePem | undefined;
  const take = (content: CertsDirContent | undefined): void => {
    if (!content) return;
    ca.push(...content.cas);
    sources.push(...content.caFiles);
    if (content.clientCertificate && !clientCertificate) {
      clientCertificate = { cert: content.clientCertificate.cert, key: content.clientCertificate.key };
      sources.push(content.clientCertificate.certFile);
    }
  };
  take(readCertsDir(loginCertsDir(host, options)));
  const containers = containersCertsDir(host, options);
  if (containers) take(readCertsDir(containers));
  return { ca, clientCertificate, sources };
}

/** The containers-certs.d folder for `host`: the first that exists, else none. */
export function containersCertsDir(host: string, options: LocalTrustOptions = {}): string | undefined {
  const candidates = [path.join(homeOf(options), '.config', 'containers', 'certs.d'), ...(options.systemCertsDirs ?? SYSTEM_CERTS_DIRS)];
  for (const base of candidates) {
    const dir = path.join(base, host);
    try {
      statSync(dir);
      return dir;
    } catch {
      // Missing or not permitted: containers/image goes on to the next folder.
    }
  }
  return undefined;
}

function readBundle(file: string): string {
  let pem: string;
  try {
    pem = readFileSync(file, 'utf8');
  } catch (e) {
    throw new TlsConfigError('SSL_CERT_FILE', `SSL_CERT_FILE names ${file}, which cannot be read (${(e as NodeJS.ErrnoException).code ?? 'unknown error'}); point it at a PEM bundle or unset it`);
  }
  if (!pem.includes('-----BEGIN CERTIFICATE-----')) {
    throw new TlsConfigError('SSL_CERT_FILE', `SSL_CERT_FILE names ${file}, which holds no PEM certificate; point it at a PEM bundle or unset it`);
  }
  return pem;
}
