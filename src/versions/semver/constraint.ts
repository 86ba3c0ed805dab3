import { InvalidConstraintError } from '../errors';
import { ConstraintTerm, improperConstraint, prereleaseMessage, tryParseConstraintTerm } from './constraint-term';
import { AND_GROUP, FIND_TERMS, HYPHEN_RANGE } from './grammar';
import { MastermindsRelease, mastermindsBehaviour, NEWEST_MASTERMINDS_RELEASE } from './masterminds-release';
import type { SemVer } from './version';

/** Settings of a parsed constraint. */
export interface ConstraintOptions {
  /**
   * Let prerelease versions match every AND group, as Masterminds'
   * `Constraints.IncludePrerelease` (3.4.0+; honoured for older releases
   * too). Helm and Flux never set it.
   * @default false
   */
  readonly includePrerelease?: boolean;
  /**
   * The Masterminds release whose parser, prerelease rule and error texts
   * apply (see `MastermindsRelease`): before 3.4.0 a prerelease matches only
   * terms that name a prerelease themselves (and any `!=` without
   * wildcards), from 3.4.0 every term of an AND group in which one term
   * names a prerelease.
   * @default '3.5.0'
   */
  readonly masterminds?: MastermindsRelease;
}

/** The outcome of `Constraint.validate`. */
export interface ConstraintValidation {
  /** Whether the version satisfies the constraint (same as `check`). */
  readonly satisfied: boolean;
  /** Masterminds' reasons, one per failing term; empty when satisfied. */
  readonly errors: readonly string[];
}

/**
 * A version constraint with Masterminds/semver v3 semantics (`NewConstraint`),
 * the ones Helm and Flux apply to chart versions: `||` alternatives, AND by
 * spaces or commas, hyphen ranges, `x`/`X`/`*` wildcards and partial
 * versions, `~`, `^`, `=`, `!=`, `>`, `<`, `>=`, `<=`, `=>`, `=<`, `v`
 * prefixes. Not npm `semver`: see `reference/semver-vectors/README.md`.
 *
 * Parse once and reuse: `check` does no parsing.
 *
 * @example Constraint.parse('>=1.2.0, <2.0.0').check(parseVersion('1.4.1')) // true
 */
export class Constraint {
  /**
   * @throws InvalidConstraintError when Masterminds would reject the string
   */
  static parse(input: string, options?: ConstraintOptions): Constraint {
    const masterminds = options?.masterminds ?? NEWEST_MASTERMINDS_RELEASE;
    const parsed = parseGroups(input, masterminds);
    if (typeof parsed === 'string') throw new InvalidConstraintError(input, parsed);
    return new Constraint(input, parsed, options?.includePrerelease ?? false, masterminds);
  }

  /** `parse` without the exception. */
  static tryParse(input: string, options?: ConstraintOptions): Constraint | undefined {
    const masterminds = options?.masterminds ?? NEWEST_MASTERMINDS_RELEASE;
    const parsed = parseGroups(input, masterminds);
    return typeof parsed === 'string' ? undefined : new Constraint(input, parsed, options?.includePrerelease ?? false, masterminds);
  }

  /** The string this constraint was parsed from. */
  public readonly input: string;
  /** The `||` alternatives, each a list of ANDed terms (hyphen ranges already split into two). */
  public readonly groups: readonly (readonly ConstraintTerm[])[];
  /** See `ConstraintOptions.includePrerelease`. */
  public readonly includePrerelease: boolean;
  /** See `ConstraintOptions.masterminds`. */
  public readonly masterminds: MastermindsRelease;
  /** Per group and term: whether prerelease versions are compared at all. */
  private readonly admitsPrerelease: readonly (readonly boolean[])[];

  private constructor(input: string, groups: ConstraintTerm[][], includePrerelease: boolean, masterminds: MastermindsRelease) {
    this.input = input;
    this.groups = groups;
    this.includePrerelease = includePrerelease;
    this.masterminds = masterminds;
    const perGroup = mastermindsBehaviour(masterminds).prereleaseScope === 'group';
    this.admitsPrerelease = groups.map((g) => {
      const group = includePrerelease || (perGroup && g.some((t) => t.hasPrerelease));
      return g.map((t) => group || (!perGroup && t.admitsPrereleaseAlone));
    });
  }

  /** Whether `version` satisfies some alternative, i.e. every term of one AND group. */
  check(version: SemVer): boolean {
    // Plain loops: this runs for every listed tag, and a callback per group was most of what selection allocated.
    for (let i = 0; i < this.groups.length; i++) {
      const group = this.groups[i];
      const admits = this.admitsPrerelease[i];
      let all = true;
      for (let j = 0; j < group.length && all; j++) all = group[j].check(version, admits[j]);
      if (all) return true;
    }
    return false;
  }

  /**
   * `check` plus Masterminds' reasons (`Validate`): every failing term of
   * every alternative contributes one message, and the "is a prerelease
   * version" message appears at most once. Before 3.4.0 that message comes
   * from every term without a prerelease of its own, `!=` included, so there
   * `validate` can fail a prerelease that `check` lets through `!=1.2.3`.
   */
  validate(version: SemVer): ConstraintValidation {
    const errors: string[] = [];
    const perGroup = mastermindsBehaviour(this.masterminds).prereleaseScope === 'group';
    let prereleaseReported = false;
    for (let i = 0; i < this.groups.length; i++) {
      const admits = this.admitsPrerelease[i];
      let satisfied = true;
      this.groups[i].forEach((term, j) => {
        // Masterminds ≤ 3.3.1 `Validate`: `if c.con.pre == "" && v.pre != ""`, even for `!=`.
        const admitted = perGroup ? admits[j] : this.includePrerelease || term.hasPrerelease;
        if (version.prerelease !== '' && !admitted) {
          satisfied = false;
          if (!prereleaseReported) errors.push(prereleaseMessage(version, this.masterminds));
          prereleaseReported = true;
          return;
        }
        const reason = term.explain(version, admits[j]);
        if (reason === undefined) return;
        satisfied = false;
        errors.push(reason);
      });
      if (satisfied) return { satisfied: true, errors: [] };
    }
    return { satisfied: false, errors };
  }

  /** A copy with `includePrerelease` set. */
  withIncludePrerelease(includePrerelease: boolean): Constraint {
    return new Constraint(this.input, this.groups as ConstraintTerm[][], includePrerelease, this.masterminds);
  }

  /**
   * Masterminds' `String()`: terms as written but without inner spaces,
   * joined by one space, alternatives by ` || `. It parses back to an equal
   * constraint.
   */
  toString(): string {
    return this.groups.map((g) => g.map((t) => t.toString()).join(' ')).join(' || ');
  }
}

/**
 * Masterminds' `NewConstraint` (the full parser).
 *
 * @throws InvalidConstraintError when Masterminds would reject the string
 */
export function parseConstraint(input: string, options?: ConstraintOptions): Constraint {
  return Constraint.parse(input, options);
}

/** `parseConstraint` without the exception. */
export function tryParseConstraint(input: string, options?: ConstraintOptions): Constraint | undefined {
  return Constraint.tryParse(input, options);
}

/** Constraints already parsed, per Masterminds release and text (terms are immutable, so they are shared). */
const parsedGroups = new Map<string, ConstraintTerm[][] | string>();
const PARSED_GROUPS_LIMIT = 256;

/**
 * `parseTerms`, once per text and release: a lookup classifies a range
 * and then selects with it, a release's constraint is read at
 * construction and at synth, and many releases share one.
 */
function parseGroups(input: string, masterminds: MastermindsRelease): ConstraintTerm[][] | string {
  const key = `${masterminds} ${input}`;
  let parsed = parsedGroups.get(key);
  if (parsed === undefined) {
    parsed = parseTerms(input, masterminds);
    if (parsedGroups.size >= PARSED_GROUPS_LIMIT) parsedGroups.delete(parsedGroups.keys().next().value!);
    parsedGroups.set(key, parsed);
  }
  return parsed;
}

/**
 * The AND groups, or Masterminds' error text. Each `||` segment is checked
 * against the grammar and its terms parsed before the next segment, so the
 * first bad segment decides the error.
 */
function parseTerms(input: string, masterminds: MastermindsRelease): ConstraintTerm[][] | string {
  const groups: ConstraintTerm[][] = [];
  for (const segment of rewriteHyphenRanges(input).split('||')) {
    if (!AND_GROUP.test(segment)) return improperConstraint(segment, masterminds);
    const texts = segment.match(FIND_TERMS) ?? [segment];
    const terms: ConstraintTerm[] = [];
    for (const text of texts) {
      const term = tryParseConstraintTerm(text, masterminds);
      if (typeof term === 'string') return term;
      terms.push(term);
    }
    groups.push(terms);
  }
  return groups;
}

/**
 * `1.2 - 1.4.5` becomes `>= 1.2, <= 1.4.5 `, like Masterminds' `rewriteRange`:
 * each match (with its surrounding whitespace) replaces the first occurrence
 * of the same text, before the string is split at `||`.
 */
function rewriteHyphenRanges(input: string): string {
  let out = input;
  for (const m of input.matchAll(HYPHEN_RANGE)) {
    const at = out.indexOf(m[0]);
    if (at < 0) continue;
    out = out.slice(0, at) + `>= ${m[1]}, <= ${m[2]} ` + out.slice(at + m[0].length);
  }
  return out;
}
