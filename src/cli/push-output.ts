import { println } from './command';
import { UsageError } from './errors';
import { CliIo } from './io';
import { uploadProgress } from './progress';
import { parseOciReference } from '../foundation/reference';
import type { PushResult } from '../publish';
import type { BlobProgress } from '../registry';

/** Flags only the push commands take. */
export const PUSH_OPTIONS = {
  'mount-from': { type: 'string' },
  'json': { type: 'boolean' },
} as const;

/**
 * `--mount-from` as a repository path: `team/charts/web`, or an `oci://`
 * reference on the destination's registry (registries mount only within themselves).
 */
export function mountFromOption(value: string | undefined, destinationHost: string): string | undefined {
  if (value === undefined) return undefined;
  if (!value.startsWith('oci://')) return value.replace(/^\/+|\/+$/g, '');
  const ref = parseOciReference(value, { allowTag: false, allowDigest: false });
  if (ref.host !== destinationHost) {
    throw new UsageError(`--mount-from ${value} is on ${ref.host}, the destination on ${destinationHost}; a registry mounts blobs only from its own repositories`);
  }
  return ref.repository;
}

/**
 * Upload options for a push command: progress on the terminal (with 1 MiB
 * chunks so it moves), nothing with `--json`.
 */
export function pushFeedback(io: CliIo, json: boolean | undefined): { onProgress?: (p: BlobProgress) => void; chunkSize?: number } {
  const onProgress = json ? undefined : uploadProgress(io.stderr);
  return onProgress ? { onProgress, chunkSize: 1024 * 1024 } : {};
}

/** What `push chart` and `push artifact` print: Helm's `Pushed:`/`Digest:` lines, or one JSON object for CI. */
export function printPushed(io: CliIo, result: PushResult, json: boolean | undefined, extra: Record<string, unknown> = {}): void {
  if (json) {
    const { reference, digest, tag, uploadedBytes, skippedBytes } = result;
    println(io, JSON.stringify({ reference, digest, tag, uploadedBytes, skippedBytes, ...extra }));
    return;
  }
  println(io, `Pushed: ${result.reference.replace(/^oci:\/\//, '')}`);
  println(io, `Digest: ${result.digest}`);
}
