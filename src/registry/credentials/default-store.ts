import { Credential } from './credential';
import { DockerConfigStore } from './docker-config-store';
import { CredentialHelperRunner, processHelperRunner } from './helper';
import { ConfigLocation, dockerConfigPath, helmRegistryConfigPath, podmanAuthPaths } from './paths';
import { serverHostname } from './server-keys';
import { ChainCredentialStore } from './store';

/** Which tool's credential files to read; `auto` reads all three in Helm's order. */
export type CredentialSource = 'auto' | 'helm' | 'docker' | 'podman';

/** Options for {@link defaultCredentialStore} and {@link readCredentialForHost}. */
export interface CredentialLookupOptions extends ConfigLocation {
  /** Runs credential helpers. @default - child processes with `env` */
  readonly runner?: CredentialHelperRunner;
}

/**
 * The stores for one tool, in that tool's order:
 * - `helm`: `$HELM_REGISTRY_CONFIG` or `<helm config home>/registry/config.json`;
 * - `docker`: `$DOCKER_AUTH_CONFIG` (JSON), then `$DOCKER_CONFIG/config.json` or `~/.docker/config.json`;
 * - `podman`: `$REGISTRY_AUTH_FILE`, or the `containers/auth.json` files.
 */
export function credentialSourceStores(source: CredentialSource, options: CredentialLookupOptions = {}): DockerConfigStore[] {
  const env = options.env ?? process.env;
  const runner = options.runner ?? processHelperRunner({ env });
  switch (source) {
    case 'auto':
      return (['helm', 'docker', 'podman'] as const).flatMap((s) => credentialSourceStores(s, { ...options, runner }));
    case 'helm':
      return [new DockerConfigStore({ file: helmRegistryConfigPath(options), runner })];
    case 'docker':
      return [
        ...(env.DOCKER_AUTH_CONFIG ? [new DockerConfigStore({ config: env.DOCKER_AUTH_CONFIG, source: 'DOCKER_AUTH_CONFIG', runner })] : []),
        new DockerConfigStore({ file: dockerConfigPath(options), runner }),
      ];
    case 'podman':
      return podmanAuthPaths(options).map((file) => new DockerConfigStore({ file, namespacedKeys: true, runner }));
  }
}

/**
 * The credentials a developer's machine already has, in Helm's order:
 * Helm's registry config, then docker's (`DOCKER_AUTH_CONFIG`, then the
 * config file, each with `credHelpers`/`credsStore`), then podman's.
 * Missing files are skipped; a malformed one is an error.
 */
export function defaultCredentialStore(options: CredentialLookupOptions = {}): ChainCredentialStore {
  return new ChainCredentialStore(credentialSourceStores('auto', options));
}

/** Options for {@link readCredentialForHost}. */
export interface ReadCredentialOptions extends CredentialLookupOptions {
  /** Read only this docker-format file. @default - the files of `source` */
  readonly file?: string;
  /** Read only this tool's files. @default 'auto' (Helm, then docker, then podman) */
  readonly source?: CredentialSource;
}

/** What {@link readCredentialForHost} found. */
export interface CredentialLookupResult {
  /** The credential for the host, if any store had one. */
  readonly credential?: Credential;
  /** Every location consulted, in order (file paths, or `DOCKER_AUTH_CONFIG`), for messages. */
  readonly searched: readonly string[];
  /** The location the credential came from. */
  readonly foundIn?: string;
}

/**
 * Synchronously reads the credential for one registry host from the local
 * config files (and the credential helpers they name), returning that
 * entry only, never the whole file. `host` may be `ghcr.io`, `host:port`,
 * `docker.io` or a URL such as `https://index.docker.io/v1/`.
 *
 * Used where synth is synchronous (cdk8s `plaintext` Secrets from `fromDockerConfig()`).
 */
export function readCredentialForHost(host: string, options: ReadCredentialOptions = {}): CredentialLookupResult {
  const bare = serverHostname(host);
  const searched: string[] = [];
  for (const store of storesToRead(options)) {
    searched.push(store.source);
    const credential = store.getSync(bare);
    if (credential) return { credential, searched, foundIn: store.source };
  }
  return { searched };
}

/**
 * {@link readCredentialForHost} without blocking: credential helpers run as
 * child processes the event loop waits for. `repository` lets podman's
 * `host/namespace` entries apply.
 */
export async function lookupCredentialForHost(
  host: string, options: ReadCredentialOptions = {}, repository?: string,
): Promise<CredentialLookupResult> {
  const bare = serverHostname(host);
  const searched: string[] = [];
  for (const store of storesToRead(options)) {
    searched.push(store.source);
    const credential = await store.get(bare, repository);
    if (credential) return { credential, searched, foundIn: store.source };
  }
  return { searched };
}

function storesToRead(options: ReadCredentialOptions): DockerConfigStore[] {
  const runner = options.runner ?? processHelperRunner({ env: options.env });
  return options.file !== undefined
    ? [new DockerConfigStore({ file: options.file, runner })]
    : credentialSourceStores(options.source ?? 'auto', { ...options, runner });
}
