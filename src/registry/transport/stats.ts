/** Request counters for one host. */
export interface HostStats {
  /** HTTP requests sent, counting each retry and each token request. */
  readonly requests: number;
  /** Response body bytes received. */
  readonly bytesReceived: number;
}

/** Request counters of a client, e.g. for benchmarks. */
export interface RequestStats extends HostStats {
  /** Per `host[:port]`. */
  readonly byHost: Readonly<Record<string, HostStats>>;
}

/** Mutable counters behind {@link RequestStats}. */
export class StatsRecorder {
  private requests = 0;
  private bytes = 0;
  private readonly hosts = new Map<string, { requests: number; bytesReceived: number }>();

  public request(host: string): void {
    this.requests++;
    this.entry(host).requests++;
  }

  public bytesReceived(host: string, count: number): void {
    this.bytes += count;
    this.entry(host).bytesReceived += count;
  }

  /** A copy of the counters at this moment. */
  public snapshot(): RequestStats {
    const byHost: Record<string, HostStats> = {};
    for (const [host, s] of this.hosts) byHost[host] = { ...s };
    return { requests: this.requests, bytesReceived: this.bytes, byHost };
  }

  public reset(): void {
    this.requests = 0;
    this.bytes = 0;
    this.hosts.clear();
  }

  private entry(host: string): { requests: number; bytesReceived: number } {
    let e = this.hosts.get(host);
    if (!e) {
      e = { requests: 0, bytesReceived: 0 };
      this.hosts.set(host, e);
    }
    return e;
  }
}
