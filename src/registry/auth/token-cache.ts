import { scopeSetKey } from './scope';

/** A bearer token with its lifetime as the token service reported it. @internal */
export interface IssuedToken {
  readonly token: string;
  /** Seconds; values under 60 (or missing) count as 60, as in the token spec. */
  readonly expiresIn?: number;
  /**
   * RFC 3339 issue time. The local clock is used instead when it is
   * missing, unparsable, in the future or older than the lifetime (clock skew).
   */
  readonly issuedAt?: string;
}

/** Options for {@link TokenCache}. @internal */
export interface TokenCacheOptions {
  /** Clock in ms. @default Date.now */
  readonly now?: () => number;
  /**
   * A token is dropped this long before it expires, so it is not sent just
   * as it lapses.
   * @default 5000
   */
  readonly marginMs?: number;
}

/** Minimum and default `expires_in` (distribution `docs/spec/auth/token.md`). */
export const MIN_TOKEN_LIFETIME_SECONDS = 60;

/**
 * Bearer tokens keyed by registry host and the sorted scope set they were
 * requested for. Tokens are kept in memory only, never written anywhere.
 * @internal
 */
export class TokenCache {
  private readonly entries = new Map<string, { token: string; expiresAt: number }>();
  private readonly now: () => number;
  private readonly marginMs: number;

  constructor(options: TokenCacheOptions = {}) {
    this.now = options.now ?? Date.now;
    this.marginMs = options.marginMs ?? 5_000;
  }

  /** The cached token for `host` and exactly this scope set, if it has not expired. */
  public get(host: string, scopes: readonly string[]): string | undefined {
    const key = cacheKey(host, scopes);
    const entry = this.entries.get(key);
    if (!entry) return undefined;
    if (this.now() >= entry.expiresAt - this.marginMs) {
      this.entries.delete(key);
      return undefined;
    }
    return entry.token;
  }

  public set(host: string, scopes: readonly string[], issued: IssuedToken): void {
    const lifetime = Math.max(MIN_TOKEN_LIFETIME_SECONDS, issued.expiresIn ?? 0) * 1000;
    const now = this.now();
    const issuedAt = issued.issuedAt !== undefined ? Date.parse(issued.issuedAt) : NaN;
    const start = Number.isNaN(issuedAt) || issuedAt > now || issuedAt <= now - lifetime ? now : issuedAt;
    this.entries.set(cacheKey(host, scopes), { token: issued.token, expiresAt: start + lifetime });
  }

  public delete(host: string, scopes: readonly string[]): void {
    this.entries.delete(cacheKey(host, scopes));
  }

  public clear(): void {
    this.entries.clear();
  }

  /** Number of entries (expired ones included until looked up). */
  public get size(): number {
    return this.entries.size;
  }
}

function cacheKey(host: string, scopes: readonly string[]): string {
  return `${host.toLowerCase()}\n${scopeSetKey(scopes)}`;
}
