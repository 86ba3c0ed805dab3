import { goPathMatch } from './go-glob';

/** fluxcd/pkg sourceignore.go `ExcludeExt`: images, videos and archives. */
const EXCLUDE_EXT: readonly string[] = ['*.jpg', '*.jpeg', '*.gif', '*.png', '*.wmv', '*.flv', '*.tar.gz', '*.zip'];

/**
 * Ignore patterns as Flux applies them: fluxcd/pkg `sourceignore` (a copy
 * of go-git's gitignore matcher), each pattern anchored at its domain, the
 * folder it was read in (the artifact root for patterns given whole).
 *
 * - the last matching pattern decides (`!p` re-includes); unlike git, a file
 *   can be re-included even when its parent directory is excluded;
 * - a pattern applies only below its domain (go-git `pattern.Match`
 *   compares the path's first segments with the domain, then matches the
 *   rest), which is how a `.sourceignore` in a subfolder is scoped;
 * - a pattern without `/` (after removing a trailing `/`) matches any path
 *   segment, so `.git/` also excludes everything below `.git`;
 * - a pattern with a `/` is anchored at its domain and matches a path that
 *   starts with the segments it names; `**` matches zero or more segments;
 * - a trailing `/` makes the pattern match directories only (and whatever is
 *   below a matching directory);
 * - segments are compared with Go's `filepath.Match`.
 */
export class FluxIgnore {
  /** source-controller's VCS patterns (fluxcd/pkg at e2cfd1a2: sourceignore/sourceignore.go `ExcludeVCS`), always first. */
  static readonly VCS_PATTERNS: readonly string[] = ['.git/', '.gitignore', '.gitmodules', '.gitattributes'];

  /** `flux build/push artifact`'s default `--ignore-paths`: the VCS patterns and `ExcludeExt`. */
  static readonly DEFAULT_PATTERNS: readonly string[] = [...FluxIgnore.VCS_PATTERNS, ...EXCLUDE_EXT];

  /**
   * What source-controller leaves out of a Git (or OCI) artifact where no
   * `.sourceignore` and no `spec.ignore` gives patterns (fluxcd/pkg at
   * e2cfd1a2: sourceignore/sourceignore.go `ExcludeExt`, `ExcludeCI`,
   * `ExcludeExtra`, after the VCS patterns in `NewDefaultMatcher`).
   */
  static readonly SOURCE_DEFAULT_PATTERNS: readonly string[] = [
    ...FluxIgnore.DEFAULT_PATTERNS,
    '.github/', '.circleci/', '.travis.yml', '.gitlab-ci.yml', 'appveyor.yml', '.drone.yml', 'cloudbuild.yaml', 'codeship-services.yml', 'codeship-steps.yml',
    '**/.goreleaser.yml', '**/.sops.yaml', '**/.flux.yaml',
  ];

  /** source-controller's ignore file, read in every folder of what it archives (fluxcd/pkg sourceignore `IgnoreFile`). */
  static readonly SOURCE_IGNORE_FILE = '.sourceignore';

  /**
   * The rules source-controller archives a Git checkout, or an OCI layer it
   * extracted, with (fluxcd/pkg at e2cfd1a2: artifact/storage/archive.go
   * `SourceIgnoreFilter`): the VCS patterns, then `sources` (the
   * `.sourceignore` files in the order `LoadIgnorePatterns` reads them,
   * then the object's `spec.ignore`); where `sources` hold no pattern at
   * all, the VCS patterns and the defaults. So any pattern, even one that
   * only re-includes, drops the defaults.
   */
  static forSource(sources: readonly IgnoreSource[]): FluxIgnore {
    const given = new FluxIgnore(sources);
    return new FluxIgnore(given.size > 0
      ? [{ lines: FluxIgnore.VCS_PATTERNS, domain: '', origin: VCS_ORIGIN }, ...sources]
      : [{ lines: FluxIgnore.SOURCE_DEFAULT_PATTERNS, domain: '', origin: DEFAULT_ORIGIN }]);
  }

  private readonly patterns: readonly FluxPattern[];

  /**
   * @param patterns in order: gitignore lines of the root (blank lines and
   * lines starting with `#` are skipped), or the patterns read from one
   * place with their domain and origin, which {@link FluxIgnore.excludedBy} reports
   */
  constructor(patterns: readonly (string | IgnoreSource)[]) {
    this.patterns = patterns.flatMap((p) => patternsOf(typeof p === 'string' ? { lines: p, domain: '', origin: '' } : p));
  }

  /** How many patterns there are (comments and blank lines are none). */
  get size(): number {
    return this.patterns.length;
  }

  /**
   * Whether the path (relative to the artifact root, `/`-separated) is left out.
   * @param isDir whether the path is a directory
   */
  ignores(path: string, isDir: boolean): boolean {
    return this.excludedBy(path, isDir) !== undefined;
  }

  /** The pattern that leaves the path out, with where it was read; undefined when the path is kept. */
  excludedBy(path: string, isDir: boolean): IgnoredBy | undefined {
    if (path === '' || path === '.') return undefined;
    const segments = path.split('/');
    for (let i = this.patterns.length - 1; i >= 0; i--) {
      const p = this.patterns[i];
      if (p.applies(segments, isDir)) return p.inclusion ? undefined : { pattern: p.text, origin: p.origin, line: p.line };
    }
    return undefined;
  }
}

const DEFAULT_ORIGIN = "source-controller's default ignore patterns";
const VCS_ORIGIN = "source-controller's VCS ignore patterns";

/**
 * The pattern that left a path out, for messages: `'*.png'
 * (source-controller's default ignore patterns)`, `'/docs/'
 * (apps/.sourceignore:3)`, `'/*' (spec.ignore of GitRepository a/b, line 2)`.
 */
export function describeIgnored({ pattern, origin, line }: IgnoredBy): string {
  const where = origin === DEFAULT_ORIGIN || origin === VCS_ORIGIN ? origin
    : origin.endsWith(FluxIgnore.SOURCE_IGNORE_FILE) ? `${origin}:${line}` : `${origin}, line ${line}`;
  return `'${pattern}' (${where})`;
}

/** Patterns read from one place. */
export interface IgnoreSource {
  /** gitignore lines (one string may hold several); blank lines and `#` comments are skipped. */
  readonly lines: string | readonly string[];
  /** The folder the patterns apply below, `/`-separated relative to the root; `''` for the root. */
  readonly domain: string;
  /** Where they were read, for messages: `apps/.sourceignore`, `spec.ignore of GitRepository a/b`. */
  readonly origin: string;
}

/** The pattern that left a path out. */
export interface IgnoredBy {
  /** As written (trimmed). */
  readonly pattern: string;
  /** Where it was read ({@link IgnoreSource.origin}). */
  readonly origin: string;
  /** Its line there, from 1. */
  readonly line: number;
}

/** One parsed pattern. */
interface FluxPattern {
  readonly inclusion: boolean;
  /** Whether it matches the path (relative to the root), its domain considered. */
  readonly applies: (path: string[], isDir: boolean) => boolean;
  readonly text: string;
  readonly origin: string;
  readonly line: number;
}

function patternsOf(source: IgnoreSource): FluxPattern[] {
  const lines = (typeof source.lines === 'string' ? [source.lines] : source.lines).flatMap((p) => p.split(/\r?\n/));
  const domain = source.domain === '' ? [] : source.domain.split('/');
  return lines.flatMap((line, i) => (line.startsWith('#') || line.trim() === ''
    ? [] : [parsePattern(line, domain, source.origin, i + 1)]));
}

function parsePattern(line: string, domain: readonly string[], origin: string, lineNumber: number): FluxPattern {
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
  // go-git pattern.Match: the path must be longer than the domain and start with it; the rest is matched.
  const applies = domain.length === 0 ? matches : (path: string[], isDir: boolean) => path.length > domain.length
    && domain.every((segment, i) => path[i] === segment) && matches(path.slice(domain.length), isDir);
  return { inclusion, applies, text: line.trim(), origin, line: lineNumber };
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
