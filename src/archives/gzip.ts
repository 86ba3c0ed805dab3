/* eslint-disable no-bitwise -- gzip header flags and the unsigned CRC are bit fields */
import { crc32, deflateRawSync } from 'node:zlib';

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
  const header = Buffer.from([0x1f, 0x8b, 0x08, flags, 0, 0, 0, 0, xfl, 0xff]);
  const trailer = Buffer.alloc(8);
  trailer.writeUInt32LE(crc32(data) >>> 0, 0);
  trailer.writeUInt32LE(data.length % 0x100000000, 4);
  return Buffer.concat([header, ...parts, deflateRawSync(data, { level }), trailer]);
}
