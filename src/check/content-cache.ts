import { mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { computeDigest, digestAlgorithm } from '../foundation/digest';

/** Largest cache before the least recently used entries go. */
export const DEFAULT_CACHE_MAX_BYTES = 1024 * 1024 * 1024;

/** What a cache directory is, for {@link ContentCache.open}. */
export interface ContentCacheOptions {
  /**
   * The folder, or `false` for no cache.
   * @default - `$FLUX_OCI_CACHE`, else `$XDG_CACHE_HOME/flux-oci`, else `~/.cache/flux-oci` (`%LOCALAPPDATA%\flux-oci` on Windows)
   */
  readonly cache?: string | false;
  /** Size bound in bytes. @default - `$FLUX_OCI_CACHE_MAX_BYTES`, else 1 GiB */
  readonly cacheMaxBytes?: number;
  /** @default process.env */
  readonly env?: NodeJS.ProcessEnv;
}

const DIGEST_HEX: Record<string, RegExp> = { sha256: /^[a-f0-9]{64}$/, sha512: /^[a-f0-9]{128}$/ };

/**
 * Registry content by digest: manifests and layers, nothing else (no
 * credential, no tag, no URL). Each entry is its blob's bytes under
 * `blobs/<algorithm>/<hex>`, so a reader verifies it by hashing it; an entry
 * whose bytes do not match its name (tampered, truncated) is dropped and
 * read as a miss. Writes go to a temporary file renamed into place, so a
 * concurrent reader sees a whole entry or none. The folder is kept under
 * its size bound by dropping the entries read least recently.
 *
 * Every operation is synchronous and best effort: a cache that cannot be
 * read or written behaves as an empty one, never failing a check.
 */
export class ContentCache {
  /** The cache the options name, or undefined when caching is off. */
  public static open(options: ContentCacheOptions = {}): ContentCache | undefined {
    const env = options.env ?? process.env;
    const dir = options.cache ?? defaultCacheDir(env);
    if (dir === false) return undefined;
    const fromEnv = Number(env.FLUX_OCI_CACHE_MAX_BYTES);
    const maxBytes = options.cacheMaxBytes ?? (Number.isSafeInteger(fromEnv) && fromEnv > 0 ? fromEnv : DEFAULT_CACHE_MAX_BYTES);
    return new ContentCache(dir, maxBytes);
  }

  private knownSize?: number;

  constructor(public readonly dir: string, public readonly maxBytes: number = DEFAULT_CACHE_MAX_BYTES) {}

  /** The verified bytes of `digest`, or undefined (absent, unreadable, or not matching its digest). */
  public get(digest: string): Buffer | undefined {
    const file = this.fileOf(digest);
    if (!file) return undefined;
    let data: Buffer;
    try {
      data = readFileSync(file);
    } catch {
      return undefined;
    }
    if (computeDigest(data, digestAlgorithm(digest)) !== digest) {
      removeQuietly(file);
      return undefined;
    }
    try {
      const now = new Date();
      utimesSync(file, now, now);
    } catch {
      // Recency is a hint for eviction only.
    }
    return data;
  }

  /** Stores `data` as `digest` after checking that it is; returns whether it was written. */
  public put(digest: string, data: Buffer): boolean {
    const file = this.fileOf(digest);
    if (!file || computeDigest(data, digestAlgorithm(digest)) !== digest) return false;
    const dir = join(this.dir, 'blobs', digestAlgorithm(digest));
    const temp = join(dir, `.tmp-${process.pid}-${Math.random().toString(36).slice(2)}`);
    try {
      mkdirSync(dir, { recursive: true });
      writeFileSync(temp, data);
      renameSync(temp, file);
    } catch {
      removeQuietly(temp);
      return false;
    }
    this.knownSize = (this.knownSize ?? this.measure()) + data.length;
    if (this.knownSize > this.maxBytes) this.evict();
    return true;
  }

  private fileOf(digest: string): string | undefined {
    const algorithm = digestAlgorithm(digest);
    const hex = digest.slice(algorithm.length + 1);
    if (!DIGEST_HEX[algorithm]?.test(hex)) return undefined;
    return join(this.dir, 'blobs', algorithm, hex);
  }

  private entries(): { file: string; size: number; used: number }[] {
    const out: { file: string; size: number; used: number }[] = [];
    for (const algorithm of Object.keys(DIGEST_HEX)) {
      const dir = join(this.dir, 'blobs', algorithm);
      let names: string[];
      try {
        names = readdirSync(dir);
      } catch {
        continue;
      }
      for (const name of names) {
        if (name.startsWith('.')) continue;
        try {
          const info = statSync(join(dir, name));
          out.push({ file: join(dir, name), size: info.size, used: info.mtimeMs });
        } catch {
          // Removed by another process meanwhile.
        }
      }
    }
    return out;
  }

  private measure(): number {
    return this.entries().reduce((sum, e) => sum + e.size, 0);
  }

  /** Drops the least recently used entries until the cache is at 90% of its bound. */
  private evict(): void {
    const entries = this.entries().sort((a, b) => a.used - b.used);
    let size = entries.reduce((sum, e) => sum + e.size, 0);
    for (const entry of entries) {
      if (size <= this.maxBytes * 0.9) break;
      removeQuietly(entry.file);
      size -= entry.size;
    }
    this.knownSize = size;
  }
}

/** `$FLUX_OCI_CACHE`, else the platform's user cache folder + `flux-oci`. */
export function defaultCacheDir(env: NodeJS.ProcessEnv = process.env): string {
  if (env.FLUX_OCI_CACHE) return env.FLUX_OCI_CACHE;
  if (env.XDG_CACHE_HOME) return join(env.XDG_CACHE_HOME, 'flux-oci');
  if (process.platform === 'win32' && env.LOCALAPPDATA) return join(env.LOCALAPPDATA, 'flux-oci');
  return join(env.HOME || homedir(), '.cache', 'flux-oci');
}

function removeQuietly(file: string): void {
  try {
    rmSync(file, { force: true });
  } catch {
    // Another process removed it, or the folder is not ours to write.
  }
}
