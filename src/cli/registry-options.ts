import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { UsageError } from './errors';
import { CliIo } from './io';
import { parseOciReference } from '../foundation/reference';
import { RegistryClient } from '../registry/client';
import { defaultCredentialStore } from '../registry/credentials/default-store';

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
files, in that order; use 'flux-oci login' to store them.`;

/**
 * A client with the user's stored logins, for the host of `reference`.
 * `--insecure` applies to that host only, as in Flux.
 */
export function registryClientFor(io: CliIo, host: string, values: { 'insecure'?: boolean; 'ca-file'?: string }): RegistryClient {
  return new RegistryClient({
    credentials: defaultCredentialStore({ env: io.env }),
    insecureHosts: values.insecure ? [host] : [],
    ca: readCaFile(io, values['ca-file']),
    env: io.env,
  });
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
