/**
 * Caps the requests in flight per registry host. A slot is held from
 * sending until the response body is consumed, so a slow download counts.
 */
export class HostLimiter {
  private readonly active = new Map<string, number>();
  private readonly waiting = new Map<string, Array<() => void>>();

  constructor(private readonly limit: number) {}

  /** Resolves when a slot is free; call the returned function exactly once to free it. */
  public async acquire(host: string): Promise<() => void> {
    const now = this.tryAcquire(host);
    if (now) return now;
    await new Promise<void>((resolve) => {
      const queue = this.waiting.get(host) ?? [];
      queue.push(resolve);
      this.waiting.set(host, queue);
    });
    // The releasing request handed its slot over; the count already includes it.
    return this.releaser(host);
  }

  /** A slot now, without waiting (and without a promise), or undefined when all are taken. */
  public tryAcquire(host: string): (() => void) | undefined {
    const count = this.active.get(host) ?? 0;
    if (count >= this.limit) return undefined;
    this.active.set(host, count + 1);
    return this.releaser(host);
  }

  private releaser(host: string): () => void {
    let released = false;
    return () => {
      if (released) return;
      released = true;
      this.release(host);
    };
  }

  /** Requests in flight for `host`. */
  public inFlight(host: string): number {
    return this.active.get(host) ?? 0;
  }

  private release(host: string): void {
    const next = this.waiting.get(host)?.shift();
    if (next) {
      // The slot passes straight to the next waiter; the count stays.
      next();
      return;
    }
    const count = (this.active.get(host) ?? 1) - 1;
    if (count === 0) this.active.delete(host);
    else this.active.set(host, count);
    if (this.waiting.get(host)?.length === 0) this.waiting.delete(host);
  }
}
