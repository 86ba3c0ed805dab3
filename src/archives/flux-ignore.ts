import { goPathMatch } from './go-glob';

/**
 * Ignore patterns as `flux build artifact` / `flux push artifact` apply them:
 * fluxcd/pkg `sourceignore` (a copy of go-git's gitignore matcher), with the
 * patterns anchored at the artifact root.
 *
 * - the last matching pattern decides (`!p` re-includes); unlike git, a file
 *   can be re-included even when its parent directory is excluded;
 * - a pattern without `/` (after removing a trailing `/`) matches any path
 *   segment, so `.git/` also excludes everything below `.git`;
 * - a pattern with a `/` is anchored at the root and matches a path that
 *   starts with the segments it names; `**` matches zero or more segments;
 * - a trailing `/` makes the pattern match directories only (and whatever is
 *   below a matching directory);
 * - segments are compared with Go's `filepath.Match`.
 */
export class FluxIgnore {
  /** `flux build/push artifact`'s default `--ignore-paths`. */
  static readonly DEFAULT_PATTERNS: readonly string[] = [
    '.git/', '.gitignore', '.gitmodules', '.gitattributes',
    '*.jpg', '*.jpeg', '*.gif', '*.png', '*.wmv', '*.flv', '*.tar.gz', '*.zip',
  ];

  private readonly patterns: readonly FluxPattern[];

  /**
   * @param patterns gitignore lines; blank lines and lines starting with `#` are skipped
   */
  constructor(patterns: readonly string[]) {
    this.patterns = patterns
      .flatMap((p) => p.split(/\r?\n/))
      .filter((p) => !p.startsWith('#') && p.trim() !== '')
      .map(parsePattern);
  }

  /**
   * Whether the path (relative to the artifact root, `/`-separated) is left out.
   * @param isDir whether the path is a directory
   */
  ignores(path: string, isDir: boolean): boolean {
    if (path === '' || path === '.') return false;
    const segments = path.split('/');
    for (let i = this.patterns.length - 1; i >= 0; i--) {
      const p = this.patterns[i];
      if (p.matches(segments, isDir)) return !p.inclusion;
    }
    return false;
  }
}

interface FluxPattern {
  readonly inclusion: boolean;
  readonly matches: (path: string[], isDir: boolean) => boolean;
}

function parsePattern(line: string): FluxPattern {
  let p = line;
  const inclusion = p.startsWith('!');
  if (inclusion) p = p.slice(1);
  if (!p.endsWith('\\ ')) p = p.replace(/ +$/, '');
  const dirOnly = p.endsWith('/');
  if (dirOnly) p = p.slice(0, -1);
  const segments = p.split('/');
  const matches = p.includes('/')
    ? (path: string[], isDir: boolean) => globMatch(segments, path, isDir, dirOnly)
    : (path: string[], isDir: boolean) => nameMatch(segments[0], path, isDir, dirOnly);
  return { inclusion, matches };
}

function segmentMatch(pattern: string, name: string): boolean | undefined {
  try {
    return goPathMatch(pattern, name);
  } catch {
    return undefined;
  }
}

/** go-git `simpleNameMatch`: the pattern matches some segment; a file only matches `dir/` patterns through a parent. */
function nameMatch(pattern: string, path: string[], isDir: boolean, dirOnly: boolean): boolean {
  for (let i = 0; i < path.length; i++) {
    const match = segmentMatch(pattern, path[i]);
    if (match === undefined) return false;
    if (!match) continue;
    if (dirOnly && !isDir && i === path.length - 1) return false;
    return true;
  }
  return false;
}

/** go-git `globMatch`: segment by segment from the root, `**` spanning segments. */
function globMatch(pattern: string[], fullPath: string[], isDir: boolean, dirOnly: boolean): boolean {
  let path = fullPath;
  let matched = false;
  let canTraverse = false;
  for (let i = 0; i < pattern.length; i++) {
    const segment = pattern[i];
    if (segment === '') {
      canTraverse = false;
      continue;
    }
    if (segment === '**') {
      if (i === pattern.length - 1) break;
      canTraverse = true;
      continue;
    }
    if (segment.includes('**')) return false;
    if (path.length === 0) return false;
    if (canTraverse) {
      canTraverse = false;
      while (path.length > 0) {
        const e = path[0];
        path = path.slice(1);
        const match = segmentMatch(segment, e);
        if (match === undefined) return false;
        if (match) {
          matched = true;
          break;
        } else if (path.length === 0) {
          matched = false;
        }
      }
    } else {
      const match = segmentMatch(segment, path[0]);
      if (!match) return false;
      matched = true;
      path = path.slice(1);
    }
  }
  if (matched && dirOnly && !isDir && path.length === 0) matched = false;
  return matched;
}
