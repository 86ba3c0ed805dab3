/**
 * The tokens of a CEL expression, cut as cel-go's ANTLR lexer cuts them
 * (google/cel-go v0.26.1, 8e7beb65: parser/gen/CEL.g4, lexer rules; the
 * ANTLR runtime's `LexerATNSimulator` picks the longest match, the earliest
 * rule on a tie, and on no match reports a "token recognition error" at the
 * token's start and skips the character the match died on, so the parser
 * sees the rest of the input).
 *
 * Offsets are UTF-16 offsets into the source; ANTLR counts code points, and
 * `positionOf` (ast.ts) converts one to the other.
 */
import { CelSyntaxProblem } from './ast';

/** A token kind: the text of a keyword or punctuation, or the name of a literal class. */
export type CelTokenKind =
  | 'EOF' | 'IDENT' | 'ESC_IDENT' | 'INT' | 'UINT' | 'DOUBLE' | 'STRING' | 'BYTES'
  | 'true' | 'false' | 'null' | 'in'
  | '==' | '!=' | '<' | '<=' | '>=' | '>' | '&&' | '||'
  | '[' | ']' | '{' | '}' | '(' | ')' | '.' | ',' | '-' | '!' | '?' | ':' | '+' | '*' | '/' | '%';

/** A token on the default channel (whitespace and comments are dropped, as CEL.g4 sends them to the hidden channel). */
export interface CelToken {
  readonly kind: CelTokenKind;
  /** UTF-16 offset of the first character. */
  readonly start: number;
  /** UTF-16 offset just past the last character. */
  readonly end: number;
  readonly text: string;
}

/** The tokens the parser sees (ending with `EOF`) and the characters no rule matched. */
export interface CelLexResult {
  readonly tokens: readonly CelToken[];
  readonly problems: readonly CelSyntaxProblem[];
}

/** A match that ends before `end`. */
type Ended = { readonly end: number };
/** A match that failed on the character at `dead` (the source length for its end), and why. */
type Died = { readonly dead: number; readonly message: string };
/** How one attempt at a position ended: a token, or a failure. */
type Scan = (Ended & { readonly kind: CelTokenKind }) | Died;

/** CEL.g4 `WHITESPACE`: note that `\v` is not in it. */
const WHITESPACE = new Set(['\t', ' ', '\r', '\n', '\f']);
/** The keywords CEL.g4 lists before `IDENTIFIER`, so they win a tie in length. */
const KEYWORDS = new Set<CelTokenKind>(['in', 'true', 'false', 'null']);
/** Punctuation of one character that starts no longer token (a `.` before a digit and `//` are caught before). */
const SINGLE = new Set<CelTokenKind>(['[', ']', '{', '}', '(', ')', '.', ',', '-', '?', ':', '+', '*', '/', '%']);
/** Operators of two characters whose first character is an operator alone too (`<` and `<=`). */
const PAIRED: Readonly<Record<string, CelTokenKind>> = { '!': '!', '<': '<', '>': '>' };
/** Operators of two characters whose first character is nothing alone, with the hint a reader needs. */
const DOUBLED: Readonly<Record<string, string>> = { '=': "CEL compares with '=='", '&': "the logical and is '&&'", '|': "the logical or is '||'" };
/** `ESC_CHAR_SEQ`: the characters a backslash may escape by themselves. */
const SIMPLE_ESCAPES = 'abfnrtv"\'\\?`';

/** Cuts `source` into tokens; characters no rule matches become problems and are skipped as ANTLR skips them. */
export function lexCel(source: string): CelLexResult {
  const tokens: CelToken[] = [];
  const problems: CelSyntaxProblem[] = [];
  let at = 0;
  while (at < source.length) {
    const skipped = skipHidden(source, at);
    if (skipped > at) {
      at = skipped;
      continue;
    }
    const scan = scanToken(source, at);
    if ('dead' in scan) {
      problems.push({ offset: at, message: scan.message });
      // LexerATNSimulator stops on the character it could not take; Lexer.Recover then consumes that one character.
      at = scan.dead < source.length ? scan.dead + codePointLength(source, scan.dead) : source.length;
    } else {
      tokens.push({ kind: scan.kind, start: at, end: scan.end, text: source.slice(at, scan.end) });
      at = scan.end;
    }
  }
  tokens.push({ kind: 'EOF', start: source.length, end: source.length, text: '' });
  return { tokens, problems };
}

/** The offset after the whitespace run or `//` comment at `at` (CEL.g4 `WHITESPACE`, `COMMENT`), or `at` when there is none. */
function skipHidden(source: string, at: number): number {
  if (source.startsWith('//', at)) {
    const newline = source.indexOf('\n', at);
    return newline < 0 ? source.length : newline;
  }
  let end = at;
  while (end < source.length && WHITESPACE.has(source[end])) end++;
  return end;
}

/** The longest token at `at`, or why none starts there. */
function scanToken(source: string, at: number): Scan {
  const c = source[at];
  if (isDigit(c) || (c === '.' && isDigit(source[at + 1]))) return scanNumber(source, at);
  if (c === '"' || c === "'") return scanQuoted(source, at, false, 'STRING');
  if (isLetter(c) || c === '_') return scanWord(source, at);
  if (c === '`') return scanEscapedIdent(source, at);
  return scanPunctuation(source, at);
}

/** Operators and punctuation; `=`, `&` and `|` alone match no rule, and the failed match has then looked at the next character. */
function scanPunctuation(source: string, at: number): Scan {
  const c = source[at];
  const two = source.slice(at, at + 2);
  if (two === '==' || two === '!=' || two === '<=' || two === '>=' || two === '&&' || two === '||') return { kind: two, end: at + 2 };
  if (c in PAIRED) return { kind: PAIRED[c], end: at + 1 };
  if (c in DOUBLED) return { dead: at + 1, message: `unexpected character '${c}': ${DOUBLED[c]}` };
  if (SINGLE.has(c as CelTokenKind)) return { kind: c as CelTokenKind, end: at + 1 };
  return { dead: at, message: `unexpected character ${describeCharacter(source, at)}: it is not part of CEL's syntax outside a string` };
}

/**
 * `NUM_INT`, `NUM_UINT` and `NUM_FLOAT`, the longest that matches: `1.` is an
 * int and a dot (a double needs digits after its point), `1e` an int and an
 * identifier, `.5` a double, `0x` only lowercase.
 */
function scanNumber(source: string, at: number): Scan {
  if (source[at] === '.') return { kind: 'DOUBLE', end: scanExponent(source, digitsEnd(source, at + 1)) };
  if (source.startsWith('0x', at) && isHexDigit(source[at + 2])) {
    let end = at + 2;
    while (isHexDigit(source[end])) end++;
    return source[end] === 'u' || source[end] === 'U' ? { kind: 'UINT', end: end + 1 } : { kind: 'INT', end };
  }
  const digits = digitsEnd(source, at);
  if (source[digits] === '.' && isDigit(source[digits + 1])) return { kind: 'DOUBLE', end: scanExponent(source, digitsEnd(source, digits + 1)) };
  const exponent = scanExponent(source, digits);
  if (exponent > digits) return { kind: 'DOUBLE', end: exponent };
  return source[digits] === 'u' || source[digits] === 'U' ? { kind: 'UINT', end: digits + 1 } : { kind: 'INT', end: digits };
}

/** The end of CEL.g4 `EXPONENT` at `at` when one is complete there, else `at` (the double then ends before the `e`). */
function scanExponent(source: string, at: number): number {
  if (source[at] !== 'e' && source[at] !== 'E') return at;
  const sign = source[at + 1] === '+' || source[at + 1] === '-' ? at + 2 : at + 1;
  return isDigit(source[sign]) ? digitsEnd(source, sign) : at;
}

/** An identifier or keyword, or a string or bytes literal behind an `r`, `b`, `br`… prefix when that is longer. */
function scanWord(source: string, at: number): Scan {
  let end = at + 1;
  while (isLetter(source[end]) || isDigit(source[end]) || source[end] === '_') end++;
  const literal = scanPrefixedLiteral(source, at);
  // An unterminated `r'…` leaves the identifier `r`; the quote then fails on its own, as ANTLR falls back to its last accepted token.
  if (literal && 'end' in literal && literal.end > end) return literal;
  const word = source.slice(at, end);
  return { kind: KEYWORDS.has(word as CelTokenKind) ? word as CelTokenKind : 'IDENT', end };
}

/** CEL.g4 `STRING` with its `RAW` prefix and `BYTES` (`b` before a whole `STRING`), when `at` starts one. */
function scanPrefixedLiteral(source: string, at: number): Scan | undefined {
  const first = source[at];
  const second = source[at + 1];
  const isQuote = (c: string | undefined): boolean => c === '"' || c === "'";
  const isRaw = (c: string | undefined): boolean => c === 'r' || c === 'R';
  if (isRaw(first) && isQuote(second)) return scanQuoted(source, at + 1, true, 'STRING');
  if (first !== 'b' && first !== 'B') return undefined;
  if (isQuote(second)) return scanQuoted(source, at + 1, false, 'BYTES');
  if (isRaw(second) && isQuote(source[at + 2])) return scanQuoted(source, at + 2, true, 'BYTES');
  return undefined;
}

/**
 * A quoted literal whose opening quote is at `quote`. A tripled quote opens
 * a string that runs to the first tripled quote after it (CEL.g4's loop is
 * non-greedy) and may span lines; when it is not closed, the two quotes
 * alone are an empty string, the longest token ANTLR accepted on the way.
 */
function scanQuoted(source: string, quote: number, raw: boolean, kind: CelTokenKind): Scan {
  const q = source[quote];
  const single = scanQuotedBody(source, quote + 1, q, raw, false);
  if (!source.startsWith(q.repeat(3), quote)) return 'end' in single ? { kind, end: single.end } : single;
  const triple = scanQuotedBody(source, quote + 3, q, raw, true);
  return { kind, end: 'end' in triple ? triple.end : quote + 2 };
}

/** The content of a quoted literal from `at` to its closing quote(s); escapes must be whole and valid unless `raw`. */
function scanQuotedBody(source: string, at: number, quote: string, raw: boolean, triple: boolean): Ended | Died {
  const close = triple ? quote.repeat(3) : quote;
  let i = at;
  while (i < source.length) {
    if (source.startsWith(close, i)) return { end: i + close.length };
    const c = source[i];
    if (!triple && (c === '\n' || c === '\r')) {
      return { dead: i, message: 'unterminated string literal: the line ends before the closing quote (a triple-quoted string may span lines)' };
    }
    if (c === '\\' && !raw) {
      const escape = scanEscape(source, i);
      if ('dead' in escape) return escape;
      i = escape.end;
    } else {
      i += codePointLength(source, i);
    }
  }
  return { dead: source.length, message: `unterminated string literal: no closing ${close}` };
}

/** CEL.g4 `ESC_SEQ` at the backslash `at`: `\n`-like, `\xHH`, `\uHHHH`, `\UHHHHHHHH` or octal `\[0-3][0-7][0-7]`. */
function scanEscape(source: string, at: number): Ended | Died {
  const c = source[at + 1];
  const invalid = (dead: number, why: string): Died => ({
    dead, message: `invalid escape sequence '${source.slice(at, Math.min(dead + 1, source.length))}' in a string literal: ${why}`,
  });
  if (c === undefined) return { dead: at + 1, message: 'unterminated string literal: it ends with a backslash' };
  if (SIMPLE_ESCAPES.includes(c)) return { end: at + 2 };
  const hexCount = c === 'x' || c === 'X' ? 2 : c === 'u' ? 4 : c === 'U' ? 8 : 0;
  if (hexCount > 0) {
    for (let i = at + 2; i < at + 2 + hexCount; i++) {
      if (!isHexDigit(source[i])) return invalid(i, `'\\${c}' takes exactly ${hexCount} hexadecimal digits`);
    }
    return { end: at + 2 + hexCount };
  }
  if (c >= '0' && c <= '3') {
    for (let i = at + 2; i < at + 4; i++) {
      if (!(source[i] >= '0' && source[i] <= '7')) return invalid(i, 'an octal escape is a backslash and three octal digits, at most \\377');
    }
    return { end: at + 4 };
  }
  return invalid(at + 1, 'the escapes are \\a \\b \\f \\n \\r \\t \\v \\" \\\' \\\\ \\? \\` \\xHH \\uHHHH \\UHHHHHHHH and octal \\000 to \\377');
}

/** CEL.g4 `ESC_IDENTIFIER`: a backtick, at least one of letters, digits, `_ . - /` and space, and a backtick. */
function scanEscapedIdent(source: string, at: number): Scan {
  let i = at + 1;
  while (isLetter(source[i]) || isDigit(source[i]) || '_.-/ '.includes(source[i] ?? '\u0000')) i++;
  if (i > at + 1 && source[i] === '`') return { kind: 'ESC_IDENT', end: i + 1 };
  return { dead: i, message: 'invalid escaped identifier: a backtick must enclose letters, digits, \'_\', \'.\', \'-\', \'/\' or spaces and be closed' };
}

/** The offset after the decimal digits starting at `at`. */
function digitsEnd(source: string, at: number): number {
  let end = at;
  while (isDigit(source[end])) end++;
  return end;
}

/** 2 when a surrogate pair starts at `at` (one code point for ANTLR), else 1. */
export function codePointLength(source: string, at: number): number {
  const code = source.charCodeAt(at);
  return code >= 0xd800 && code <= 0xdbff && at + 1 < source.length ? 2 : 1;
}

/** The character at `at` quoted for a message, with its code for the invisible ones. */
function describeCharacter(source: string, at: number): string {
  const text = source.slice(at, at + codePointLength(source, at));
  const code = text.codePointAt(0) ?? 0;
  const hex = `U+${code.toString(16).toUpperCase().padStart(4, '0')}`;
  return code <= 0x20 || (code >= 0x7f && code <= 0xa0) ? hex : `'${text}' (${hex})`;
}

function isDigit(c: string | undefined): boolean {
  return c !== undefined && c >= '0' && c <= '9';
}

function isHexDigit(c: string | undefined): boolean {
  return c !== undefined && ((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F'));
}

function isLetter(c: string | undefined): boolean {
  return c !== undefined && ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'));
}
