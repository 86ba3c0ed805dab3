import { readFileSync } from 'node:fs';
import { rootCertificates } from 'node:tls';
import { InvalidOptionError } from '../errors';

/**
 * Extra certificate authorities: PEM text, a Buffer holding PEM, or a path
 * to a PEM file; or a list of those.
 */
export type CaInput = string | Buffer | ReadonlyArray<string | Buffer>;

/**
 * The trust store for TLS connections: Node's default roots plus `extra`.
 * Setting `ca` on a TLS socket replaces the defaults, so they are added
 * back (Flux likewise appends `ca.crt` to the system pool).
 */
export function trustedCertificates(extra: CaInput): string[] {
  const inputs: ReadonlyArray<string | Buffer> = Array.isArray(extra) ? extra : [extra as string | Buffer];
  return [...rootCertificates, ...inputs.map(readPem)];
}

function readPem(input: string | Buffer): string {
  let pem: string;
  let origin: string;
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
      throw new InvalidOptionError('ca', `cannot read the CA file ${origin} (${code}); pass PEM text, a Buffer, or the path of a readable PEM file`);
    }
  }
  if (!pem.includes('-----BEGIN CERTIFICATE-----')) {
    throw new InvalidOptionError('ca', `${origin} holds no PEM certificate ('-----BEGIN CERTIFICATE-----'); pass the registry's CA certificate in PEM form`);
  }
  return pem;
}
