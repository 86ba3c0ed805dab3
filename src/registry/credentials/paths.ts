import * as os from 'node:os';
import * as path from 'node:path';

/**
 * Where Helm, docker and podman keep registry credentials on Linux and
 * macOS (registry.md §3).
 */

/** Environment and home folder the paths derive from. */
export interface ConfigLocation {
  /** @default process.env */
  readonly env?: NodeJS.ProcessEnv;
  /** @default - `env.HOME`, else os.homedir() */
  readonly homedir?: string;
}

/**
 * `$HELM_REGISTRY_CONFIG`, else `<helm config home>/registry/config.json`
 * with the config home `$HELM_CONFIG_HOME`, `$XDG_CONFIG_HOME/helm` or
 * `~/.config/helm`.
 */
export function helmRegistryConfigPath(location: ConfigLocation = {}): string {
  const { env, home } = resolve(location);
  if (env.HELM_REGISTRY_CONFIG) return env.HELM_REGISTRY_CONFIG;
  const configHome = env.HELM_CONFIG_HOME
    || (env.XDG_CONFIG_HOME ? path.join(env.XDG_CONFIG_HOME, 'helm') : path.join(home, '.config', 'helm'));
  return path.join(configHome, 'registry', 'config.json');
}

/** `$DOCKER_CONFIG/config.json`, else `~/.docker/config.json`. */
export function dockerConfigPath(location: ConfigLocation = {}): string {
  const { env, home } = resolve(location);
  return path.join(env.DOCKER_CONFIG || path.join(home, '.docker'), 'config.json');
}

/**
 * podman's auth files in lookup order: `$REGISTRY_AUTH_FILE` alone when
 * set, else `$XDG_RUNTIME_DIR/containers/auth.json` and
 * `${XDG_CONFIG_HOME:-~/.config}/containers/auth.json` (podman then reads
 * the docker config, which the default chain covers already).
 */
export function podmanAuthPaths(location: ConfigLocation = {}): string[] {
  const { env, home } = resolve(location);
  if (env.REGISTRY_AUTH_FILE) return [env.REGISTRY_AUTH_FILE];
  const paths: string[] = [];
  if (env.XDG_RUNTIME_DIR) paths.push(path.join(env.XDG_RUNTIME_DIR, 'containers', 'auth.json'));
  paths.push(path.join(env.XDG_CONFIG_HOME || path.join(home, '.config'), 'containers', 'auth.json'));
  return paths;
}

/**
 * The home folder: `homedir`, else `$HOME` of the environment given (as
 * docker, helm and podman read it), else the process's.
 */
export function homeOf(location: ConfigLocation): string {
  return location.homedir ?? (location.env?.HOME || os.homedir());
}

function resolve(location: ConfigLocation): { env: NodeJS.ProcessEnv; home: string } {
  return { env: location.env ?? process.env, home: homeOf(location) };
}
