import { goIsPrint } from './go-isprint';

const NAMED_ESCAPES: Record<number, string> = {
  0x07: '\\a',
  0x08: '\\b',
  0x0c: '\\f',
  0x0a: '\\n',
  0x0d: '\\r',
  0x09: '\\t',
  0x0b: '\\v',
};

/**
 * Go's `%q` for a string, i.e. `strconv.Quote` (golang/go `src/strconv/quote.go`
 * `appendQuotedWith` and `appendEscapedRune`, unchanged from Go 1.19 to
 * 1.26): double quotes; `"` and `\` escaped; printable runes (`goIsPrint`,
 * Unicode 15.0.0) as themselves, non-ASCII included; `\a \b \f \n \r \t \v`
 * by name; other C0 controls and DEL as `\xHH`; any other rune as `\uHHHH`
 * or `\UHHHHHHHH`, lowercase hex. Single quotes and backticks stay as they
 * are. A lone UTF-16 surrogate, which Go would receive as U+FFFD after UTF-8
 * encoding, is printed as U+FFFD.
 *
 * Masterminds/semver v3.5.0 quotes constraint input this way, so a pasted
 * no-break space shows: `improper constraint: ">=1.0.0\u00a0<2.0.0"`.
 *
 * @example goQuote('~1.2 \x07') // '"~1.2 \\a"'
 * @internal
 */
export function goQuote(s: string): string {
  let out = '"';
  for (const ch of s) {
    let cp = ch.codePointAt(0)!;
    if (cp >= 0xd800 && cp <= 0xdfff) cp = 0xfffd;
    if (cp === 0x22 || cp === 0x5c) {
      out += `\\${ch}`;
    } else if (goIsPrint(cp)) {
      out += String.fromCodePoint(cp);
    } else if (NAMED_ESCAPES[cp] !== undefined) {
      out += NAMED_ESCAPES[cp];
    } else if (cp < 0x20 || cp === 0x7f) {
      out += `\\x${hex(cp, 2)}`;
    } else if (cp < 0x10000) {
      out += `\\u${hex(cp, 4)}`;
    } else {
      out += `\\U${hex(cp, 8)}`;
    }
  }
  return `${out}"`;
}

function hex(cp: number, width: number): string {
  return cp.toString(16).padStart(width, '0');
}
