/**
 * The bounds of a tag listing (tags.ts), apart so that the client options
 * can name them without importing the listing itself. See the README,
 * "Limits".
 */

/**
 * `n` asked for per page: what go-containerregistry's `remote.List` (and so
 * Flux) sends, and the most distribution 3.1 accepts (`tags.maxtags`).
 */
export const TAG_PAGE_SIZE = 1000;

/**
 * Bytes one page may have (oras-go `defaultMaxMetadataBytes`): 1000 tags of
 * the longest valid length take 131 kB, so only a hostile page comes near.
 */
export const MAX_TAG_PAGE_BYTES = 4 * 1024 * 1024;

/** Bounds of one listing; see the README, "Limits". */
export interface TagListLimits {
  /**
   * Pages followed at most; a registry that links further is looping.
   * @default 1000
   */
  readonly maxPages?: number;
  /**
   * Tags listed at most, counting every entry of every page (invalid ones
   * and repeats included), so memory stays bounded whatever the pages hold.
   * @default 100000
   */
  readonly maxTags?: number;
}

export const DEFAULT_TAG_LIST_LIMITS: Required<TagListLimits> = { maxPages: 1000, maxTags: 100_000 };
