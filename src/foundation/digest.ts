import { createHash } from 'node:crypto';

/** Digest algorithms the client can verify. */
const ALGORITHMS: Record<string, string> = { sha256: 'sha256', sha512: 'sha512' };

/** `sha256:<hex>` (or another supported algorithm) of `data`. */
export function computeDigest(data: Buffer, algorithm = 'sha256'): string {
  return `${algorithm}:${createHash(nodeAlgorithm(algorithm)).update(data).digest('hex')}`;
}

/** The algorithm part of `algo:hex`. */
export function digestAlgorithm(digest: string): string {
  return digest.slice(0, digest.indexOf(':'));
}

/** True when the client can compute digests of this algorithm. */
export function isVerifiableDigest(digest: string): boolean {
  return digestAlgorithm(digest) in ALGORITHMS;
}

/** Node's name for a digest algorithm. */
export function nodeAlgorithm(algorithm: string): string {
  const name = ALGORITHMS[algorithm];
  if (!name) throw new Error(`unsupported digest algorithm '${algorithm}'`);
  return name;
}

/** An incremental digest: {@link computeDigest} of everything passed to `update`, for content streamed in chunks. */
export interface Digester {
  update(chunk: Buffer): void;
  /** `algo:<hex>` of the chunks so far. */
  digest(): string;
}

export function createDigester(algorithm = 'sha256'): Digester {
  const hash = createHash(nodeAlgorithm(algorithm));
  return {
    update: (chunk) => {
      hash.update(chunk);
    },
    digest: () => `${algorithm}:${hash.copy().digest('hex')}`,
  };
}
