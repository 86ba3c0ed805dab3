import { println } from './command';
import { CliIo } from './io';
import { uploadProgress } from './progress';
import type { BlobProgress, PushResult } from '../oci/push';

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
