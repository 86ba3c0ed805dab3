import { IssueList } from '../foundation/issues';

const HOST = /^(\[[0-9a-fA-F:.]+\]|[a-zA-Z0-9]([a-zA-Z0-9-]*[a-zA-Z0-9])?(\.[a-zA-Z0-9]([a-zA-Z0-9-]*[a-zA-Z0-9])?)*)(:[0-9]{1,5})?$/;

/**
 * The bare `host[:port]` that Flux looks up in a dockerconfigjson `auths`
 * map (source-controller compares it with the URL's host). Accepts a bare
 * host, an `oci://` URL or a docker-style `https://host/v1/` key.
 */
export function registryHostOf(input: unknown, issues: IssueList, field: string): string | undefined {
  if (typeof input !== 'string' || input.length === 0) {
    issues.add(field, "expected a registry host such as 'ghcr.io' or 'registry.example.com:5000'");
    return undefined;
  }
  const host = input.replace(/^[a-z][a-z0-9+.-]*:\/\//i, '').split('/')[0];
  if (host.includes('@')) {
    // Not echoed: before '@' stands a username and likely a password.
    issues.add(field, `the registry host has a username or password before it ('…@'); give only '${host.slice(host.lastIndexOf('@') + 1)}' here and the credentials as username/password`);
    return undefined;
  }
  if (!HOST.test(host)) {
    issues.add(field, `'${input}' does not name a registry host; use 'host' or 'host:port', e.g. 'ghcr.io'`);
    return undefined;
  }
  return host;
}
