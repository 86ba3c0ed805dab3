import {
  complement,
  escapeCodePoint,
  fold,
  MAX_RUNE,
  normalize,
  PERL_CLASSES,
  POSIX_CLASSES,
  Range,
} from './go-regexp-classes';

/**
 * Translates a Go `regexp` (RE2 syntax, Perl flags, as `regexp.Compile`
 * reads it) into the source of an equivalent JavaScript `u`-mode RegExp.
 *
 * Go's parser is followed closely so that a pattern is rejected exactly when
 * Go rejects it, with Go's error text: backreferences, lookaround, atomic
 * groups and possessive quantifiers are errors, `(?i)`/`(?m)`/`(?s)`/`(?U)`
 * work anywhere, `\s` is `[\t\n\f\r ]`, `\Q…\E` quotes. Matching is exact for
 * ASCII subjects, which OCI tags always are; case folding beyond ASCII and the
 * Unicode tables behind `\p{…}` are JavaScript's. Go's linear-time guarantee
 * does not carry over: JavaScript backtracks.
 */
export function goRegexpToJs(pattern: string): string {
  return emitAlternatives(new GoRegexpParser(pattern).parse());
}

/** A pattern Go's `regexp.Compile` rejects, with Go's error code and offending text. */
export class GoRegexpSyntaxError extends Error {
  constructor(public readonly goCode: string, public readonly expr: string, public readonly hint?: string) {
    super(`error parsing regexp: ${goCode}: \`${expr}\`${hint ? ` (${hint})` : ''}`);
    this.name = 'GoRegexpSyntaxError';
  }
}

interface Flags {
  readonly foldCase: boolean;
  readonly multiLine: boolean;
  readonly dotNL: boolean;
  readonly ungreedy: boolean;
}

type Node =
  | { readonly kind: 'literal'; readonly cp: number }
  | { readonly kind: 'class'; readonly ranges: readonly Range[]; readonly props: readonly string[]; readonly negated: boolean }
  | { readonly kind: 'assert'; readonly js: string }
  | { readonly kind: 'group'; readonly alternatives: readonly (readonly Node[])[] }
  | { readonly kind: 'repeat'; readonly sub: Node; readonly min: number; readonly max: number; readonly counted: boolean; readonly greedy: boolean };

const MAX_REPEAT = 1000;
const MAX_DEPTH = 1000;
const ANY: Range[] = [[0, MAX_RUNE]];
const ANY_BUT_NL: Range[] = [[0, 0x09], [0x0b, MAX_RUNE]];
const BEGIN_TEXT = '(?<![\\s\\S])';
const END_TEXT = '(?![\\s\\S])';
const BEGIN_LINE = '(?<![^\\n])';
const END_LINE = '(?![^\\n])';

const NO_RE2 = "Go's RE2 syntax has no";
const HINTS: Record<string, string> = {
  '(?=': `${NO_RE2} lookahead`,
  '(?!': `${NO_RE2} negative lookahead`,
  '(?<=': `${NO_RE2} lookbehind`,
  '(?<!': `${NO_RE2} negative lookbehind`,
  '(?>': `${NO_RE2} atomic groups`,
  '(?#': `${NO_RE2} comments`,
  "(?'": `${NO_RE2} (?'name'…) groups; use (?P<name>…)`,
  '(?P=': `${NO_RE2} backreferences`,
  '(?P>': `${NO_RE2} recursion`,
};

class GoRegexpParser {
  private pos = 0;

  constructor(private readonly src: string) {
    for (let i = 0; i < src.length; i++) {
      const c = src.charCodeAt(i);
      const paired = c >= 0xd800 && c <= 0xdbff && i + 1 < src.length && src.charCodeAt(i + 1) >= 0xdc00 && src.charCodeAt(i + 1) <= 0xdfff;
      if (paired) i++;
      else if (c >= 0xd800 && c <= 0xdfff) throw new GoRegexpSyntaxError('invalid UTF-8', src.slice(i));
    }
  }

  parse(): Node[][] {
    const flags: Flags = { foldCase: false, multiLine: false, dotNL: false, ungreedy: false };
    const alternatives = this.parseAlternatives(flags, 0);
    if (this.pos < this.src.length) throw new GoRegexpSyntaxError('unexpected )', this.src);
    return alternatives;
  }

  /** Up to an unmatched `)` (left unconsumed) or the end. `(?flags)` lasts until then. */
  private parseAlternatives(outer: Flags, depth: number): Node[][] {
    if (depth > MAX_DEPTH) throw new GoRegexpSyntaxError('expression nests too deeply', this.src);
    let flags = outer;
    const alternatives: Node[][] = [[]];
    let seq = alternatives[0];
    let lastRepeatAt = -1;
    while (this.pos < this.src.length) {
      const start = this.pos;
      const c = this.src[start];
      let repeatAt = -1;
      if (c === ')') {
        if (depth === 0) throw new GoRegexpSyntaxError('unexpected )', this.src);
        break;
      } else if (c === '|') {
        this.pos++;
        seq = [];
        alternatives.push(seq);
      } else if (c === '(') {
        const group = this.parseGroup(flags, depth);
        if ('setFlags' in group) flags = group.setFlags;
        else seq.push(group.node);
      } else if (c === '*' || c === '+' || c === '?') {
        this.pos++;
        const [min, max] = c === '*' ? [0, -1] : c === '+' ? [1, -1] : [0, 1];
        this.repeat(seq, flags, min, max, false, start, lastRepeatAt);
        repeatAt = start;
      } else if (c === '{') {
        const counted = this.parseRepeatCount();
        if (counted) {
          this.repeat(seq, flags, counted.min, counted.max, true, start, lastRepeatAt);
          repeatAt = start;
        } else {
          this.pos++;
          seq.push(literal('{', flags));
        }
      } else if (c === '^') {
        this.pos++;
        seq.push({ kind: 'assert', js: flags.multiLine ? BEGIN_LINE : BEGIN_TEXT });
      } else if (c === '$') {
        this.pos++;
        seq.push({ kind: 'assert', js: flags.multiLine ? END_LINE : END_TEXT });
      } else if (c === '.') {
        this.pos++;
        seq.push({ kind: 'class', ranges: flags.dotNL ? ANY : ANY_BUT_NL, props: [], negated: false });
      } else if (c === '[') {
        seq.push(this.parseClass(flags));
      } else if (c === '\\') {
        seq.push(...this.parseEscapeOutsideClass(flags));
      } else {
        const cp = this.src.codePointAt(start)!;
        this.pos += cp > 0xffff ? 2 : 1;
        seq.push(literal(String.fromCodePoint(cp), flags));
      }
      lastRepeatAt = repeatAt;
    }
    return alternatives;
  }

  private parseGroup(flags: Flags, depth: number): { node: Node } | { setFlags: Flags } {
    const start = this.pos;
    let inner = flags;
    if (this.src.startsWith('(?', start)) {
      for (const [prefix, hint] of Object.entries(HINTS)) {
        if (this.src.startsWith(prefix, start)) {
          const code = prefix.startsWith('(?<') ? 'invalid named capture' : 'invalid or unsupported Perl syntax';
          throw new GoRegexpSyntaxError(code, prefix, hint);
        }
      }
      const named = /^\(\?P?</.exec(this.src.slice(start, start + 4));
      if (named) {
        const end = this.src.indexOf('>', start);
        if (end < 0) throw new GoRegexpSyntaxError('invalid named capture', this.src.slice(start));
        const name = this.src.slice(start + named[0].length, end);
        if (!/^[A-Za-z0-9_]+$/.test(name)) throw new GoRegexpSyntaxError('invalid named capture', this.src.slice(start, end + 1));
        this.pos = end + 1;
      } else {
        const parsed = this.parseFlags(flags);
        if (parsed.closes) return { setFlags: parsed.flags };
        inner = parsed.flags;
      }
    } else {
      this.pos++;
    }
    const alternatives = this.parseAlternatives(inner, depth + 1);
    if (this.src[this.pos] !== ')') throw new GoRegexpSyntaxError('missing closing )', this.src);
    this.pos++;
    return { node: { kind: 'group', alternatives } };
  }

  /** `(?i)`, `(?i-s:`, `(?:` …; Go's `parsePerlFlags` without the named-group part. */
  private parseFlags(flags: Flags): { flags: Flags; closes: boolean } {
    const start = this.pos;
    this.pos += 2;
    const set = { ...flags };
    let negate = false;
    let sawFlag = false;
    while (this.pos < this.src.length) {
      const c = this.src[this.pos++];
      if (c === 'i' || c === 'm' || c === 's' || c === 'U') {
        const key = ({ i: 'foldCase', m: 'multiLine', s: 'dotNL', U: 'ungreedy' } as const)[c];
        set[key] = !negate;
        sawFlag = true;
      } else if (c === '-' && !negate) {
        negate = true;
        sawFlag = false;
      } else if ((c === ':' || c === ')') && !(negate && !sawFlag)) {
        return { flags: set, closes: c === ')' };
      } else {
        break;
      }
    }
    throw new GoRegexpSyntaxError('invalid or unsupported Perl syntax', this.src.slice(start, this.pos));
  }

  /** `{n}`, `{n,}`, `{n,m}` (no leading zeros); undefined when `{` is a literal. */
  private parseRepeatCount(): { min: number; max: number } | undefined {
    const m = /^\{(0|[1-9][0-9]*)(?:(,)((?:0|[1-9][0-9]*)?))?\}/.exec(this.src.slice(this.pos));
    if (!m) return undefined;
    const min = parseCount(m[1]);
    const max = m[2] === undefined ? min : m[3] === '' ? -1 : parseCount(m[3]);
    const text = m[0];
    if (min < 0 || min > MAX_REPEAT || max > MAX_REPEAT || (max >= 0 && min > max) || (m[3] && max < 0)) {
      throw new GoRegexpSyntaxError('invalid repeat count', text);
    }
    this.pos += text.length;
    return { min, max };
  }

  private repeat(seq: Node[], flags: Flags, min: number, max: number, counted: boolean, start: number, lastRepeatAt: number): void {
    const afterOp = this.pos;
    let greedy = !flags.ungreedy;
    if (this.src[this.pos] === '?') {
      this.pos++;
      greedy = !greedy;
    }
    if (lastRepeatAt >= 0) throw new GoRegexpSyntaxError('invalid nested repetition operator', this.src.slice(lastRepeatAt, this.pos));
    if (seq.length === 0) throw new GoRegexpSyntaxError('missing argument to repetition operator', this.src.slice(start, this.pos));
    const node: Node = { kind: 'repeat', sub: seq.pop()!, min, max, counted, greedy };
    if (counted && (min >= 2 || max >= 2) && !repeatIsValid(node, MAX_REPEAT)) {
      throw new GoRegexpSyntaxError('invalid repeat count', this.src.slice(start, afterOp));
    }
    seq.push(node);
  }

  private parseEscapeOutsideClass(flags: Flags): Node[] {
    const start = this.pos;
    const next = this.src[start + 1];
    const simple: Record<string, string> = { A: BEGIN_TEXT, z: END_TEXT, b: '\\b', B: '\\B' };
    if (next !== undefined && next in simple) {
      this.pos += 2;
      return [{ kind: 'assert', js: simple[next] }];
    }
    if (next === 'C') throw new GoRegexpSyntaxError('invalid escape sequence', '\\C');
    if (next === 'Q') {
      const end = this.src.indexOf('\\E', start + 2);
      const text = this.src.slice(start + 2, end < 0 ? undefined : end);
      this.pos = end < 0 ? this.src.length : end + 2;
      return [...text].map((ch) => literal(ch, flags));
    }
    const cls = this.parseClassEscape(flags);
    if (cls) return [{ kind: 'class', ranges: cls.ranges, props: cls.props, negated: false }];
    return [literal(String.fromCodePoint(this.parseEscape()), flags)];
  }

  /** `\pN`, `\p{Name}`, `\PN`, `\d`, `\S` …, or undefined when the escape is something else. */
  private parseClassEscape(flags: Flags): { ranges: Range[]; props: string[] } | undefined {
    const next = this.src[this.pos + 1];
    if (next === 'p' || next === 'P') {
      const start = this.pos;
      let name: string;
      let end: number;
      if (this.src[start + 2] === '{') {
        const close = this.src.indexOf('}', start);
        if (close < 0) throw new GoRegexpSyntaxError('invalid character class range', this.src.slice(start));
        name = this.src.slice(start + 3, close);
        end = close + 1;
      } else {
        const cp = this.src.codePointAt(start + 2);
        name = cp === undefined ? '' : String.fromCodePoint(cp);
        end = start + 2 + name.length;
      }
      let negated = next === 'P';
      if (name.startsWith('^')) {
        negated = !negated;
        name = name.slice(1);
      }
      const prop = unicodeProperty(name);
      if (!prop) throw new GoRegexpSyntaxError('invalid character class range', this.src.slice(start, end));
      this.pos = end;
      return { ranges: [], props: [`\\${negated ? 'P' : 'p'}{${prop}}`] };
    }
    const perl = next === undefined ? undefined : PERL_CLASSES[next];
    if (!perl) return undefined;
    this.pos += 2;
    const positive = flags.foldCase ? fold(perl.ranges) : perl.ranges;
    return { ranges: perl.negated ? complement(positive) : [...positive], props: [] };
  }

  /** Go's `parseEscape`: one escaped character, as a code point. */
  private parseEscape(): number {
    const start = this.pos;
    const fail = (hint?: string): never => {
      throw new GoRegexpSyntaxError('invalid escape sequence', this.src.slice(start, this.pos), hint);
    };
    this.pos++;
    const cp = this.src.codePointAt(this.pos);
    if (cp === undefined) throw new GoRegexpSyntaxError('trailing backslash at end of expression', '');
    const c = String.fromCodePoint(cp);
    this.pos += c.length;
    if (cp < 0x80 && !/[0-9A-Za-z]/.test(c)) return cp;
    const octal = (ch: string | undefined): boolean => ch !== undefined && ch >= '0' && ch <= '7';
    if (c >= '1' && c <= '7' && !octal(this.src[this.pos])) fail(`${NO_RE2} backreferences`);
    if (c >= '0' && c <= '7') {
      let value = Number(c);
      for (let i = 1; i < 3 && octal(this.src[this.pos]); i++) value = value * 8 + Number(this.src[this.pos++]);
      return value;
    }
    if (c === '8' || c === '9') fail(`${NO_RE2} backreferences`);
    if (c === 'x') {
      const braced = /^\{([0-9A-Fa-f]+)\}/.exec(this.src.slice(this.pos));
      if (braced) {
        const value = parseInt(braced[1], 16);
        this.pos += braced[0].length;
        if (value > MAX_RUNE) fail();
        return value;
      }
      const two = /^[0-9A-Fa-f]{2}/.exec(this.src.slice(this.pos));
      if (!two) {
        this.pos = Math.min(this.src.length, this.pos + 2);
        fail();
      }
      this.pos += 2;
      return parseInt(two![0], 16);
    }
    const controls: Record<string, number> = { a: 7, f: 12, n: 10, r: 13, t: 9, v: 11 };
    if (c in controls) return controls[c];
    return fail();
  }

  private parseClass(flags: Flags): Node {
    const start = this.pos;
    this.pos++;
    const negated = this.src[this.pos] === '^';
    if (negated) this.pos++;
    const ranges: Range[] = [];
    const props: string[] = [];
    const missing = (): never => {
      throw new GoRegexpSyntaxError('missing closing ]', this.src.slice(start));
    };
    let first = true;
    while (this.pos >= this.src.length || this.src[this.pos] !== ']' || first) {
      if (this.pos >= this.src.length) missing();
      first = false;
      if (this.src.startsWith('[:', this.pos)) {
        const close = this.src.indexOf(':]', this.pos + 2);
        if (close >= 0) {
          const text = this.src.slice(this.pos, close + 2);
          const name = text.slice(2, -2);
          const neg = name.startsWith('^');
          const table = POSIX_CLASSES[neg ? name.slice(1) : name];
          if (!table) throw new GoRegexpSyntaxError('invalid character class range', text);
          const positive = flags.foldCase ? fold(table) : table;
          ranges.push(...(neg ? complement(positive) : positive));
          this.pos = close + 2;
          continue;
        }
      }
      if (this.src[this.pos] === '\\') {
        const cls = this.parseClassEscape(flags);
        if (cls) {
          ranges.push(...cls.ranges);
          props.push(...cls.props);
          continue;
        }
      }
      const rangeStart = this.pos;
      const lo = this.parseClassChar(missing);
      let hi = lo;
      if (this.src[this.pos] === '-' && this.pos + 1 < this.src.length && this.src[this.pos + 1] !== ']') {
        this.pos++;
        hi = this.parseClassChar(missing);
        if (hi < lo) throw new GoRegexpSyntaxError('invalid character class range', this.src.slice(rangeStart, this.pos));
      }
      ranges.push(...(flags.foldCase ? fold([[lo, hi]]) : [[lo, hi] as Range]));
    }
    this.pos++;
    return { kind: 'class', ranges: normalize(ranges), props, negated };
  }

  private parseClassChar(missing: () => never): number {
    if (this.pos >= this.src.length) missing();
    if (this.src[this.pos] === '\\') return this.parseEscape();
    const cp = this.src.codePointAt(this.pos)!;
    this.pos += cp > 0xffff ? 2 : 1;
    return cp;
  }
}

function literal(ch: string, flags: Flags): Node {
  const cp = ch.codePointAt(0)!;
  if (!flags.foldCase) return { kind: 'literal', cp };
  const ranges = fold([[cp, cp]]);
  return ranges.length === 1 && ranges[0][0] === ranges[0][1] ? { kind: 'literal', cp } : { kind: 'class', ranges, props: [], negated: false };
}

function parseCount(digits: string): number {
  // Go gives up above 1e8 and reports the count as too big.
  return digits.length > 9 ? -1 : Number(digits);
}

/** Go's `repeatIsValid`: nested counted repeats may not multiply beyond 1000 copies. */
function repeatIsValid(node: Node, n: number): boolean {
  let budget = n;
  if (node.kind === 'repeat' && node.counted) {
    let m = node.max;
    if (m === 0) return true;
    if (m < 0) m = node.min;
    if (m > budget) return false;
    if (m > 0) budget = Math.floor(budget / m);
  }
  if (node.kind === 'repeat') return repeatIsValid(node.sub, budget);
  if (node.kind === 'group') return node.alternatives.every((seq) => seq.every((sub) => repeatIsValid(sub, budget)));
  return true;
}

const CATEGORY_SPECIALS: Record<string, string> = { Any: 'Any', Assigned: 'Assigned', Ascii: 'ASCII', Lc: 'LC' };

/** Go's `\p{…}` name as a JS property expression, or undefined when neither knows it. */
function unicodeProperty(name: string): string | undefined {
  if (name === '') return undefined;
  const canonical = canonicalName(name);
  if (canonical in CATEGORY_SPECIALS) return CATEGORY_SPECIALS[canonical];
  for (const candidate of [`General_Category=${canonical}`, `Script=${canonical}`, `General_Category=${name}`, `Script=${name}`]) {
    try {
      new RegExp(`\\p{${candidate}}`, 'u');
      return candidate;
    } catch {
      // not this kind of property; try the next
    }
  }
  return undefined;
}

/** Go's `canonicalName`: first letter upper, the rest lower, no `_`, `-` or spaces. */
function canonicalName(name: string): string {
  const letters = name.replace(/[_\- ]/g, '');
  return letters.charAt(0).toUpperCase() + letters.slice(1).toLowerCase();
}

function emitAlternatives(alternatives: readonly (readonly Node[])[]): string {
  return alternatives.map((seq) => seq.map(emit).join('')).join('|');
}

function emit(node: Node): string {
  switch (node.kind) {
    case 'literal':
      return escapeCodePoint(node.cp);
    case 'class': {
      const body = node.ranges.map(([lo, hi]) => (lo === hi ? escapeCodePoint(lo) : `${escapeCodePoint(lo)}-${escapeCodePoint(hi)}`));
      return `[${node.negated ? '^' : ''}${body.join('')}${node.props.join('')}]`;
    }
    case 'assert':
      return node.js;
    case 'group':
      return `(?:${emitAlternatives(node.alternatives)})`;
    case 'repeat': {
      const sub = node.sub.kind === 'literal' || node.sub.kind === 'class' || node.sub.kind === 'group' ? emit(node.sub) : `(?:${emit(node.sub)})`;
      return sub + quantifier(node) + (node.greedy ? '' : '?');
    }
  }
}

function quantifier(node: { min: number; max: number; counted: boolean }): string {
  if (!node.counted) return node.max === 1 ? '?' : node.min === 0 ? '*' : '+';
  if (node.max === node.min) return `{${node.min}}`;
  return node.max < 0 ? `{${node.min},}` : `{${node.min},${node.max}}`;
}
