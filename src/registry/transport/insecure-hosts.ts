/**
 * Scheme choice: https for every registry host unless it is marked
 * insecure (plain HTTP, like Flux's `insecure: true`).
 */
export class InsecureHosts {
  private readonly hosts: Set<string>;

  /** `hosts` as `host[:port]`; a scheme or path is ignored. */
  constructor(hosts: readonly string[]) {
    this.hosts = new Set(hosts.map(bareHost));
  }

  /** Marks a host as plain HTTP from now on. */
  public add(host: string): void {
    this.hosts.add(bareHost(host));
  }

  /** True when `host` is reached over plain HTTP. */
  public has(host: string): boolean {
    return this.hosts.has(host.toLowerCase());
  }

  /** `https` or, for insecure hosts (or when `insecure` says so), `http`. */
  public scheme(host: string, insecure?: boolean): 'http' | 'https' {
    return insecure ?? this.has(host) ? 'http' : 'https';
  }

  /** `https://host` or, for insecure hosts (or when `insecure` says so), `http://host`. */
  public baseUrl(host: string, insecure?: boolean): URL {
    return new URL(`${this.scheme(host, insecure)}://${host}`);
  }
}

/** `oci://Host:5000/path` → `host:5000`. */
function bareHost(host: string): string {
  return host.replace(/^[a-zA-Z][a-zA-Z0-9+.-]*:\/\//, '').replace(/\/.*$/, '').toLowerCase();
}
