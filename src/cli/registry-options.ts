import { createPrivateKey, X509Certificate } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { UsageError } from './errors';
import { CliIo } from './io';
import { RegistryOptionValues } from './registry-flags';
import { parseOciReference } from '../foundation/reference';
import { RegistryClient, RegistryClientOptions } from '../registry/client';
import { defaultCredentialStore } from '../registry/credentials/default-store';
import { localTrustFor } from '../registry/trust/local-trust';


/** A client with the user's stored logins, for `host` (see {@link registryTlsOptions}). */
export function registryClientFor(io: CliIo, host: string, values: RegistryOptionValues): RegistryClient {
  return new RegistryClient({
    credentials: defaultCredentialStore({ env: io.env }),
    ...registryTlsOptions(io, host, values),
  });
}

/** `--plain-http` or its Flux-named alias `--insecure`. */
export function plainHttp(values: RegistryOptionValues): boolean {
  return values['plain-http'] === true || values.insecure === true;
}

/**
 * Scheme and trust for `host`: plain HTTP with `--plain-http`/`--insecure`
 * (for that host only, as in Flux); else the `--ca-file` CA and this
 * machine's set-up for the host (`localTrustFor`: SSL_CERT_FILE, a CA
 * stored at login, containers-certs.d), the `--cert-file`/`--key-file`
 * pair (before one from certs.d), and `--insecure-skip-tls-verify` with a
 * warning on stderr.
 */
export function registryTlsOptions(io: CliIo, host: string, values: RegistryOptionValues): RegistryClientOptions {
  const tlsFlags = (['insecure-skip-tls-verify', 'cert-file', 'key-file'] as const).filter((f) => values[f] !== undefined);
  if (plainHttp(values)) {
    if (tlsFlags.length > 0) {
      throw new UsageError(`--${values['plain-http'] ? 'plain-http' : 'insecure'} means plain HTTP, without TLS, so --${tlsFlags[0]} cannot apply; drop one of them`);
    }
    return { insecureHosts: [host], env: io.env };
  }
  const given = readCaFile(io, values['ca-file']);
  const trust = localTrustFor(host, { env: io.env });
  const ca = [...(given !== undefined ? [given] : []), ...trust.ca];
  const clientCertificate = readClientPair(io, values) ?? trust.clientCertificate;
  if (values['insecure-skip-tls-verify']) {
    io.stderr.write(`WARNING: --insecure-skip-tls-verify: the TLS certificate of ${host} is not verified, so anyone on the way can read and change what is sent, credentials included. `
      + "Flux has no such setting (its 'insecure' means plain HTTP): give the registry's CA with --ca-file here and as certSecretRef to Flux.\n");
  }
  return {
    env: io.env,
    ...(ca.length ? { ca } : {}),
    ...(clientCertificate ? { clientCertificate } : {}),
    ...(values['insecure-skip-tls-verify'] ? { insecureSkipTlsVerify: true } : {}),
  };
}

/** The PEM bundle `--ca-file` names, read relative to the working directory. */
export function readCaFile(io: CliIo, file: string | undefined): string | undefined {
  return file === undefined ? undefined : readOptionFile(io, 'ca-file', file);
}

/** `--cert-file` and `--key-file`: both or neither, and the key must be the certificate's. The key's text is never printed. */
function readClientPair(io: CliIo, values: RegistryOptionValues): { cert: string; key: string } | undefined {
  const certFile = values['cert-file'];
  const keyFile = values['key-file'];
  if (certFile === undefined && keyFile === undefined) return undefined;
  if (certFile === undefined || keyFile === undefined) {
    throw new UsageError(certFile === undefined ? '--key-file needs --cert-file: the certificate that goes with the key' : '--cert-file needs --key-file: the private key of the certificate');
  }
  const cert = readOptionFile(io, 'cert-file', certFile);
  const key = readOptionFile(io, 'key-file', keyFile);
  let certificate: X509Certificate;
  try {
    certificate = new X509Certificate(cert);
  } catch {
    throw new UsageError(`--cert-file: ${resolve(io.cwd, certFile)} holds no PEM certificate ('-----BEGIN CERTIFICATE-----')`);
  }
  let matches: boolean;
  try {
    matches = certificate.checkPrivateKey(createPrivateKey(key));
  } catch {
    throw new UsageError(`--key-file: ${resolve(io.cwd, keyFile)} holds no unencrypted PEM private key ('-----BEGIN PRIVATE KEY-----' or '-----BEGIN EC/RSA PRIVATE KEY-----')`);
  }
  if (!matches) throw new UsageError(`--key-file: ${resolve(io.cwd, keyFile)} is not the private key of the certificate in ${resolve(io.cwd, certFile)} (${certificate.subject.replace(/\n/g, ', ')})`);
  return { cert, key };
}

function readOptionFile(io: CliIo, option: string, file: string): string {
  const path = resolve(io.cwd, file);
  try {
    return readFileSync(path, 'utf8');
  } catch (e) {
    throw new UsageError(`--${option}: cannot read ${path}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
  }
}

/** The registry host `login`/`logout` were given, tolerating a scheme or path as docker does (`https://ghcr.io/v2/` → `ghcr.io`). */
export function registryHostArgument(text: string): string {
  return parseOciReference(`oci://${text.replace(/^[a-z]+:\/\//, '').replace(/\/.*$/, '')}/x`).host;
}
