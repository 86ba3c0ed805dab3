/**
 * How credential entries are matched to a registry host, following
 * docker/cli `cli/config/credentials` (`ConvertToHostname`) and
 * `registry.IndexServer`.
 */

/** The key docker uses for Docker Hub in `auths` and for credential helpers. */
export const DOCKER_HUB_SERVER_KEY = 'https://index.docker.io/v1/';

const DOCKER_HUB_HOSTNAMES = new Set(['docker.io', 'index.docker.io', 'registry-1.docker.io', 'registry.hub.docker.com']);

/** `https://host:port/path` → `host:port`, lowercased. */
export function serverHostname(server: string): string {
  let s = server.trim();
  const scheme = /^[a-zA-Z][a-zA-Z0-9+.-]*:\/\//.exec(s);
  if (scheme) s = s.slice(scheme[0].length);
  const slash = s.indexOf('/');
  return (slash < 0 ? s : s.slice(0, slash)).toLowerCase();
}

/** True for any Docker Hub host alias or the `https://index.docker.io/v1/` key. */
export function isDockerHubServer(server: string): boolean {
  return DOCKER_HUB_HOSTNAMES.has(serverHostname(server));
}

/**
 * What docker passes to a credential helper and looks up first in `auths`:
 * `https://index.docker.io/v1/` for Docker Hub, otherwise the bare host.
 */
export function serverKeyFor(host: string): string {
  return isDockerHubServer(host) ? DOCKER_HUB_SERVER_KEY : serverHostname(host);
}

/** How {@link findServerEntry} matches keys. */
export interface ServerMatchOptions {
  /** Repository being accessed, for namespaced keys. @default - none */
  readonly repository?: string;
  /**
   * Podman semantics: `host/ns[/repo]` keys apply only to that namespace and
   * are tried first, most specific first. Docker semantics (false) strip
   * the path of every key.
   * @default false
   */
  readonly namespaced?: boolean;
}

/**
 * Finds the entry for `host` in a map keyed by server: the exact key first,
 * then any key whose hostname (scheme and path stripped) is the host; for
 * Docker Hub every alias matches.
 */
export function findServerEntry<T>(
  map: Readonly<Record<string, T>> | undefined,
  host: string,
  options: ServerMatchOptions = {},
): { key: string; value: T } | undefined {
  if (!map || typeof map !== 'object') return undefined;
  const keys = Object.keys(map);
  const hostname = serverHostname(host);
  const { repository, namespaced = false } = options;
  if (namespaced && repository) {
    const parts = repository.split('/');
    for (let i = parts.length; i >= 1; i--) {
      const candidate = `${hostname}/${parts.slice(0, i).join('/')}`;
      const key = keys.find((k) => stripScheme(k).replace(/\/+$/, '').toLowerCase() === candidate);
      if (key !== undefined) return { key, value: map[key] };
    }
  }
  const exact = serverKeyFor(host);
  if (Object.prototype.hasOwnProperty.call(map, exact)) return { key: exact, value: map[exact] };
  if (Object.prototype.hasOwnProperty.call(map, host)) return { key: host, value: map[host] };
  const hub = isDockerHubServer(host);
  const key = keys.find((k) => (hub ? isDockerHubServer(k) : serverHostname(k) === hostname) && !(namespaced && isNamespaced(k)));
  return key === undefined ? undefined : { key, value: map[key] };
}

function stripScheme(key: string): string {
  return key.replace(/^[a-zA-Z][a-zA-Z0-9+.-]*:\/\//, '');
}

/** `host/ns` keys (podman) are not host-wide; `https://host/v1/` style keys are. */
function isNamespaced(key: string): boolean {
  if (/^[a-zA-Z][a-zA-Z0-9+.-]*:\/\//.test(key)) return false;
  return key.includes('/');
}
