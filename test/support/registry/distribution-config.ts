import { randomBytes } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { stringify } from 'yaml';

/** What the distribution config needs to know about auth and TLS. */
export interface DistributionConfigInput {
  /** Absolute folder for blobs and manifests. */
  readonly dataDir: string;
  readonly tls?: { readonly certFile: string; readonly keyFile: string };
  /** CA files whose client certificates the registry requires (`http.tls.clientcas`); TLS only. */
  readonly clientCaFiles?: readonly string[];
  readonly htpasswdFile?: string;
  readonly token?: { readonly realm: string; readonly service: string; readonly issuer: string; readonly rootCertBundleFile: string };
  /** Deep-merged over the generated config (objects merge, other values replace). */
  readonly extraConfig?: Readonly<Record<string, unknown>>;
}

/**
 * Writes `config.yml` for `docker-registry serve` (CNCF Distribution 2.8).
 * `http.addr` uses port 0 so the registry binds a free port itself; its
 * log line `listening on 127.0.0.1:<port>` tells which, with no race
 * between picking a port and binding it. All paths are absolute because
 * the config format does not expand variables.
 */
export function writeDistributionConfig(dir: string, input: DistributionConfigInput): string {
  const config: Record<string, unknown> = {
    version: '0.1',
    log: { level: 'info', formatter: 'text' },
    storage: {
      filesystem: { rootdirectory: input.dataDir },
      delete: { enabled: true },
      maintenance: { uploadpurging: { enabled: false } },
    },
    http: {
      addr: '127.0.0.1:0',
      // A fixed secret silences the startup warning; uploads stay on one instance anyway.
      secret: randomBytes(16).toString('hex'),
      ...(input.tls ? {
        tls: {
          certificate: input.tls.certFile,
          key: input.tls.keyFile,
          // Distribution 2.8 then sets tls.RequireAndVerifyClientCert (registry/registry.go).
          ...(input.clientCaFiles?.length ? { clientcas: [...input.clientCaFiles] } : {}),
        },
      } : {}),
    },
  };
  if (input.htpasswdFile) {
    config.auth = { htpasswd: { realm: 'basic-realm', path: input.htpasswdFile } };
  }
  if (input.token) {
    config.auth = {
      token: {
        realm: input.token.realm,
        service: input.token.service,
        issuer: input.token.issuer,
        rootcertbundle: input.token.rootCertBundleFile,
      },
    };
  }
  const file = path.join(dir, 'config.yml');
  writeFileSync(file, stringify(deepMerge(config, input.extraConfig ?? {})));
  return file;
}

function deepMerge(base: Record<string, unknown>, extra: Readonly<Record<string, unknown>>): Record<string, unknown> {
  const out: Record<string, unknown> = { ...base };
  for (const [key, value] of Object.entries(extra)) {
    const current = out[key];
    out[key] = isPlainObject(current) && isPlainObject(value) ? deepMerge(current, value) : value;
  }
  return out;
}

function isPlainObject(x: unknown): x is Record<string, unknown> {
  return typeof x === 'object' && x !== null && !Array.isArray(x);
}
