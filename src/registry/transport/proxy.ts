import { isIP } from 'node:net';

/**
 * Proxy selection. Non-loopback hosts follow undici's `EnvHttpProxyAgent`:
 * `https_proxy`/`HTTPS_PROXY` for https (falling back to the http proxy),
 * `http_proxy`/`HTTP_PROXY` for http, and `no_proxy`/`NO_PROXY` entries
 * (`host`, `.suffix`, `*.suffix`, `host:port`, `*`) exempting hosts and
 * their subdomains; lowercase variables win. Loopback hosts (`localhost`,
 * `*.localhost`, 127.0.0.0/8, `::1`) are never proxied, whatever the
 * variables say, as in Go's `httpproxy` package that Flux uses: a proxy
 * cannot reach this machine's loopback interface anyway.
 */

/** The proxy variables that apply, read from `env`. */
export interface ProxySettings {
  readonly httpProxy?: string;
  readonly httpsProxy?: string;
  readonly noProxy: string;
}

export function proxySettings(env: NodeJS.ProcessEnv): ProxySettings | undefined {
  const httpProxy = env.http_proxy ?? env.HTTP_PROXY;
  const httpsProxy = env.https_proxy ?? env.HTTPS_PROXY;
  if (!httpProxy && !httpsProxy) return undefined;
  return { httpProxy: httpProxy || undefined, httpsProxy: httpsProxy || undefined, noProxy: env.no_proxy ?? env.NO_PROXY ?? '' };
}

/** True for `localhost`, `*.localhost`, 127.0.0.0/8, `::1` and IPv4-mapped loopback. */
export function isLoopbackHost(hostname: string): boolean {
  const h = hostname.toLowerCase().replace(/^\[|\]$/g, '');
  if (h === 'localhost' || h.endsWith('.localhost')) return true;
  if (isIP(h) === 4) return h.startsWith('127.');
  if (isIP(h) === 6) return h === '::1' || /^::ffff:127\./.test(h) || /^0*:0*:0*:0*:0*:0*:0*:0*1$/.test(h);
  return false;
}

/**
 * Whether a request to `url` goes through a proxy, mirroring the rules
 * above (for docs and tests; the dispatcher itself is undici's).
 */
export function usesProxy(url: URL, settings: ProxySettings | undefined): boolean {
  if (!settings || isLoopbackHost(url.hostname)) return false;
  const proxy = url.protocol === 'https:' ? settings.httpsProxy ?? settings.httpProxy : settings.httpProxy;
  if (!proxy) return false;
  const entries = settings.noProxy.split(/[,\s]/).filter((e) => e !== '');
  if (settings.noProxy.trim() === '*') return false;
  const hostname = url.hostname.toLowerCase();
  const port = Number(url.port) || (url.protocol === 'https:' ? 443 : 80);
  for (const entry of entries) {
    const m = /^(.+):(\d+)$/.exec(entry);
    const name = (m ? m[1] : entry).replace(/^\*?\./, '').toLowerCase();
    if (m && Number(m[2]) !== port) continue;
    if (hostname === name || hostname.endsWith(`.${name}`)) return false;
  }
  return true;
}
