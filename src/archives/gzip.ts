/* eslint-disable no-bitwise -- gzip header flags and the unsigned CRC are bit fields */
import { Transform } from 'node:stream';
import { crc32, createDeflateRaw, deflateRawSync } from 'node:zlib';

/** How {@link gzipDeterministic} frames its output. */
export interface GzipOptions {
  /**
   * zlib compression level, 0–9.
   * @default 9
   */
  readonly level?: number;
  /**
   * Bytes of the gzip FEXTRA field (RFC 1952 §2.3.1.1), subfield headers included.
   * @default - no extra field
   */
  readonly extra?: Buffer;
  /**
   * Text of the gzip FCOMMENT field (Latin-1).
   * @default - no comment
   */
  readonly comment?: string;
}

/**
 * gzip with a fixed header: no file name, modification time 0 and OS byte
 * 255 ("unknown", what Go's compress/gzip writes), so the same input gives
 * the same bytes on every run and operating system. zlib's own gzip framing
 * records the build's OS code, which is why the header is written here.
 *
 * The deflate stream comes from the zlib that Node.js bundles: identical for
 * a given Node.js build, not guaranteed across zlib versions.
 */
export function gzipDeterministic(data: Buffer, options: GzipOptions = {}): Buffer {
  const level = options.level ?? 9;
  return Buffer.concat([gzipHeader(options), deflateRawSync(data, { level }), gzipTrailer(crc32(data), data.length)]);
}

/**
 * {@link gzipDeterministic} as stream stages, for input too large to hold
 * in memory: `pipeline(source, ...gzipStages(), sink)`. zlib's deflate
 * output does not depend on how the input is chunked, so the bytes equal
 * {@link gzipDeterministic}'s for the same input.
 */
export function gzipStages(options: GzipOptions = {}): [Transform, Transform, (source: AsyncIterable<Buffer>) => AsyncGenerator<Buffer>] {
  let crc = 0;
  let size = 0;
  const measure = new Transform({
    transform(chunk: Buffer, _encoding, callback) {
      crc = crc32(chunk, crc);
      size += chunk.length;
      callback(null, chunk);
    },
  });
  const frame = async function* (deflated: AsyncIterable<Buffer>): AsyncGenerator<Buffer> {
    yield gzipHeader(options);
    yield* deflated;
    yield gzipTrailer(crc, size);
  };
  return [measure, createDeflateRaw({ level: options.level ?? 9 }), frame];
}

function gzipHeader(options: GzipOptions): Buffer {
  const level = options.level ?? 9;
  const extra = options.extra;
  const comment = options.comment;
  let flags = 0;
  const parts: Buffer[] = [];
  if (extra) {
    flags |= 0x04;
    const length = Buffer.alloc(2);
    length.writeUInt16LE(extra.length);
    parts.push(length, extra);
  }
  if (comment !== undefined) {
    flags |= 0x10;
    parts.push(Buffer.from(comment, 'latin1'), Buffer.alloc(1));
  }
  // XFL follows Go and zlib: 2 for the slowest level, 4 for the fastest.
  const xfl = level === 9 ? 2 : level === 1 ? 4 : 0;
  return Buffer.concat([Buffer.from([0x1f, 0x8b, 0x08, flags, 0, 0, 0, 0, xfl, 0xff]), ...parts]);
}

/** CRC-32 and the input size modulo 2^32 (RFC 1952 ISIZE). */
function gzipTrailer(crc: number, size: number): Buffer {
  const trailer = Buffer.alloc(8);
  trailer.writeUInt32LE(crc >>> 0, 0);
  trailer.writeUInt32LE(size % 0x100000000, 4);
  return trailer;
}
