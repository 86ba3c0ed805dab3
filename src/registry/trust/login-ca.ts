import { randomBytes } from 'node:crypto';
import { chmod, mkdir, rename, rm, writeFile } from 'node:fs/promises';
import * as path from 'node:path';
import { ConfigLocation, dockerConfigPath } from '../credentials/paths';
import { InvalidOptionError } from '../errors';

/**
 * Where `flux-oci login --ca-file` keeps a registry's CA: beside the login,
 * in `<folder of the docker config>/certs.d/<host>/ca.crt`, the certs.d
 * layout Docker Desktop reads from `~/.docker/certs.d`. A CA is public, so
 * it is a plain file (mode 0644), never a credential.
 */
export function loginCertsDir(host: string, location: ConfigLocation & { readonly configPath?: string } = {}): string {
  return path.join(path.dirname(location.configPath ?? dockerConfigPath(location)), 'certs.d', host);
}

/**
 * Stores `pem` as the CA of `host` next to the login, replacing one stored before.
 * @returns the file written
 */
export async function storeLoginCa(host: string, pem: string, location: ConfigLocation & { readonly configPath?: string } = {}): Promise<string> {
  if (!pem.includes('-----BEGIN CERTIFICATE-----')) {
    throw new InvalidOptionError('ca', "the CA holds no PEM certificate ('-----BEGIN CERTIFICATE-----'); pass the registry's CA certificate in PEM form");
  }
  const dir = loginCertsDir(host, location);
  await mkdir(dir, { recursive: true, mode: 0o755 });
  const file = path.join(dir, 'ca.crt');
  const tmp = `${file}.${randomBytes(6).toString('hex')}.tmp`;
  try {
    await writeFile(tmp, pem);
    await chmod(tmp, 0o644); // whatever the umask: readable like any CA
    await rename(tmp, file);
  } catch (e) {
    await rm(tmp, { force: true });
    throw e;
  }
  return file;
}
