import { posix } from 'node:path';
import { HelmIgnoreSyntaxError } from './errors';
import { goPathMatch, isValidGoPattern } from './go-glob';

/**
 * `.helmignore` rules with Helm's own semantics (helm `pkg/ignore`), which
 * are not gitignore's:
 *
 * - rules are tried in file order and the first positive match ignores the
 *   path; there is no "last rule wins";
 * - a negated rule `!p` ignores every path that reaches it and does NOT match
 *   `p` (and, with a trailing `/`, every file that reaches it): it acts as an
 *   allow-list, so a path matching `p` goes on to the next rules;
 * - a pattern without `/` is matched against the base name only; one with a
 *   `/` against the whole path (relative to the chart root); a leading `/`
 *   is simply stripped; a trailing `/` restricts the rule to directories;
 * - globbing is Go's `filepath.Match`; `**` is rejected; no inline comments;
 *   leading and trailing spaces are trimmed;
 * - `templates/.?*` is always appended (dotfiles directly in templates/).
 *
 * A directory that is ignored is skipped with everything below it.
 */
export class HelmIgnore {
  /** The rule Helm adds after the file's rules. */
  static readonly DEFAULT_RULE = 'templates/.?*';

  /**
   * Parses the text of a `.helmignore` file (a UTF-8 BOM is dropped) and
   * appends Helm's default rule.
   * @throws HelmIgnoreSyntaxError for `**` or a malformed glob, with the line number
   */
  static parse(text: string): HelmIgnore {
    const rules: IgnoreRule[] = [];
    const lines = text.replace(/^\uFEFF/, '').split(/\r?\n/);
    lines.forEach((line, index) => {
      const rule = parseRule(line, index + 1);
      if (rule) rules.push(rule);
    });
    rules.push(parseRule(HelmIgnore.DEFAULT_RULE, 0)!);
    return new HelmIgnore(rules);
  }

  /** Only Helm's default rule (a chart without `.helmignore`). */
  static defaults(): HelmIgnore {
    return HelmIgnore.parse('');
  }

  private constructor(private readonly rules: readonly IgnoreRule[]) {}

  /** The rules as written (without `#` comments and blank lines). */
  get patterns(): string[] {
    return this.rules.map((r) => r.raw);
  }

  /**
   * Whether Helm leaves out `path` (relative to the chart root, `/`-separated).
   * @param isDir whether the path is a directory
   */
  ignores(path: string, isDir: boolean): boolean {
    if (path === '' || path === '.' || path === './') return false;
    for (const rule of this.rules) {
      if (rule.negate) {
        if (rule.mustDir && !isDir) return true;
        if (!rule.matches(path)) return true;
        continue;
      }
      if (rule.mustDir && !isDir) continue;
      if (rule.matches(path)) return true;
    }
    return false;
  }
}

interface IgnoreRule {
  readonly raw: string;
  readonly negate: boolean;
  readonly mustDir: boolean;
  readonly matches: (path: string) => boolean;
}

function parseRule(line: string, lineNumber: number): IgnoreRule | undefined {
  const raw = line.trim();
  if (raw === '' || raw.startsWith('#')) return undefined;
  if (raw.includes('**')) {
    throw new HelmIgnoreSyntaxError(lineNumber, raw, 'double-star (**) syntax is not supported by Helm; list the directories or use a pattern without a slash to match base names');
  }
  if (!isValidGoPattern(raw)) {
    throw new HelmIgnoreSyntaxError(lineNumber, raw, 'syntax error in pattern (Go filepath.Match: unclosed or empty [class], or a trailing backslash)');
  }
  let pattern = raw;
  const negate = pattern.startsWith('!');
  if (negate) pattern = pattern.slice(1);
  const mustDir = pattern.endsWith('/');
  if (mustDir) pattern = pattern.slice(0, -1);
  let matches: (path: string) => boolean;
  if (pattern.startsWith('/')) {
    const rooted = pattern.slice(1);
    matches = (path) => safeMatch(rooted, path);
  } else if (pattern.includes('/')) {
    matches = (path) => safeMatch(pattern, path);
  } else {
    matches = (path) => safeMatch(pattern, posix.basename(path));
  }
  return { raw, negate, mustDir, matches };
}

/** Helm logs and treats a pattern that fails to compile at match time as a non-match. */
function safeMatch(pattern: string, name: string): boolean {
  try {
    return goPathMatch(pattern, name);
  } catch {
    return false;
  }
}
