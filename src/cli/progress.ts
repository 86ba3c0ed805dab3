import { BlobProgress } from '../registry/blob-upload';

/** Uploads smaller than this finish too fast for progress to help. */
export const PROGRESS_THRESHOLD = 4 * 1024 * 1024;

/** Options for {@link uploadProgress}. */
export interface UploadProgressOptions {
  /** Clock in ms. @default Date.now */
  readonly now?: () => number;
  /** @default 4 MiB */
  readonly threshold?: number;
}

/**
 * A progress callback that draws one line per large blob on a terminal
 * (`\r`-rewritten: bytes, total, rate) and does nothing when `stream` is
 * not a TTY, so CI logs and `--json` output stay clean.
 */
export function uploadProgress(
  stream: NodeJS.WritableStream & { isTTY?: boolean }, options: UploadProgressOptions = {},
): ((progress: BlobProgress) => void) | undefined {
  if (!stream.isTTY) return undefined;
  const now = options.now ?? Date.now;
  const threshold = options.threshold ?? PROGRESS_THRESHOLD;
  const started = new Map<string, number>();
  return (p) => {
    if (p.total <= threshold) return;
    if (!started.has(p.digest)) started.set(p.digest, now());
    const seconds = Math.max(0.001, (now() - started.get(p.digest)!) / 1000);
    const line = `${p.digest.slice(0, 19)}  ${formatBytes(p.sent)} / ${formatBytes(p.total)}  ${formatBytes(p.sent / seconds)}/s`;
    stream.write(`\r${line}${p.sent >= p.total ? '\n' : ''}`);
  };
}

/** `1.5 MiB`, `512 B`. */
export function formatBytes(n: number): string {
  const units = ['B', 'KiB', 'MiB', 'GiB'];
  let i = 0;
  while (n >= 1024 && i < units.length - 1) { n /= 1024; i++; }
  return i === 0 ? `${Math.round(n)} B` : `${n.toFixed(1)} ${units[i]}`;
}
