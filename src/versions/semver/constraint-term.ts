import { InvalidConstraintError } from '../errors';
import { goQuote } from '../go-quote';
import { isWildcard, TERM } from './grammar';
import { comparePrerelease } from './identifiers';
import { MastermindsRelease, mastermindsBehaviour, NEWEST_MASTERMINDS_RELEASE } from './masterminds-release';
import { tryParseVersion } from './parse-version';
import { SemVer } from './version';

/**
 * The comparison a term performs. A bare version and `=` are `=`, which acts
 * like `~` when the version has a wildcard or is partial; `=>` is `>=`, `=<`
 * is `<=` and `~>` is `~`.
 */
export type ConstraintOperator = '=' | '!=' | '>' | '<' | '>=' | '<=' | '~' | '^';

/** The first segment of a term's version that is a wildcard (`x`, `X`, `*`) or missing. */
export type WildcardSegment = 'major' | 'minor' | 'patch';

const OPERATORS: Record<string, ConstraintOperator> = {
  '': '=',
  '=': '=',
  '!=': '!=',
  '>': '>',
  '<': '<',
  '>=': '>=',
  '=>': '>=',
  '<=': '<=',
  '=<': '<=',
  '~': '~',
  '~>': '~',
  '^': '^',
};

/**
 * Why a version fails a term: the relation Masterminds names, rendered into
 * its words (with the version and the term) only when asked. Rules answer
 * with the shared constants below, so `check`, which runs per listed tag,
 * allocates nothing.
 */
interface Reason {
  readonly relation: string;
  readonly note: string;
}
type Rule = (v: SemVer, t: ConstraintTerm) => Reason | undefined;

const says = (relation: string, note = ''): Reason => ({ relation, note });
/** Not a relation: the version is a prerelease and the term or group does not admit one. */
const PRERELEASE_EXCLUDED = says('');
const IS_EQUAL = says('is equal to');
const IS_NOT_EQUAL = says('is not equal to');
const IS_LESS = says('is less than');
const IS_LESS_OR_EQUAL = says('is less than or equal to');
const IS_GREATER = says('is greater than');
const IS_GREATER_OR_EQUAL = says('is greater than or equal to');
const OTHER_MAJOR = says('does not have same major version as');
const OTHER_MAJOR_MINOR = says('does not have same major and minor version as');
const OTHER_MINOR = says('does not have same minor version as');
const OTHER_MINOR_MAJOR_ZERO = says('does not have same minor version as', '. Expected minor versions to match when constraint major version is 0');
const OTHER_PATCH_MAJOR_MINOR_ZERO = says('does not equal', '. Expect version and constraint to equal when major and minor versions are 0');

/**
 * One comparison of a constraint, such as `>= 1.2` or `~1.x`: Masterminds'
 * internal `constraint`. Parse with `parseConstraintTerm`; most callers want
 * `Constraint` instead.
 */
export class ConstraintTerm {
  /** The operator as written (`''` for a bare version, `=>`, `~>` …). */
  public readonly rawOperator: string;
  /** The comparison this term performs. */
  public readonly operator: ConstraintOperator;
  /** The version as written, e.g. `v1.2.x`; what messages and `toString()` show. */
  public readonly versionText: string;
  /** The version compared against, wildcards and missing segments set to 0. */
  public readonly version: SemVer;
  /** The first wildcard or missing segment, if any. */
  public readonly wildcard: WildcardSegment | undefined;
  /** The Masterminds release whose rules and words this term follows. */
  public readonly masterminds: MastermindsRelease;

  /** @internal Masterminds' `dirty` flag: any wildcard or missing segment. */
  readonly dirty: boolean;
  /** @internal the minor segment (and so the patch) is a wildcard or missing. */
  readonly minorDirty: boolean;
  /** @internal only the patch segment is a wildcard or missing. */
  readonly patchDirty: boolean;

  private readonly rule: Rule;

  /**
   * Prefer `parseConstraintTerm`; this does not check that the parts agree.
   * @param masterminds the release whose rules and messages apply
   * @default masterminds '3.5.0'
   */
  constructor(
    rawOperator: string,
    versionText: string,
    version: SemVer,
    wildcard: WildcardSegment | undefined,
    masterminds: MastermindsRelease = NEWEST_MASTERMINDS_RELEASE,
  ) {
    this.rawOperator = rawOperator;
    this.operator = OPERATORS[rawOperator];
    this.versionText = versionText;
    this.version = version;
    this.wildcard = wildcard;
    this.dirty = wildcard !== undefined;
    this.minorDirty = wildcard === 'minor';
    this.patchDirty = wildcard === 'patch';
    this.rule = RULES[rawOperator];
    this.masterminds = masterminds;
  }

  /**
   * Whether the term's version carries a prerelease, which lets prereleases
   * into its AND group (Masterminds ≥ 3.4.0) or into this term (older).
   */
  get hasPrerelease(): boolean {
    return this.version.prerelease !== '';
  }

  /**
   * Masterminds < 3.4.0: whether this term alone compares prerelease
   * versions. It does when its own version has a prerelease, and a `!=`
   * without wildcards always does (its prerelease test sat inside
   * `if c.dirty`; `Masterminds/semver@v3.3.1:constraints.go` `constraintNotEqual`).
   * @internal
   */
  get admitsPrereleaseAlone(): boolean {
    return this.hasPrerelease || (this.operator === '!=' && !this.dirty);
  }

  /**
   * Whether `version` satisfies this term alone.
   *
   * @param includePrerelease let prerelease versions be compared at all (a
   *   `Constraint` decides this per AND group); false when omitted
   */
  check(version: SemVer, includePrerelease = false): boolean {
    return this.failure(version, includePrerelease) === undefined;
  }

  /**
   * Why `version` fails this term, in Masterminds' words, or `undefined`
   * when it satisfies it.
   */
  explain(version: SemVer, includePrerelease = false): string | undefined {
    const reason = this.failure(version, includePrerelease);
    if (reason === undefined) return undefined;
    if (reason === PRERELEASE_EXCLUDED) return prereleaseMessage(version, this.masterminds);
    return `${quoteFor(this.masterminds, version.toString())} ${reason.relation} ${quoteFor(this.masterminds, this.versionText)}${reason.note}`;
  }

  private failure(version: SemVer, includePrerelease: boolean): Reason | undefined {
    if (version.prerelease !== '' && !includePrerelease) return PRERELEASE_EXCLUDED;
    return this.rule(version, this);
  }

  /** The term as Masterminds prints it: operator and version as written, no space. */
  toString(): string {
    return this.rawOperator + this.versionText;
  }
}

/**
 * Masterminds' single-term parser (`parseConstraint`). Unlike the full parser
 * it reads `''` as a wildcard, like `*`.
 *
 * @param masterminds the release whose parser and words apply: 3.3.1 rejects
 *   leading zeros (`01.x`); errors are capitalised before 3.4.0 and quoted
 *   from 3.5.0
 * @throws InvalidConstraintError when the text is not one operator and one version
 */
export function parseConstraintTerm(input: string, masterminds: MastermindsRelease = NEWEST_MASTERMINDS_RELEASE): ConstraintTerm {
  const term = tryParseConstraintTerm(input, masterminds);
  if (typeof term === 'string') throw new InvalidConstraintError(input, term);
  return term;
}

/** @internal the term, or the Go error text */
export function tryParseConstraintTerm(input: string, masterminds: MastermindsRelease): ConstraintTerm | string {
  if (input.length === 0) return new ConstraintTerm('', '', new SemVer(0n, 0n, 0n, '', '', '0.0.0'), 'major', masterminds);
  const m = TERM.exec(input);
  if (!m) return improperConstraint(input, masterminds);
  const [, op = '', text, major, minorPart = '', patchPart = '', pre = ''] = m;
  let ver = text;
  let wildcard: WildcardSegment | undefined;
  if (isWildcard(major)) {
    ver = `0.0.0${pre}`;
    wildcard = 'major';
  } else if (minorPart === '' || isWildcard(minorPart.slice(1))) {
    ver = `${major}.0.0${pre}`;
    wildcard = 'minor';
  } else if (patchPart === '' || isWildcard(patchPart.slice(1))) {
    ver = `${major}${minorPart}.0${pre}`;
    wildcard = 'patch';
  }
  // 3.3.1's NewVersion is the SemVer spec regex (no leading zeros); the others read them.
  const spec = mastermindsBehaviour(masterminds).constraintVersions === 'spec';
  const version = tryParseVersion(ver, spec ? { coerceNewVersion: false, detailedNewVersionErrors: false } : undefined);
  // Masterminds' own message: the grammar admits segments like `1x` or `1|2` that are no number.
  if (!version) return mastermindsBehaviour(masterminds).capitalisedErrors ? 'constraint Parser Error' : 'constraint parser error';
  return new ConstraintTerm(op, text, version, wildcard, masterminds);
}

/** `improper constraint: …` as `release` words it: `%q` from 3.5.0 (#278), `%s` before. @internal */
export function improperConstraint(text: string, masterminds: MastermindsRelease): string {
  return `improper constraint: ${quoteFor(masterminds, text)}`;
}

function quoteFor(masterminds: MastermindsRelease, s: string): string {
  return mastermindsBehaviour(masterminds).quotesInput ? goQuote(s) : s;
}

/** @internal Masterminds' reason for a prerelease the group or term does not admit. */
export function prereleaseMessage(v: SemVer, masterminds: MastermindsRelease): string {
  return `${quoteFor(masterminds, v.toString())} is a prerelease version and the constraint is only looking for release versions`;
}

const notEqual: Rule = (v, t) => {
  const c = t.version;
  if (t.dirty) {
    if (c.major !== v.major) return undefined;
    if (c.minor !== v.minor && !t.minorDirty) return undefined;
    if (t.minorDirty) return IS_EQUAL;
    if (c.patch !== v.patch && !t.patchDirty) return undefined;
    if (t.patchDirty) {
      if ((v.prerelease !== '' || c.prerelease !== '') && comparePrerelease(v.prerelease, c.prerelease) !== 0) return undefined;
      return IS_EQUAL;
    }
  }
  return v.equals(c) ? IS_EQUAL : undefined;
};

const greaterThan: Rule = (v, t) => {
  const c = t.version;
  if (!t.dirty) return v.compare(c) === 1 ? undefined : IS_LESS_OR_EQUAL;
  if (v.major > c.major) return undefined;
  if (v.major < c.major) return IS_LESS_OR_EQUAL;
  // `>11` needs 12 or higher; `>11.1` needs 11.2 or higher.
  if (t.minorDirty) return IS_LESS_OR_EQUAL;
  if (t.patchDirty) return v.minor > c.minor ? undefined : IS_LESS_OR_EQUAL;
  return v.compare(c) === 1 ? undefined : IS_LESS_OR_EQUAL;
};

const lessThan: Rule = (v, t) => (v.compare(t.version) < 0 ? undefined : IS_GREATER_OR_EQUAL);

const greaterThanOrEqual: Rule = (v, t) => (v.compare(t.version) >= 0 ? undefined : IS_LESS);

const lessThanOrEqual: Rule = (v, t) => {
  const c = t.version;
  if (!t.dirty) return v.compare(c) <= 0 ? undefined : IS_GREATER;
  if (v.major > c.major) return IS_GREATER;
  if (v.major === c.major && v.minor > c.minor && !t.minorDirty) return IS_GREATER;
  return undefined;
};

const tilde: Rule = (v, t) => {
  const c = t.version;
  if (v.lessThan(c)) return IS_LESS;
  // `~0.0.0` (and `~*`, `~x`) accept everything: Masterminds reads it as `>=0.0.0`.
  if (c.major === 0n && c.minor === 0n && c.patch === 0n && !t.minorDirty && !t.patchDirty) return undefined;
  if (v.major !== c.major) return OTHER_MAJOR;
  if (v.minor !== c.minor && !t.minorDirty) return OTHER_MAJOR_MINOR;
  return undefined;
};

const tildeOrEqual: Rule = (v, t) => {
  if (t.dirty) return tilde(v, t);
  return v.equals(t.version) ? undefined : IS_NOT_EQUAL;
};

const caret: Rule = (v, t) => {
  const c = t.version;
  if (v.lessThan(c)) return IS_LESS;
  if (c.major > 0n || t.minorDirty) {
    return v.major === c.major ? undefined : OTHER_MAJOR;
  }
  if (v.major > 0n) return OTHER_MAJOR;
  if (c.minor > 0n || t.patchDirty) {
    return v.minor === c.minor
      ? undefined
      : OTHER_MINOR_MAJOR_ZERO;
  }
  if (v.minor > 0n) return OTHER_MINOR;
  return c.patch === v.patch
    ? undefined
    : OTHER_PATCH_MAJOR_MINOR_ZERO;
};

const RULES: Record<string, Rule> = {
  '': tildeOrEqual,
  '=': tildeOrEqual,
  '!=': notEqual,
  '>': greaterThan,
  '<': lessThan,
  '>=': greaterThanOrEqual,
  '=>': greaterThanOrEqual,
  '<=': lessThanOrEqual,
  '=<': lessThanOrEqual,
  '~': tilde,
  '~>': tilde,
  '^': caret,
};
