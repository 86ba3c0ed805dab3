import { gzipSync } from 'node:zlib';

/** A regular file for {@link tarGzip}. */
export interface TarEntry {
  /** Path inside the archive, `/`-separated, no leading `/`. */
  readonly path: string;
  readonly content: Buffer;
}

const BLOCK = 512;
// Fixed metadata makes the archive (and so its digest) depend on content only.
const MTIME = Date.UTC(2020, 0, 1) / 1000;

/**
 * A deterministic `.tar.gz` of regular files (ustar headers, mode 0644,
 * uid/gid 0, fixed mtime, entries in the given order). Node's gzip header
 * carries no name and a zero mtime, so equal input gives equal bytes.
 */
export function tarGzip(entries: readonly TarEntry[]): Buffer {
  const blocks: Buffer[] = [];
  for (const entry of entries) {
    blocks.push(header(entry.path, entry.content.length));
    blocks.push(entry.content);
    const pad = (BLOCK - (entry.content.length % BLOCK)) % BLOCK;
    if (pad) blocks.push(Buffer.alloc(pad));
  }
  blocks.push(Buffer.alloc(BLOCK * 2)); // end-of-archive marker
  return gzipSync(Buffer.concat(blocks), { level: 9 });
}

function header(filePath: string, size: number): Buffer {
  const { name, prefix } = splitPath(filePath);
  const h = Buffer.alloc(BLOCK);
  h.write(name, 0, 100, 'utf8');
  h.write(octal(0o644, 8), 100);
  h.write(octal(0, 8), 108);
  h.write(octal(0, 8), 116);
  h.write(octal(size, 12), 124);
  h.write(octal(MTIME, 12), 136);
  h.write(' '.repeat(8), 148); // checksum is computed with this field as spaces
  h.write('0', 156); // regular file
  h.write('ustar\u000000', 257);
  h.write('root', 265);
  h.write('root', 297);
  h.write(prefix, 345, 155, 'utf8');
  let sum = 0;
  for (const byte of h) sum += byte;
  h.write(octal(sum, 7) + ' ', 148, 'latin1');
  return h;
}

/** ustar keeps names up to 100 bytes plus a 155-byte prefix split at a `/`. */
function splitPath(filePath: string): { name: string; prefix: string } {
  if (Buffer.byteLength(filePath) <= 100) return { name: filePath, prefix: '' };
  for (let i = filePath.lastIndexOf('/'); i > 0; i = filePath.lastIndexOf('/', i - 1)) {
    const prefix = filePath.slice(0, i);
    const name = filePath.slice(i + 1);
    if (Buffer.byteLength(name) <= 100 && Buffer.byteLength(prefix) <= 155) return { name, prefix };
  }
  throw new RangeError(`tar path too long for ustar (name ≤ 100 and prefix ≤ 155 bytes): ${filePath}`);
}

/** Zero-padded octal followed by NUL, `width` bytes in all. */
function octal(value: number, width: number): string {
  return value.toString(8).padStart(width - 1, '0') + '\0';
}
