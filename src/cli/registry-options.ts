import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { UsageError } from './errors';
import { CliIo } from './io';
import { parseOciReference } from '../foundation/reference';
import { RegistryClient, RegistryClientOptions } from '../registry/client';
import { defaultCredentialStore } from '../registry/credentials/default-store';
import { localTrustFor } from '../registry/trust/local-trust';

/** The registry flags every networked command shares. */
export const REGISTRY_OPTIONS = {
  'insecure': { type: 'boolean' },
  'ca-file': { type: 'string' },
} as const;

export const REGISTRY_USAGE = `Registry options:
  --insecure         reach the registry over plain HTTP (Flux's insecure: true)
  --ca-file <file>   trust this PEM CA bundle in addition to the system roots

Credentials come from the Helm registry config, the docker config
(auths, credHelpers, credsStore, DOCKER_AUTH_CONFIG) and podman's auth
files, in that order; use 'flux-oci login' to store them.
CAs (and client certificates) already set up for the host are trusted too:
SSL_CERT_FILE, a CA stored by 'flux-oci login --ca-file', and the first of
~/.config/containers/certs.d/<host>/, /etc/containers/certs.d/<host>/,
/etc/docker/certs.d/<host>/ (*.crt CAs, X.cert + X.key client pairs).`;

/**
 * A client with the user's stored logins, for the host of `reference`.
 * `--insecure` applies to that host only, as in Flux.
 */
export function registryClientFor(io: CliIo, host: string, values: { 'insecure'?: boolean; 'ca-file'?: string }): RegistryClient {
  return new RegistryClient({
    credentials: defaultCredentialStore({ env: io.env }),
    ...registryTlsOptions(io, host, values),
  });
}

/**
 * Scheme and trust for `host`: plain HTTP with `--insecure`; else the
 * `--ca-file` CA and this machine's set-up for the host (`localTrustFor`:
 * SSL_CERT_FILE, a CA stored at login, containers-certs.d).
 */
export function registryTlsOptions(io: CliIo, host: string, values: { 'insecure'?: boolean; 'ca-file'?: string }): RegistryClientOptions {
  if (values.insecure) return { insecureHosts: [host], env: io.env };
  const given = readCaFile(io, values['ca-file']);
  const trust = localTrustFor(host, { env: io.env });
  const ca = [...(given !== undefined ? [given] : []), ...trust.ca];
  return {
    env: io.env,
    ...(ca.length ? { ca } : {}),
    ...(trust.clientCertificate ? { clientCertificate: trust.clientCertificate } : {}),
  };
}

/** The PEM bundle `--ca-file` names, read relative to the working directory. */
export function readCaFile(io: CliIo, file: string | undefined): string | undefined {
  if (file === undefined) return undefined;
  const path = resolve(io.cwd, file);
  try {
    return readFileSync(path, 'utf8');
  } catch (e) {
    throw new UsageError(`--ca-file: cannot read ${path}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
  }
}

/** The registry host `login`/`logout` were given, tolerating a scheme or path as docker does (`https://ghcr.io/v2/` → `ghcr.io`). */
export function registryHostArgument(text: string): string {
  return parseOciReference(`oci://${text.replace(/^[a-z]+:\/\//, '').replace(/\/.*$/, '')}/x`).host;
}
