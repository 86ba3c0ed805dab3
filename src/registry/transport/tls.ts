import { readFileSync } from 'node:fs';
import { rootCertificates } from 'node:tls';
import { InvalidOptionError } from '../errors';

/**
 * Extra certificate authorities: PEM text, a Buffer holding PEM, or a path
 * to a PEM file; or a list of those.
 */
export type CaInput = string | Buffer | ReadonlyArray<string | Buffer>;

/**
 * A client certificate for mutual TLS: the certificate (chain) and its
 * private key, each as PEM text, a Buffer holding PEM, or a path to a PEM file.
 */
export interface ClientCertificate {
  readonly cert: string | Buffer;
  readonly key: string | Buffer;
}

/** A {@link ClientCertificate} read into PEM text. */
export interface ClientCertificatePem {
  readonly cert: string;
  readonly key: string;
}

/**
 * The trust store for TLS connections: Node's default roots, the
 * certificates of `NODE_EXTRA_CA_CERTS`, plus `extra`. Setting `ca` on a
 * TLS socket replaces Node's default store (roots and extra certificates
 * alike), so both are added back (Flux likewise appends `ca.crt` to the
 * system pool).
 */
export function trustedCertificates(extra: CaInput): string[] {
  const inputs: ReadonlyArray<string | Buffer> = Array.isArray(extra) ? extra : [extra as string | Buffer];
  return [...rootCertificates, ...nodeExtraCertificates(), ...inputs.map((input) => readPem(input, 'ca', 'CERTIFICATE'))];
}

/** The client certificate and key as PEM, read once, so a bad option fails at construction. */
export function readClientCertificate(input: ClientCertificate): ClientCertificatePem {
  return { cert: readPem(input.cert, 'clientCertificate.cert', 'CERTIFICATE'), key: readPem(input.key, 'clientCertificate.key', 'PRIVATE KEY') };
}

/**
 * What Node itself adds to its default store at startup: the file
 * `NODE_EXTRA_CA_CERTS` names (process environment; Node only warns when
 * it cannot be read, and so does nothing here).
 */
function nodeExtraCertificates(): string[] {
  const file = process.env.NODE_EXTRA_CA_CERTS;
  if (!file) return [];
  try {
    const pem = readFileSync(file, 'utf8');
    return pem.includes('-----BEGIN CERTIFICATE-----') ? [pem] : [];
  } catch {
    return [];
  }
}

/** PEM text from text, a Buffer or a file; `label` is what the PEM must hold (`CERTIFICATE`, `PRIVATE KEY`). */
function readPem(input: string | Buffer, option: string, label: 'CERTIFICATE' | 'PRIVATE KEY'): string {
  let pem: string;
  let origin: string;
  const what = label === 'CERTIFICATE' ? 'certificate' : 'private key';
  if (Buffer.isBuffer(input)) {
    pem = input.toString('utf8');
    origin = 'the Buffer given';
  } else if (input.includes('-----BEGIN')) {
    pem = input;
    origin = 'the PEM text given';
  } else {
    origin = `'${input}'`;
    try {
      pem = readFileSync(input, 'utf8');
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code ?? 'unknown error';
      throw new InvalidOptionError(option, `cannot read the ${label === 'CERTIFICATE' && option === 'ca' ? 'CA' : what} file ${origin} (${code}); pass PEM text, a Buffer, or the path of a readable PEM file`);
    }
  }
  // `BEGIN PRIVATE KEY`, `BEGIN EC PRIVATE KEY`, `BEGIN RSA PRIVATE KEY` all end in the label.
  const marker = label === 'CERTIFICATE' ? '-----BEGIN CERTIFICATE-----' : /-----BEGIN [A-Z ]*PRIVATE KEY-----/;
  if (typeof marker === 'string' ? !pem.includes(marker) : !marker.test(pem)) {
    throw new InvalidOptionError(option, label === 'CERTIFICATE' && option === 'ca'
      ? `${origin} holds no PEM certificate ('-----BEGIN CERTIFICATE-----'); pass the registry's CA certificate in PEM form`
      : `${origin} holds no PEM ${what} ('-----BEGIN ${label}-----'); pass the client ${what} in PEM form`);
  }
  return pem;
}
