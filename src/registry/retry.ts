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

function dropUndefined<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}
