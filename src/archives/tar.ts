import { posix } from 'node:path';
import { TarError } from './errors';
import { gzipDeterministic, GzipOptions } from './gzip';

/**
 * A deterministic tar writer with the header layout of Go's archive/tar
 * (what `helm package` and `flux push artifact` use): USTAR when the name
 * fits (prefix/suffix split for long ASCII names), otherwise a PAX `path`
 * record; uid/gid 0, empty uname/gname, NUL-terminated octal fields, two zero
 * blocks at the end and no padding to a 10 KiB record.
 */

/** What an entry is: only regular files and directories are written. */
export type TarEntryType = 'file' | 'directory';

/** One entry to write. */
export interface TarEntryInput {
  /** Path inside the archive, `/`-separated, without a leading `/`. */
  readonly name: string;
  readonly type: TarEntryType;
  /** Permission bits, e.g. `0o644`. */
  readonly mode: number;
  /** File content; ignored for directories. @default - empty */
  readonly data?: Buffer;
}

/** How {@link writeTar} stamps every entry. */
export interface TarWriteOptions {
  /**
   * Modification time of every entry, rounded to the second.
   * @default - 1970-01-01T00:00:00Z (Unix time 0)
   */
  readonly mtime?: Date;
}

const BLOCK = 512;
const NAME_SIZE = 100;
const PREFIX_SIZE = 155;
const MAX_OCTAL_12 = 8 ** 11 - 1;

/**
 * Serialises `entries` in the order given (callers sort them) into an
 * uncompressed tar stream.
 */
export function writeTar(entries: readonly TarEntryInput[], options: TarWriteOptions = {}): Buffer {
  const mtime = tarMtime(options);
  const blocks: Buffer[] = [];
  for (const entry of entries) {
    const data = entry.type === 'file' ? entry.data ?? Buffer.alloc(0) : Buffer.alloc(0);
    blocks.push(...tarHeaderBlocks({ ...entry, size: data.length }, mtime));
    if (data.length > 0) blocks.push(data, tarPadding(data.length));
  }
  blocks.push(TAR_END);
  return Buffer.concat(blocks);
}

/** {@link writeTar}, then {@link gzipDeterministic}. */
export function writeTarGz(
  entries: readonly TarEntryInput[],
  options: TarWriteOptions & { readonly gzip?: GzipOptions } = {},
): Buffer {
  return gzipDeterministic(writeTar(entries, options), options.gzip);
}

/** An entry's header fields, its content written separately (streamed). */
export interface TarHeaderInput extends Omit<TarEntryInput, 'data'> {
  /** Content bytes that follow the header (0 for directories). */
  readonly size: number;
}

/** The two zero blocks that end an archive. */
export const TAR_END: Buffer = Buffer.alloc(2 * BLOCK);

/** `options.mtime` in whole seconds, checked to fit the header field. */
export function tarMtime(options: TarWriteOptions): number {
  const mtime = Math.round((options.mtime?.getTime() ?? 0) / 1000);
  if (!Number.isFinite(mtime) || mtime < 0 || mtime > MAX_OCTAL_12) {
    throw new TarError(`tar mtime ${options.mtime?.toISOString?.() ?? options.mtime} is out of range; use a date between 1970-01-01 and 10889-08-02`);
  }
  return mtime;
}

/** The zero bytes after `size` content bytes that fill the last block. */
export function tarPadding(size: number): Buffer {
  return Buffer.alloc(padding(size));
}

/**
 * The header block(s) of one entry: a PAX `path` record first when the name
 * does not fit USTAR. The entry's `size` content bytes and
 * {@link tarPadding} follow.
 */
export function tarHeaderBlocks(entry: TarHeaderInput, mtime: number): Buffer[] {
  const name = entry.name;
  if (name === '' || name.includes('\0')) {
    throw new TarError(`tar entry name ${JSON.stringify(name)} is invalid; a name must be non-empty and contain no NUL byte`);
  }
  if (!Number.isInteger(entry.mode) || entry.mode < 0 || entry.mode > 0o7777) {
    throw new TarError(`tar entry ${name}: mode ${entry.mode} is not a permission value between 0 and 0o7777`);
  }
  const size = entry.type === 'file' ? entry.size : 0;
  if (size > MAX_OCTAL_12) {
    throw new TarError(`tar entry ${name}: ${size} bytes exceed the 8 GiB USTAR size limit`);
  }
  const out: Buffer[] = [];
  const nameBytes = Buffer.from(name, 'utf8');
  let header: Buffer;
  if (isAscii(name) && nameBytes.length <= NAME_SIZE) {
    header = headerBlock({ name: nameBytes, prefix: undefined, entry, size, mtime });
  } else {
    const split = isAscii(name) ? splitUstarPath(name) : undefined;
    if (split) {
      header = headerBlock({ name: Buffer.from(split.suffix), prefix: Buffer.from(split.prefix), entry, size, mtime });
    } else {
      out.push(...paxBlocks(name));
      header = headerBlock({ name: Buffer.from(toAscii(name)).subarray(0, NAME_SIZE), prefix: undefined, entry, size, mtime });
    }
  }
  out.push(header);
  return out;
}

interface HeaderFields {
  readonly name: Buffer;
  readonly prefix: Buffer | undefined;
  readonly entry: Omit<TarEntryInput, 'data'>;
  readonly size: number;
  readonly mtime: number;
}

function headerBlock(f: HeaderFields): Buffer {
  const block = Buffer.alloc(BLOCK);
  f.name.copy(block, 0);
  octal(block, 100, 8, f.entry.mode);
  octal(block, 108, 8, 0);
  octal(block, 116, 8, 0);
  octal(block, 124, 12, f.size);
  octal(block, 136, 12, f.mtime);
  block[156] = f.entry.type === 'directory' ? 0x35 : 0x30;
  octal(block, 329, 8, 0);
  octal(block, 337, 8, 0);
  f.prefix?.copy(block, 345);
  return finish(block);
}

/** A PAX extended header carrying `path`, named as Go names it (`dir/PaxHeaders.0/file`). */
function paxBlocks(name: string): Buffer[] {
  const record = paxRecord('path', name);
  const slash = name.lastIndexOf('/');
  const dir = name.slice(0, slash + 1);
  const file = name.slice(slash + 1);
  const headerName = toAscii(posix.join(dir, 'PaxHeaders.0', file)).slice(0, NAME_SIZE).replace(/\/+$/, '');
  const block = Buffer.alloc(BLOCK);
  Buffer.from(headerName).copy(block, 0);
  octal(block, 100, 8, 0);
  octal(block, 108, 8, 0);
  octal(block, 116, 8, 0);
  octal(block, 124, 12, record.length);
  octal(block, 136, 12, 0);
  block[156] = 0x78; // 'x'
  return [finish(block), record, Buffer.alloc(padding(record.length))];
}

/** `"<len> key=value\n"` where `<len>` counts itself. */
function paxRecord(key: string, value: string): Buffer {
  const body = ` ${key}=${value}\n`;
  const bodyLength = Buffer.byteLength(body);
  let size = bodyLength + String(bodyLength).length;
  if (String(size).length + bodyLength !== size) size = String(size).length + bodyLength;
  return Buffer.from(`${size}${body}`);
}

function finish(block: Buffer): Buffer {
  block.write('ustar\0', 257, 'latin1');
  block.write('00', 263, 'latin1');
  block.fill(0x20, 148, 156);
  let sum = 0;
  for (const byte of block) sum += byte;
  octal(block, 148, 7, sum);
  block[155] = 0x20;
  return block;
}

/** Go's `formatOctal`: zero-padded to the field width minus one, NUL-terminated. */
function octal(block: Buffer, offset: number, width: number, value: number): void {
  block.write(value.toString(8).padStart(width - 1, '0'), offset, 'latin1');
  block[offset + width - 1] = 0;
}

/** Go's `splitUSTARPath`: a prefix ≤ 155 bytes and a name ≤ 100 bytes split at a `/`. */
function splitUstarPath(name: string): { prefix: string; suffix: string } | undefined {
  let length = name.length;
  if (length > PREFIX_SIZE + 1) length = PREFIX_SIZE + 1;
  else if (name[length - 1] === '/') length--;
  const i = name.slice(0, length).lastIndexOf('/');
  const suffixLength = name.length - i - 1;
  if (i <= 0 || suffixLength > NAME_SIZE || suffixLength === 0 || i > PREFIX_SIZE) return undefined;
  return { prefix: name.slice(0, i), suffix: name.slice(i + 1) };
}

function isAscii(s: string): boolean {
  return /^[\x00-\x7f]*$/.test(s);
}

function toAscii(s: string): string {
  return s.replace(/[^\x00-\x7f]/g, '');
}

function padding(size: number): number {
  return (BLOCK - (size % BLOCK)) % BLOCK;
}
