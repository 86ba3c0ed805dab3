/**
 * Size limits for layers fetched from a registry and the archives in them.
 * Kept apart from the readers so the lookup worker can apply the layer
 * limit without loading them.
 */

/** Helm's per-file limit (`MaxDecompressedFileSize`, helm ≥ 3.18). */
export const MAX_CHART_FILE_BYTES = 5 * 1024 * 1024;
/** Helm's limit on a chart archive's decompressed size (`MaxDecompressedChartSize`, helm ≥ 3.18). */
export const MAX_CHART_ARCHIVE_BYTES = 100 * 1024 * 1024;

/** Limits for a layer fetched from a registry. */
export interface ContentLimits {
  /**
   * Largest layer (compressed) fetched and read.
   * @default 104857600 (100 MiB)
   */
  readonly maxLayerBytes?: number;
  /**
   * Largest decompressed content of one layer (Helm's `MaxDecompressedChartSize`).
   * @default 104857600 (100 MiB)
   */
  readonly maxDecompressedBytes?: number;
  /**
   * Largest decompressed file in a layer (Helm's `MaxDecompressedFileSize`).
   * @default 5242880 (5 MiB)
   */
  readonly maxFileBytes?: number;
}

/** The limits in effect, defaults filled in. */
export function contentLimits(limits: ContentLimits = {}): Required<ContentLimits> {
  return {
    maxLayerBytes: limits.maxLayerBytes ?? MAX_CHART_ARCHIVE_BYTES,
    maxDecompressedBytes: limits.maxDecompressedBytes ?? MAX_CHART_ARCHIVE_BYTES,
    maxFileBytes: limits.maxFileBytes ?? MAX_CHART_FILE_BYTES,
  };
}

