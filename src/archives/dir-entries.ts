import { Dirent } from 'node:fs';
import { readdir } from 'node:fs/promises';

/**
 * Directory listings for the chart and artifact walkers. Names are read as
 * bytes: a name that is not UTF-8 would otherwise be decoded with U+FFFD and
 * then not found on disk (`ENOENT lstat '…��.yaml'`). Both archive formats
 * carry UTF-8 names (Helm and Flux write Go strings into tar headers, PAX for
 * anything non-ASCII), so such a name is reported, not archived.
 */

/** One entry of a directory. */
export interface DirEntry {
  /** The name decoded as UTF-8 (U+FFFD where a byte sequence is invalid). */
  readonly name: string;
  /** Whether the name's bytes are valid UTF-8, i.e. `name` is the name on disk. */
  readonly utf8: boolean;
  /** The name for messages: invalid bytes as `\xNN`. */
  readonly printable: string;
  readonly dirent: Dirent<Buffer>;
}

/** The entries of `dir` in byte order of their names (Go `sort.Strings`, what `filepath.Walk` and `WalkDir` use). */
export async function readDirEntries(dir: string): Promise<DirEntry[]> {
  const entries = await readdir(dir, { withFileTypes: true, encoding: 'buffer' });
  return entries
    .sort((a, b) => Buffer.compare(a.name, b.name))
    .map((dirent) => {
      const name = dirent.name.toString('utf8');
      const utf8 = Buffer.from(name, 'utf8').equals(dirent.name);
      return { name, utf8, printable: utf8 ? name : printableName(dirent.name), dirent };
    });
}

/** `a\xff\xfe.yaml`: valid UTF-8 sequences kept, every byte of an invalid one escaped. */
export function printableName(raw: Buffer): string {
  let out = '';
  let i = 0;
  while (i < raw.length) {
    const length = sequenceLength(raw, i);
    if (length === 0) {
      out += `\\x${raw[i].toString(16).padStart(2, '0')}`;
      i++;
    } else {
      out += raw.subarray(i, i + length).toString('utf8');
      i += length;
    }
  }
  return out;
}

/** Length of the valid UTF-8 sequence at `i`, 0 when the byte there does not start one. */
function sequenceLength(b: Buffer, i: number): number {
  const lead = b[i];
  const length = lead < 0x80 ? 1 : lead >= 0xc2 && lead <= 0xdf ? 2 : lead >= 0xe0 && lead <= 0xef ? 3 : lead >= 0xf0 && lead <= 0xf4 ? 4 : 0;
  if (length <= 1 || i + length > b.length) return length === 1 ? 1 : 0;
  for (let k = 1; k < length; k++) {
    if (b[i + k] < 0x80 || b[i + k] > 0xbf) return 0;
  }
  // Overlong 3/4-byte forms, surrogates and code points above U+10FFFF are invalid too.
  const second = b[i + 1];
  if (lead === 0xe0 && second < 0xa0) return 0;
  if (lead === 0xed && second > 0x9f) return 0;
  if (lead === 0xf0 && second < 0x90) return 0;
  if (lead === 0xf4 && second > 0x8f) return 0;
  return length;
}
