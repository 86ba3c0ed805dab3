/**
 * Text that came from a registry (tags, media types, Chart.yaml fields,
 * error bodies), made safe to print: every control character is written as
 * an escape, so a terminal runs no escape sequence and a CI log gets no
 * extra line (a `::error::` workflow command, a forged log entry).
 * Escaped: C0 and C1 controls, DEL, the Unicode line and paragraph
 * separators, and the bidirectional overrides and isolates (which reorder
 * what a reader sees). Everything else, backslashes included, is kept.
 */

const UNSAFE = /[\u0000-\u001f\u007f-\u009f\u2028\u2029\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;
const NAMED: Readonly<Record<string, string>> = { '\t': '\\t', '\n': '\\n', '\r': '\\r' };

/** `text` with control characters escaped: `\n`, `\t`, `\r`, `\x1b`, `\u202e`, … */
export function printable(text: string): string {
  return text.replace(UNSAFE, (c) => NAMED[c] ?? escapeCode(c.charCodeAt(0)));
}

function escapeCode(code: number): string {
  return code < 0x100 ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u${code.toString(16).padStart(4, '0')}`;
}
