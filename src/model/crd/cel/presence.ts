/**
 * A shortcut that lets most objects skip loading the CEL engine: a rule
 * that is a boolean combination (`!`, `&&`, `||`, parentheses) of field
 * presence tests `has(self.<field>)` and other terms is decided here when
 * the presence tests alone make it true. Any other term is unknown, and so
 * is the rule unless CEL's logic settles it without that term: `&&` and `||`
 * are commutative in CEL and absorb errors (`true || error` is `true`,
 * cel-spec langdef.md "Logical Operators"), so a rule this returns `true`
 * for also returns `true` on the engine. Everything else (a rule that fails,
 * or that this cannot decide) goes to the engine, which also words the
 * failure; so this can only skip work, never change a result.
 */
import { CelShape, defaulted } from './values';

/** Three-valued: true, false, or unknown (undefined). */
type Truth = boolean | undefined;

type Term =
  | { readonly op: 'has'; readonly field: string }
  | { readonly op: 'not'; readonly term: Term }
  | { readonly op: 'and' | 'or'; readonly terms: readonly Term[] }
  | { readonly op: 'other' };

const OTHER: Term = { op: 'other' };
// A field CEL names as written: not escaped (no `__`), not a reserved word.
const PLAIN_FIELD = /^[a-zA-Z_][a-zA-Z0-9_]*$/;
const HAS = /^has\(\s*self\.([a-zA-Z_][a-zA-Z0-9_]*)\s*\)$/;
const RESERVED = new Set(['true', 'false', 'null', 'in', 'as', 'break', 'const', 'continue', 'else', 'for', 'function', 'if',
  'import', 'let', 'loop', 'package', 'namespace', 'return', 'var', 'void', 'while']);

const parsed = new Map<string, Term>();

/**
 * Whether `rule` is sure to return `true` on the object `self` of shape
 * `shape` (as `toCel` would convert it); false means "ask the engine".
 */
export function passesByPresence(rule: string, self: unknown, shape: CelShape): boolean {
  if (typeof self !== 'object' || self === null || Array.isArray(self)) return false;
  let term = parsed.get(rule);
  if (!term) {
    term = parseTerm(rule);
    parsed.set(rule, term);
  }
  return truth(term, self as Record<string, unknown>, shape) === true;
}

function truth(term: Term, self: Record<string, unknown>, shape: CelShape): Truth {
  switch (term.op) {
    case 'has': return present(self, term.field, shape);
    case 'not': {
      const t = truth(term.term, self, shape);
      return t === undefined ? undefined : !t;
    }
    // Terms are read in order with no array of their truths (every object
    // of a kind with rules comes here); `truth` has no effects, so stopping
    // at the first deciding term gives the same answer.
    case 'and': {
      let result: Truth = true;
      for (const x of term.terms) {
        const t = truth(x, self, shape);
        if (t === false) return false;
        if (t === undefined) result = undefined;
      }
      return result;
    }
    case 'or': {
      let result: Truth = false;
      for (const x of term.terms) {
        const t = truth(x, self, shape);
        if (t === true) return true;
        if (t === undefined) result = undefined;
      }
      return result;
    }
    default: return undefined;
  }
}

/**
 * `has(self.field)` as the engine sees the converted value: an absent field
 * is false unless the schema gives it a default; a present one true where
 * the schema declares it (or declares no fields: a map); a null (pruned or
 * not, by nullability) is left to the engine.
 */
function present(self: Record<string, unknown>, field: string, shape: CelShape): Truth {
  const own = Object.prototype.hasOwnProperty.call(self, field) ? self[field] : undefined;
  const value = shape.properties ? defaulted(own, shape.properties[field]) : own;
  if (value === undefined) return false;
  if (value === null) return undefined;
  if (shape.properties) return Object.prototype.hasOwnProperty.call(shape.properties, field) ? true : undefined;
  return true;
}

/** The rule as presence tests and other terms; a rule with a top-level `?:` is one other term. */
function parseTerm(text: string): Term {
  const s = text.trim();
  const ors = splitTopLevel(s, '||');
  if (!ors) return OTHER;
  if (ors.length > 1) return { op: 'or', terms: ors.map(parseTerm) };
  const ands = splitTopLevel(s, '&&');
  if (!ands) return OTHER;
  if (ands.length > 1) return { op: 'and', terms: ands.map(parseTerm) };
  if (s.startsWith('!') && !s.startsWith('!=')) return { op: 'not', term: parseTerm(s.slice(1)) };
  if (s.startsWith('(') && closingParen(s, 0) === s.length - 1) return parseTerm(s.slice(1, -1));
  const has = HAS.exec(s);
  if (has && PLAIN_FIELD.test(has[1]) && !has[1].includes('__') && !RESERVED.has(has[1])) return { op: 'has', field: has[1] };
  return OTHER;
}

/**
 * `s` split at `operator` outside parentheses, brackets, braces and string
 * literals; undefined when the text is not balanced or has a top-level
 * conditional (`?:` binds looser than `||`), so nothing is split wrongly.
 */
function splitTopLevel(s: string, operator: '||' | '&&'): string[] | undefined {
  const parts: string[] = [];
  let depth = 0;
  let start = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s[i];
    if (c === '"' || c === "'") {
      const end = stringEnd(s, i);
      if (end < 0) return undefined;
      i = end;
    } else if (c === '(' || c === '[' || c === '{') {
      depth++;
    } else if (c === ')' || c === ']' || c === '}') {
      if (--depth < 0) return undefined;
    } else if (depth === 0 && c === '?') {
      return undefined;
    } else if (depth === 0 && s.startsWith(operator, i)) {
      parts.push(s.slice(start, i));
      start = i + 2;
      i++;
    }
  }
  if (depth !== 0) return undefined;
  parts.push(s.slice(start));
  return parts;
}

/** Index of the quote closing the string literal opening at `i`; -1 for raw, triple-quoted or unterminated literals. */
function stringEnd(s: string, i: number): number {
  const quote = s[i];
  if (s.startsWith(quote.repeat(3), i) || /[rRbB]/.test(s[i - 1] ?? '')) return -1;
  for (let j = i + 1; j < s.length; j++) {
    if (s[j] === '\\') j++;
    else if (s[j] === quote) return j;
  }
  return -1;
}

/** Index of the parenthesis closing the one at `open`, or -1. */
function closingParen(s: string, open: number): number {
  let depth = 0;
  for (let i = open; i < s.length; i++) {
    const c = s[i];
    if (c === '"' || c === "'") {
      const end = stringEnd(s, i);
      if (end < 0) return -1;
      i = end;
    } else if (c === '(') {
      depth++;
    } else if (c === ')' && --depth === 0) {
      return i;
    }
  }
  return -1;
}
