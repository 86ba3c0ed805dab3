import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { RegistryHarnessError } from './errors';
import { runCommand } from './processes';

/** Files of a throwaway CA and a server certificate it signed. */
export interface TlsFiles {
  /** PEM of the CA certificate; trust this to reach the server. */
  readonly caPem: string;
  readonly caFile: string;
  readonly certFile: string;
  readonly keyFile: string;
}

/** A client certificate for mutual TLS, the key, and the CA that signed it (which the server trusts for clients). */
export interface ClientTlsFiles {
  readonly caFile: string;
  readonly certFile: string;
  readonly keyFile: string;
}

/** A self-signed signing certificate and its key (PEM). */
export interface SigningKeyPair {
  readonly keyPem: string;
  readonly certPem: string;
}

// Short lifetimes: these certificates exist for one test run.
const DAYS = '2';

/**
 * Creates a CA and a server certificate for `127.0.0.1` and `localhost`
 * (SAN `IP:127.0.0.1, DNS:localhost`) in `dir`, with `openssl`.
 * P-256 keys keep generation fast.
 */
export async function createTlsFiles(dir: string): Promise<TlsFiles> {
  mkdirSync(dir, { recursive: true });
  const caFile = path.join(dir, 'ca.pem');
  const caKey = path.join(dir, 'ca-key.pem');
  const keyFile = path.join(dir, 'server-key.pem');
  const csrFile = path.join(dir, 'server.csr');
  const certFile = path.join(dir, 'server.pem');
  const extFile = path.join(dir, 'server-ext.cnf');

  await openssl(['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes',
    '-keyout', caKey, '-out', caFile, '-subj', '/CN=flux-oci test CA', '-days', DAYS,
    '-addext', 'basicConstraints=critical,CA:TRUE', '-addext', 'keyUsage=critical,keyCertSign,cRLSign']);
  await openssl(['req', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes',
    '-keyout', keyFile, '-out', csrFile, '-subj', '/CN=127.0.0.1']);
  writeFileSync(extFile, [
    'basicConstraints=critical,CA:FALSE',
    'keyUsage=critical,digitalSignature,keyEncipherment',
    'extendedKeyUsage=serverAuth',
    'subjectAltName=IP:127.0.0.1,DNS:localhost',
    '',
  ].join('\n'));
  await openssl(['x509', '-req', '-in', csrFile, '-CA', caFile, '-CAkey', caKey, '-CAcreateserial',
    '-out', certFile, '-days', DAYS, '-extfile', extFile]);
  return { caPem: readFileSync(caFile, 'utf8'), caFile, certFile, keyFile };
}

/**
 * Creates a client CA (separate from the server's) and a client
 * certificate it signed (`extendedKeyUsage=clientAuth`, CN `flux-oci test
 * client`) in `dir`, for a server that requires client certificates.
 */
export async function createClientTlsFiles(dir: string): Promise<ClientTlsFiles> {
  mkdirSync(dir, { recursive: true });
  const caFile = path.join(dir, 'client-ca.pem');
  const caKey = path.join(dir, 'client-ca-key.pem');
  const keyFile = path.join(dir, 'client-key.pem');
  const csrFile = path.join(dir, 'client.csr');
  const certFile = path.join(dir, 'client.pem');
  const extFile = path.join(dir, 'client-ext.cnf');
  await openssl(['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes',
    '-keyout', caKey, '-out', caFile, '-subj', '/CN=flux-oci test client CA', '-days', DAYS,
    '-addext', 'basicConstraints=critical,CA:TRUE', '-addext', 'keyUsage=critical,keyCertSign,cRLSign']);
  await openssl(['req', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes',
    '-keyout', keyFile, '-out', csrFile, '-subj', '/CN=flux-oci test client']);
  writeFileSync(extFile, ['basicConstraints=critical,CA:FALSE', 'keyUsage=critical,digitalSignature', 'extendedKeyUsage=clientAuth', ''].join('\n'));
  await openssl(['x509', '-req', '-in', csrFile, '-CA', caFile, '-CAkey', caKey, '-CAcreateserial',
    '-out', certFile, '-days', DAYS, '-extfile', extFile]);
  return { caFile, certFile, keyFile };
}

/** A self-signed RSA 2048 or EC P-256 certificate for signing JWTs. */
export async function createSigningKeyPair(dir: string, kind: 'rsa' | 'ec'): Promise<SigningKeyPair> {
  mkdirSync(dir, { recursive: true });
  const keyFile = path.join(dir, `${kind}-key.pem`);
  const certFile = path.join(dir, `${kind}-cert.pem`);
  const keyArgs = kind === 'rsa' ? ['-newkey', 'rsa:2048'] : ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256'];
  await openssl(['req', '-x509', ...keyArgs, '-nodes', '-keyout', keyFile, '-out', certFile,
    '-subj', `/CN=flux-oci test token issuer ${kind}`, '-days', DAYS]);
  return { keyPem: readFileSync(keyFile, 'utf8'), certPem: readFileSync(certFile, 'utf8') };
}

async function openssl(args: string[]): Promise<void> {
  const result = await runCommand('openssl', args);
  if (result.exitCode !== 0) {
    throw new RegistryHarnessError(`openssl ${args[0]} failed (exit ${result.exitCode}): ${result.stderr.trim()}`);
  }
}
