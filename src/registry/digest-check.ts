import { createHash, Hash } from 'node:crypto';
import { Transform, TransformCallback } from 'node:stream';
import { RegistryProtocolError } from './errors';
import { computeDigest, digestAlgorithm, nodeAlgorithm } from '../foundation/digest';

/** Context for a digest-mismatch error. */
export interface DigestCheckContext {
  readonly host: string;
  readonly what: string;
  readonly reference?: string;
  readonly method?: string;
}

/** Throws a protocol error unless `data` hashes to `expected`. */
export function verifyDigest(data: Buffer, expected: string, ctx: DigestCheckContext): void {
  const actual = computeDigest(data, digestAlgorithm(expected));
  if (actual !== expected) throw mismatch(expected, actual, ctx);
}

/**
 * Passes data through and hashes it; at the end, fails the stream with a
 * protocol error unless the digest (and, when given, the size) match.
 */
export class DigestVerifier extends Transform {
  private readonly hash: Hash;
  private bytes = 0;

  constructor(private readonly expected: string, private readonly ctx: DigestCheckContext, private readonly expectedSize?: number) {
    super();
    this.hash = createHash(nodeAlgorithm(digestAlgorithm(expected)));
  }

  public _transform(chunk: Buffer, _encoding: BufferEncoding, callback: TransformCallback): void {
    this.bytes += chunk.length;
    this.hash.update(chunk);
    callback(null, chunk);
  }

  public _flush(callback: TransformCallback): void {
    if (this.expectedSize !== undefined && this.bytes !== this.expectedSize) {
      callback(new RegistryProtocolError(
        `registry ${this.ctx.host} sent ${this.bytes} bytes for ${this.ctx.what}, but ${this.expectedSize} were announced; the content was truncated or altered`,
        { host: this.ctx.host, reference: this.ctx.reference, method: this.ctx.method }));
      return;
    }
    const actual = `${digestAlgorithm(this.expected)}:${this.hash.digest('hex')}`;
    callback(actual === this.expected ? null : mismatch(this.expected, actual, this.ctx));
  }
}

function mismatch(expected: string, actual: string, ctx: DigestCheckContext): RegistryProtocolError {
  return new RegistryProtocolError(
    `digest mismatch for ${ctx.what} from registry ${ctx.host}: expected ${expected}, got ${actual}; the content was altered in transit or by the registry`,
    { host: ctx.host, reference: ctx.reference, method: ctx.method });
}
