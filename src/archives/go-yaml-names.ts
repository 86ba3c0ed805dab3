/**
 * Anchor and alias names as go-yaml reads them. The YAML spec lets a name
 * hold any character but blanks and flow indicators, so `*app:` is the
 * alias `app:`, and the yaml package reads it so (a key `*app:` then fails
 * the document). go-yaml, which Helm (sigs.k8s.io/yaml over go-yaml v2),
 * kustomize and the Flux controllers (go-yaml v3) read YAML with, ends a
 * name at the first character that is not a letter, a digit, '_' or '-',
 * and lets a blank or one of `?:,]}%@` and the backtick follow it: `*app:`
 * is the alias `app`, then ':' (a mapping key, as bjw-s app-template
 * HelmReleases write `*app:`), and `*app.x` fails (go-yaml v3.0.1
 * f6f7691b scannerc.go `yaml_parser_scan_anchor`, yamlprivateh.go
 * `is_alpha`; v2 7649d454 is the same). {@link goYamlText} puts a space
 * where go-yaml ends a name, so the yaml package reads what go-yaml reads,
 * and names the first name go-yaml refuses.
 */
import { CST, Lexer } from 'yaml';

/** The text to parse, and how it maps to the text as written. */
export interface GoYamlText {
  /** The text as go-yaml reads it: a space after each name go-yaml ends before the yaml package would. */
  readonly text: string;
  /** The offset in the text as written of an offset in {@link text}. */
  readonly sourceOffset: (offset: number) => number;
  /** The first anchor or alias go-yaml refuses: where in the text as written, and why. */
  readonly refused?: { readonly offset: number; readonly message: string };
}

/** yamlprivateh.go `is_alpha`: the characters of a name. */
const NAME_CHAR = /[0-9A-Za-z_-]/;
/** What scannerc.go lets follow a name, besides a blank (the lexer ends a name at a blank, ',', '[', ']', '{' and '}'). */
const AFTER_NAME = new Set(['?', ':', ']', '}', '%', '@', '`']);
/** An anchor or alias with a character past what go-yaml reads as its name, somewhere in the text (a quick test before lexing). */
const CANDIDATE = /[&*][0-9A-Za-z_-]*[^0-9A-Za-z_\-\s,[\]{}]/;
/** The lexer's marks, which hold no text of the source (yaml `CST.tokenType`). */
const MARKS = new Set(['doc-mode', 'flow-error-end', 'scalar']);
/** At most this many names are split in one text: each split lexes the text again. */
const MAX_SPLITS = 1000;

/** `source` as go-yaml reads its anchor and alias names (see the module comment). */
export function goYamlText(source: string): GoYamlText {
  if (!CANDIDATE.test(source)) return { text: source, sourceOffset: (offset) => offset };
  let text = source;
  /** Offsets in `text` of the spaces put in, ascending: each split lies after the ones before it. */
  const spaces: number[] = [];
  const sourceOffset = (offset: number): number => offset - spaces.filter((s) => s < offset).length;
  for (let n = 0; n < MAX_SPLITS; n++) {
    const name = firstLongName(text);
    if (!name) break;
    if (name.splitAt === undefined) {
      return { text, sourceOffset, refused: { offset: sourceOffset(name.offset), message: name.refusal! } };
    }
    text = `${text.slice(0, name.splitAt)} ${text.slice(name.splitAt)}`;
    spaces.push(name.splitAt);
  }
  return { text, sourceOffset };
}

/**
 * The first anchor or alias token in `text` that goes on past the name
 * go-yaml reads: where go-yaml's name ends when a character it allows
 * follows, else (a name go-yaml refuses) only where the token is.
 */
function firstLongName(text: string): { offset: number; splitAt?: number; refusal?: string } | undefined {
  let offset = 0;
  let scalarText = false;
  for (const token of new Lexer().lex(text)) {
    const type: string | null = scalarText ? 'scalar-text' : CST.tokenType(token);
    // A scalar's text (a block scalar's lines too) follows the lexer's scalar mark; it may start with '*'.
    scalarText = type === 'scalar';
    if (type === 'alias' || type === 'anchor') {
      let end = 1;
      while (end < token.length && NAME_CHAR.test(token[end])) end++;
      if (end < token.length) {
        return end > 1 && AFTER_NAME.has(token[end]) ? { offset, splitAt: offset + end } : { offset, refusal: refusal(token, end) };
      }
    }
    if (type === null || !MARKS.has(type)) offset += token.length;
  }
  return undefined;
}

/** Why go-yaml refuses `token`, whose name ends at `end`. */
function refusal(token: string, end: number): string {
  const what = token.startsWith('&') ? 'anchor' : 'alias';
  const written = end > 1 ? `the ${what} ${token.slice(0, end)} followed by '${token[end]}'` : `an ${what} with no name ('${token[0]}' followed by '${token[end]}')`;
  const hint = what === 'alias' ? `; quote '${token}' if it is text` : '';
  return `${written}, which go-yaml (which Flux and Helm read YAML with) refuses: a name holds letters, digits, '_' and '-' only${hint}`;
}
