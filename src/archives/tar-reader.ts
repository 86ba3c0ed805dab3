/* eslint-disable no-bitwise -- tar modes and GNU base-256 numbers are bit fields */
import { constants as zlib, gunzipSync } from 'node:zlib';
import { TarError } from './errors';

/** What a read entry is, from its typeflag. */
export type TarReadType = 'file' | 'directory' | 'symlink' | 'hardlink' | 'other';

/** One entry of a tar archive as read, PAX and GNU long names applied. */
export interface TarReadEntry {
  /** Full path (USTAR prefix, PAX `path` or GNU long name applied). */
  readonly name: string;
  readonly type: TarReadType;
  /** The raw typeflag character, e.g. `'0'`, `'5'`, `'2'`. */
  readonly typeflag: string;
  /** Permission bits. */
  readonly mode: number;
  readonly uid: number;
  readonly gid: number;
  readonly uname: string;
  readonly gname: string;
  /** Modification time in seconds since the Unix epoch. */
  readonly mtime: number;
  readonly size: number;
  /** Link target for symlinks and hard links, `''` otherwise. */
  readonly linkname: string;
  /** Content (empty for anything but regular files). */
  readonly data: Buffer;
  /** `'ustar'`, `'pax'` (a PAX header applied), `'gnu'` or `'v7'`. */
  readonly format: 'ustar' | 'pax' | 'gnu' | 'v7';
}

/** Limits for {@link readTarGz}. */
export interface ReadTarOptions {
  /**
   * Largest decompressed size accepted, in bytes.
   * @default 1073741824 (1 GiB)
   */
  readonly maxBytes?: number;
}

const BLOCK = 512;

/** Decompresses a `.tgz` and reads its entries. */
export function readTarGz(archive: Buffer, options: ReadTarOptions = {}): TarReadEntry[] {
  return readTar(gunzip(archive, options.maxBytes ?? 1024 ** 3, false));
}

/** Reads the entries of an uncompressed tar stream. */
export function readTar(tar: Buffer): TarReadEntry[] {
  const entries: TarReadEntry[] = [];
  walkTar(tar, (entry) => void entries.push(entry), false);
  return entries;
}

/**
 * The first entry of a `.tgz` that `match` accepts, or undefined.
 * Decompresses only as far as that entry: a chart's Chart.yaml comes first
 * in what `helm package` writes, so a 50 MB chart costs kilobytes, not a
 * full gunzip.
 */
export function findTarGzEntry(
  archive: Buffer, match: (entry: TarReadEntry) => boolean, options: ReadTarOptions = {},
): TarReadEntry | undefined {
  const maxBytes = options.maxBytes ?? 1024 ** 3;
  for (let length = Math.min(archive.length, 64 * 1024); ; length = Math.min(archive.length, length * 8)) {
    const whole = length === archive.length;
    let found: TarReadEntry | undefined;
    const end = walkTar(gunzip(archive.subarray(0, length), maxBytes, !whole), (entry) => {
      if (match(entry)) found = entry;
      return found !== undefined;
    }, !whole);
    if (found || end !== 'truncated') return found;
  }
}

/** `partial`: `archive` is a prefix; return what it holds instead of failing on the cut. */
function gunzip(archive: Buffer, maxBytes: number, partial: boolean): Buffer {
  try {
    return gunzipSync(archive, { maxOutputLength: maxBytes, ...(partial ? { finishFlush: zlib.Z_SYNC_FLUSH } : {}) });
  } catch (e) {
    const tooLarge = (e as NodeJS.ErrnoException).code === 'ERR_BUFFER_TOO_LARGE';
    throw new TarError(tooLarge
      ? `archive decompresses to more than ${maxBytes} bytes`
      : `not a gzip archive: ${(e as Error).message}`, { cause: e });
  }
}

/**
 * Calls `visit` for each entry until it returns true ('stopped') or the
 * archive ends ('end'). With `partial`, `tar` may be cut anywhere: an
 * incomplete entry ends the walk ('truncated') instead of failing it.
 */
function walkTar(tar: Buffer, visit: (entry: TarReadEntry) => boolean | void, partial: boolean): 'stopped' | 'end' | 'truncated' {
  let pax: Record<string, string> = {};
  let globalPax: Record<string, string> = {};
  let gnuName: string | undefined;
  let gnuLink: string | undefined;
  let offset = 0;
  while (offset + BLOCK <= tar.length) {
    const block = tar.subarray(offset, offset + BLOCK);
    if (block.every((b) => b === 0)) return 'end';
    verifyChecksum(block, offset);
    const typeflag = String.fromCharCode(block[156] || 0x30);
    const size = numeric(block.subarray(124, 136), 'size', offset);
    const dataStart = offset + BLOCK;
    const dataEnd = dataStart + size;
    if (dataEnd > tar.length) {
      if (partial) return 'truncated';
      throw new TarError(`tar entry at byte ${offset} is truncated: needs ${size} bytes of content`);
    }
    const data = tar.subarray(dataStart, dataEnd);
    offset = dataStart + size + ((BLOCK - (size % BLOCK)) % BLOCK);
    switch (typeflag) {
      case 'x':
        pax = { ...pax, ...parsePax(data, dataStart) };
        continue;
      case 'g':
        globalPax = { ...globalPax, ...parsePax(data, dataStart) };
        continue;
      case 'L':
        gnuName = cString(data);
        continue;
      case 'K':
        gnuLink = cString(data);
        continue;
    }
    const records = { ...globalPax, ...pax };
    const magic = block.subarray(257, 263).toString('latin1');
    const isUstar = magic === 'ustar\0';
    const isGnu = magic === 'ustar ';
    const prefix = isUstar ? cString(block.subarray(345, 500)) : '';
    const baseName = cString(block.subarray(0, 100));
    const name = records.path ?? gnuName ?? (prefix ? `${prefix}/${baseName}` : baseName);
    const stop = visit({
      name,
      type: entryType(typeflag),
      typeflag,
      mode: numeric(block.subarray(100, 108), 'mode', offset) & 0o7777,
      uid: records.uid !== undefined ? Number(records.uid) : numeric(block.subarray(108, 116), 'uid', offset),
      gid: records.gid !== undefined ? Number(records.gid) : numeric(block.subarray(116, 124), 'gid', offset),
      uname: records.uname ?? cString(block.subarray(265, 297)),
      gname: records.gname ?? cString(block.subarray(297, 329)),
      mtime: records.mtime !== undefined ? Number(records.mtime) : numeric(block.subarray(136, 148), 'mtime', offset),
      size,
      linkname: records.linkpath ?? gnuLink ?? cString(block.subarray(157, 257)),
      data: entryType(typeflag) === 'file' ? Buffer.from(data) : Buffer.alloc(0),
      format: Object.keys(pax).length > 0 ? 'pax' : isGnu || gnuName !== undefined ? 'gnu' : isUstar ? 'ustar' : 'v7',
    });
    if (stop) return 'stopped';
    pax = {};
    gnuName = undefined;
    gnuLink = undefined;
  }
  return partial ? 'truncated' : 'end';
}

function entryType(typeflag: string): TarReadType {
  switch (typeflag) {
    case '0': case '\0': case '7': return 'file';
    case '5': return 'directory';
    case '2': return 'symlink';
    case '1': return 'hardlink';
    default: return 'other';
  }
}

function verifyChecksum(block: Buffer, offset: number): void {
  const stored = numeric(block.subarray(148, 156), 'checksum', offset);
  let unsigned = 0;
  let signed = 0;
  for (let i = 0; i < BLOCK; i++) {
    const b = i >= 148 && i < 156 ? 0x20 : block[i];
    unsigned += b;
    signed += b > 127 ? b - 256 : b;
  }
  if (stored !== unsigned && stored !== signed) {
    throw new TarError(`tar header at byte ${offset} has checksum ${stored}, computed ${unsigned}: not a tar archive or corrupted`);
  }
}

/** Octal (space/NUL padded) or GNU base-256 numbers. */
function numeric(field: Buffer, what: string, offset: number): number {
  if (field[0] & 0x80) {
    let n = 0n;
    for (let i = 0; i < field.length; i++) n = (n << 8n) | BigInt(i === 0 ? field[i] & 0x7f : field[i]);
    return Number(n);
  }
  const text = field.toString('latin1').replace(/[\0 ]+$/, '').replace(/^[\0 ]+/, '');
  if (text === '') return 0;
  if (!/^[0-7]+$/.test(text)) throw new TarError(`tar header at byte ${offset}: ${what} field ${JSON.stringify(text)} is not octal`);
  return parseInt(text, 8);
}

function cString(field: Buffer): string {
  const end = field.indexOf(0);
  return field.subarray(0, end < 0 ? field.length : end).toString('utf8');
}

/** `"<len> key=value\n"` records. */
function parsePax(data: Buffer, offset: number): Record<string, string> {
  const out: Record<string, string> = {};
  let pos = 0;
  while (pos < data.length) {
    const space = data.indexOf(0x20, pos);
    const length = space < 0 ? NaN : Number(data.subarray(pos, space).toString('latin1'));
    if (!Number.isInteger(length) || length <= 0 || pos + length > data.length) {
      throw new TarError(`malformed PAX record at byte ${offset + pos}`);
    }
    const record = data.subarray(space + 1, pos + length - 1).toString('utf8');
    const eq = record.indexOf('=');
    if (eq > 0) out[record.slice(0, eq)] = record.slice(eq + 1);
    pos += length;
  }
  return out;
}
