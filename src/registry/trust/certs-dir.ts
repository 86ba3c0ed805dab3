import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { TlsConfigError } from '../errors';
import type { ClientCertificatePem } from '../transport/tls';

/**
 * One `certs.d/<host:port>` folder, read by the rules docker, podman and
 * skopeo share (containers/image v5.36.1 `pkg/tlsclientconfig/tlsclientconfig.go`
 * `SetupCertificates`; moby `registry/registry.go` `loadTLSConfig`):
 * - every `*.crt` is a CA, added to the system roots;
 * - `X.cert` is a client certificate whose key is `X.key`; an `X.cert`
 *   without `X.key`, or an `X.key` without `X.cert`, is an error;
 * - files are taken in name order; a folder that does not exist or may not
 *   be read holds nothing.
 */
export interface CertsDirContent {
  /** The folder read. */
  readonly dir: string;
  /** PEM text of each `*.crt`, in name order. */
  readonly cas: readonly string[];
  /** The `*.crt` files, for messages. */
  readonly caFiles: readonly string[];
  /**
   * The first `X.cert`/`X.key` pair by name. Go offers the server every
   * pair; a Node socket presents one.
   */
  readonly clientCertificate?: ClientCertificatePem & { readonly certFile: string };
}

/** The folder's CAs and client certificate; undefined when the folder does not exist or may not be read. */
export function readCertsDir(dir: string): CertsDirContent | undefined {
  let names: string[];
  try {
    names = readdirSync(dir).sort();
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR' || code === 'EACCES' || code === 'EPERM') return undefined;
    throw new TlsConfigError(dir, `cannot read the TLS folder ${dir} (${code ?? 'unknown error'})`);
  }
  const cas: string[] = [];
  const caFiles: string[] = [];
  let clientCertificate: CertsDirContent['clientCertificate'];
  for (const name of names) {
    const file = join(dir, name);
    if (name.endsWith('.crt')) {
      const pem = readText(file);
      // containers/image skips what does not parse; a CA that silently trusts nothing only moves the error to the handshake.
      if (pem === undefined) continue;
      if (!pem.includes('-----BEGIN CERTIFICATE-----')) {
        throw new TlsConfigError(file, `${file} holds no PEM certificate ('-----BEGIN CERTIFICATE-----'); a CA in a certs.d folder must be PEM, or removed`);
      }
      cas.push(pem);
      caFiles.push(file);
    } else if (name.endsWith('.cert')) {
      const keyName = `${name.slice(0, -'.cert'.length)}.key`;
      if (!names.includes(keyName)) {
        throw new TlsConfigError(file, `missing key ${keyName} for client certificate ${name} in ${dir}. Note that CA certificates should use the extension .crt`);
      }
      if (!clientCertificate) {
        const cert = readText(file);
        const key = readText(join(dir, keyName));
        if (cert !== undefined && key !== undefined) clientCertificate = { cert, key, certFile: file };
      }
    } else if (name.endsWith('.key')) {
      const certName = `${name.slice(0, -'.key'.length)}.cert`;
      if (!names.includes(certName)) {
        throw new TlsConfigError(file, `missing client certificate ${certName} for key ${name} in ${dir}`);
      }
    }
  }
  return { dir, cas, caFiles, clientCertificate };
}

/** A file's text; undefined when it vanished (a dangling link, a race), as containers/image skips it. */
function readText(file: string): string | undefined {
  try {
    return readFileSync(file, 'utf8');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return undefined;
    throw new TlsConfigError(file, `cannot read ${file} (${code ?? 'unknown error'})`);
  }
}
