/**
 * Retry policy: which failures are worth another attempt, and how long to
 * wait. Exponential backoff with full jitter (AWS architecture blog,
 * "Exponential Backoff And Jitter"); `Retry-After` wins when the registry
 * sends one, capped. Attempts and total time are both bounded.
 */

/** Retry settings. */
export interface RetryOptions {
  /**
   * Attempts per request, the first included; 1 disables retries.
   * @default 4
   */
  readonly maxAttempts?: number;
  /**
   * Backoff base: the n-th retry waits a random time in `[0, base * 2^(n-1)]`.
   * @default 200
   */
  readonly baseDelayMs?: number;
  /**
   * Upper bound of a backoff delay.
   * @default 5000
   */
  readonly maxDelayMs?: number;
  /**
   * Upper bound on a `Retry-After` wait; a longer one is cut to this.
   * @default 30000
   */
  readonly maxRetryAfterMs?: number;
  /**
   * Total time for one request including all retries and waits; no retry
   * starts (and no wait is begun) that would end after it.
   * @default 120000
   */
  readonly deadlineMs?: number;
}

/** {@link RetryOptions} with every default applied. */
export type RetryPolicy = Required<RetryOptions>;

export const DEFAULT_RETRY_POLICY: RetryPolicy = {
  maxAttempts: 4,
  baseDelayMs: 200,
  maxDelayMs: 5_000,
  maxRetryAfterMs: 30_000,
  deadlineMs: 120_000,
};

/** Statuses retried for idempotent requests. */
export const RETRYABLE_STATUS: ReadonlySet<number> = new Set([429, 502, 503, 504]);

export function retryPolicy(options: RetryOptions = {}): RetryPolicy {
  const p = { ...DEFAULT_RETRY_POLICY, ...dropUndefined(options) };
  return { ...p, maxAttempts: Math.max(1, Math.floor(p.maxAttempts)) };
}

/** Full-jitter backoff before retry number `retry` (1 = first retry). */
export function backoffDelay(retry: number, policy: RetryPolicy, random: () => number = Math.random): number {
  const ceiling = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (retry - 1));
  return Math.floor(random() * ceiling);
}

/**
 * Milliseconds a `Retry-After` value asks to wait: delta-seconds or an
 * HTTP date (RFC 9110 §10.2.3). Undefined when absent or unparsable.
 * @internal
 */
export function parseRetryAfter(value: string | undefined, nowMs: number): number | undefined {
  if (value === undefined) return undefined;
  const text = value.trim();
  if (/^\d+$/.test(text)) return Number(text) * 1000;
  const date = Date.parse(text);
  if (Number.isNaN(date)) return undefined;
  return Math.max(0, date - nowMs);
}

/** Wait before retry number `retry`: the capped `Retry-After` if given, else backoff. */
export function retryDelay(retry: number, policy: RetryPolicy, retryAfterMs: number | undefined, random?: () => number): number {
  if (retryAfterMs !== undefined) return Math.min(retryAfterMs, policy.maxRetryAfterMs);
  return backoffDelay(retry, policy, random);
}

/** Clock, waits and jitter of a {@link RetrySchedule}. */
export interface RetryTiming {
  readonly now: () => number;
  readonly sleep: (ms: number) => Promise<void>;
  readonly random: () => number;
}

/**
 * The retry decisions for one logical request: attempts left, the
 * deadline (fixed when the request starts), and the waits between attempts.
 */
export class RetrySchedule {
  private readonly deadline: number;

  constructor(
    private readonly policy: RetryPolicy,
    /** Only idempotent requests are retried. */
    private readonly idempotent: boolean,
    private readonly timing: RetryTiming,
  ) {
    this.deadline = timing.now() + policy.deadlineMs;
  }

  /** Time allowed for the next attempt: `requestMs`, or less when the deadline is nearer. */
  public attemptTimeout(requestMs: number): number {
    return Math.min(requestMs, Math.max(0, this.deadline - this.timing.now()));
  }

  /**
   * The wait before retrying a response with `statusCode` (honouring its
   * `Retry-After`), or undefined when it is final: not retryable, no attempt
   * left, or the wait would end after the deadline.
   */
  public statusRetryDelay(statusCode: number, retryAfter: string | undefined, attempt: number): number | undefined {
    if (!this.idempotent || !RETRYABLE_STATUS.has(statusCode) || attempt >= this.policy.maxAttempts) return undefined;
    const delay = retryDelay(attempt, this.policy, parseRetryAfter(retryAfter, this.timing.now()), this.timing.random);
    return this.timing.now() + delay < this.deadline ? delay : undefined;
  }

  /** After a network failure of attempt `attempt`: waits and returns true when another attempt may start. */
  public async retryAfterFailure(failure: { readonly retryable: boolean }, attempt: number): Promise<boolean> {
    if (!failure.retryable || !this.idempotent || attempt >= this.policy.maxAttempts) return false;
    const delay = retryDelay(attempt, this.policy, undefined, this.timing.random);
    if (this.timing.now() + delay >= this.deadline) return false;
    await this.timing.sleep(delay);
    return true;
  }

  public wait(ms: number): Promise<void> {
    return this.timing.sleep(ms);
  }
}

function dropUndefined<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}
