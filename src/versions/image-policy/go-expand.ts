/**
 * Go's `(*regexp.Regexp).ExpandString`, which image-reflector-controller
 * applies to `filterTags.extract` (fluxcd/image-reflector-controller
 * `internal/policy/filter.go` @debe2aaa, `RegexFilter.Apply`). Follows Go
 * src/regexp/regexp.go `expand` and `extract` (go1.26), rule for rule:
 *
 * - `$$` is a literal `$`.
 * - `$name` takes the longest run of Unicode letters (`\p{L}`), decimal
 *   digits (`\p{Nd}`) and `_`; `${name}` takes the same run, which must be
 *   followed by `}`. So `$1x` names the group `1x`, not group 1 then `x`.
 * - A name of ASCII digits without a leading zero, shorter than ten digits,
 *   is a group number (`$0` is the whole match); any other name (`$01`,
 *   `$x`) is looked up among the named groups, the first one that took part
 *   in the match.
 * - A number out of range, an unknown name, or a group that did not take
 *   part expands to nothing.
 * - A `$` not followed by a valid reference (end of template, `$-`, `${`
 *   without its `}`, `${}`) is copied as `$`, and the text after it is read
 *   as ordinary template text.
 */

/** A letter, decimal digit or `_`: Go's `unicode.IsLetter || unicode.IsDigit || r == '_'`. */
const NAME_CHAR = /^[\p{L}\p{Nd}_]$/u;

/** A reference after `$`: its name, its group number (-1 when it is a name), and the template after it. */
interface Reference {
  readonly name: string;
  readonly num: number;
  readonly rest: string;
}

/**
 * `template` with each `$` reference replaced by the text of that group of
 * `match` in `subject`.
 *
 * @param match Go's `FindStringSubmatchIndex` layout: start and end of the
 *   whole match, then of each group, -1 for a group that did not take part
 *   (string indices of `subject`)
 * @param groupNames Go's `SubexpNames()`: index 0 and unnamed groups are `''`
 */
export function expandGoTemplate(template: string, subject: string, match: readonly number[], groupNames: readonly string[]): string {
  let out = '';
  let rest = template;
  for (let at = rest.indexOf('$'); at >= 0; at = rest.indexOf('$')) {
    out += rest.slice(0, at);
    rest = rest.slice(at + 1);
    if (rest.startsWith('$')) {
      out += '$';
      rest = rest.slice(1);
      continue;
    }
    const ref = readReference(rest);
    if (ref === undefined) {
      // Go copies a malformed reference's `$` and goes on after it.
      out += '$';
      continue;
    }
    rest = ref.rest;
    const group = ref.num >= 0 ? ref.num : groupNames.findIndex((name, i) => name === ref.name && took(match, i));
    if (group >= 0 && took(match, group)) out += subject.slice(match[2 * group], match[2 * group + 1]);
  }
  return out + rest;
}

/** Whether group `i` exists in `match` and took part in it. */
function took(match: readonly number[], i: number): boolean {
  return 2 * i + 1 < match.length && match[2 * i] >= 0;
}

/** Go's `extract`: the name (and number) at the start of `str`, which follows a `$`. */
function readReference(str: string): Reference | undefined {
  if (str === '') return undefined;
  const brace = str[0] === '{';
  const body = brace ? str.slice(1) : str;
  let end = 0;
  while (end < body.length) {
    const ch = String.fromCodePoint(body.codePointAt(end)!);
    if (!NAME_CHAR.test(ch)) break;
    end += ch.length;
  }
  if (end === 0) return undefined;
  const name = body.slice(0, end);
  if (brace) {
    if (body[end] !== '}') return undefined;
    end++;
  }
  return { name, num: groupNumber(name), rest: body.slice(end) };
}

/** The group number a name stands for, or -1: ASCII digits only, no leading zero, at most nine digits. */
function groupNumber(name: string): number {
  let num = 0;
  for (const c of name) {
    // Go checks the bound before adding the digit, so nine digits still count.
    if (c < '0' || c > '9' || num >= 1e8) return -1;
    num = num * 10 + (c.charCodeAt(0) - 48);
  }
  return name.length > 1 && name[0] === '0' ? -1 : num;
}
