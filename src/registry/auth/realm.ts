import { BlockList, isIP } from 'node:net';
import { RegistryProtocolError } from '../errors';
import { displayUrl } from '../transport';

/**
 * Where a Bearer challenge may send us for a token, checked before any
 * credential (or even an anonymous request) goes there. Credentials travel
 * only over a channel at least as strong as the registry's own. This is
 * go-containerregistry's rule, which Flux's source-controller runs
 * (google/go-containerregistry `pkg/v1/remote/transport/bearer.go`
 * `validateRealmURL`, added in a2f47d42 "validate Bearer realm URL to
 * prevent SSRF (#2243)", released in v0.21.4; source-controller v1.9 builds
 * with v0.21.6):
 *
 * - an `https` realm is accepted; an `http` realm only when the registry
 *   itself is plain HTTP (insecure); any other scheme never;
 * - a realm on the registry's own `host:port` is accepted; otherwise a
 *   realm whose host is an IP literal that is loopback, private, link-local
 *   or unspecified is refused (host names are not resolved, as in ggcr).
 *
 * Token-server redirects are not followed at all (the transport follows
 * none), so ggcr's per-redirect check has nothing to check here.
 */

/** Go's `net.IP` IsLoopback, IsPrivate, IsLinkLocalUnicast, IsLinkLocalMulticast, IsUnspecified. */
const INTERNAL = new BlockList();
for (const [net, prefix] of [['127.0.0.0', 8], ['10.0.0.0', 8], ['172.16.0.0', 12], ['192.168.0.0', 16], ['169.254.0.0', 16], ['224.0.0.0', 24], ['0.0.0.0', 32]] as const) {
  INTERNAL.addSubnet(net, prefix, 'ipv4');
}
for (const [net, prefix] of [['::1', 128], ['fc00::', 7], ['fe80::', 10], ['ff02::', 16], ['::', 128]] as const) {
  INTERNAL.addSubnet(net, prefix, 'ipv6');
}

/** What {@link checkedRealm} needs to know of the registry. */
export interface RealmContext {
  /** Registry `host[:port]` that named the realm. */
  readonly registry: string;
  /** The registry is reached over plain HTTP. */
  readonly registryInsecure: boolean;
  /** For error messages. @default - none */
  readonly reference?: string;
}

/**
 * The realm as a URL without userinfo, when the rule above allows it.
 * @throws RegistryProtocolError naming the realm and why it is refused
 */
export function checkedRealm(realm: string, ctx: RealmContext): URL {
  const details = { host: ctx.registry, reference: ctx.reference };
  let url: URL;
  try {
    url = new URL(realm);
  } catch {
    throw new RegistryProtocolError(`registry ${ctx.registry} named a token realm that is not a URL; its WWW-Authenticate challenge is malformed`, details);
  }
  url.username = '';
  url.password = '';
  const shown = displayUrl(url);
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    throw new RegistryProtocolError(
      `registry ${ctx.registry} named the token realm ${shown} with scheme '${url.protocol}'; only https (or http for an insecure registry) is accepted`, details);
  }
  if (url.protocol === 'http:' && !ctx.registryInsecure) {
    throw new RegistryProtocolError(
      `registry ${ctx.registry} is served over HTTPS but named the plain-HTTP token realm ${shown}; refusing to send credentials `
      + 'over a weaker channel than the registry\'s (Flux refuses it too); the token service must be https', details);
  }
  if (url.host === new URL(`${url.protocol}//${ctx.registry}`).host) return url;
  const address = url.hostname.replace(/^\[(.*)\]$/, '$1');
  const family = isIP(address);
  if (family !== 0 && INTERNAL.check(address, family === 4 ? 'ipv4' : 'ipv6')) {
    throw new RegistryProtocolError(
      `registry ${ctx.registry} named the token realm ${shown}, a loopback, private or link-local address other than the registry's own host:port; `
      + 'refusing to send requests there (Flux refuses it too)', details);
  }
  return url;
}
