import { ConstraintTerm, tryParseConstraintTerm } from './constraint-term';
import { InvalidConstraintError } from './errors';
import { AND_GROUP, FIND_TERMS, HYPHEN_RANGE } from './grammar';
import { goQuote } from './identifiers';
import type { SemVer } from './version';

/** Settings of a parsed constraint. */
export interface ConstraintOptions {
  /**
   * Let prerelease versions match every AND group, as Masterminds'
   * `Constraints.IncludePrerelease`. Helm and Flux never set it: there a
   * prerelease only matches an AND group with a prerelease in one of its terms.
   * @default false
   */
  readonly includePrerelease?: boolean;
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
    const parsed = parseGroups(input);
    if (typeof parsed === 'string') throw new InvalidConstraintError(input, parsed);
    return new Constraint(input, parsed, options?.includePrerelease ?? false);
  }

  /** `parse` without the exception. */
  static tryParse(input: string, options?: ConstraintOptions): Constraint | undefined {
    const parsed = parseGroups(input);
    return typeof parsed === 'string' ? undefined : new Constraint(input, parsed, options?.includePrerelease ?? false);
  }

  /** The string this constraint was parsed from. */
  public readonly input: string;
  /** The `||` alternatives, each a list of ANDed terms (hyphen ranges already split into two). */
  public readonly groups: readonly (readonly ConstraintTerm[])[];
  /** See `ConstraintOptions.includePrerelease`. */
  public readonly includePrerelease: boolean;
  /** Per group: prereleases may match it (a term has a prerelease, or `includePrerelease`). */
  private readonly admitsPrerelease: readonly boolean[];

  private constructor(input: string, groups: ConstraintTerm[][], includePrerelease: boolean) {
    this.input = input;
    this.groups = groups;
    this.includePrerelease = includePrerelease;
    this.admitsPrerelease = groups.map((g) => includePrerelease || g.some((t) => t.hasPrerelease));
  }

  /** Whether `version` satisfies some alternative, i.e. every term of one AND group. */
  check(version: SemVer): boolean {
    for (let i = 0; i < this.groups.length; i++) {
      const include = this.admitsPrerelease[i];
      if (this.groups[i].every((t) => t.check(version, include))) return true;
    }
    return false;
  }

  /**
   * `check` plus Masterminds' reasons (`Validate`): every failing term of
   * every alternative contributes one message, and the "is a prerelease
   * version" message appears at most once.
   */
  validate(version: SemVer): ConstraintValidation {
    const errors: string[] = [];
    let prereleaseReported = false;
    for (let i = 0; i < this.groups.length; i++) {
      const include = this.admitsPrerelease[i];
      let satisfied = true;
      for (const term of this.groups[i]) {
        const reason = term.explain(version, include);
        if (reason === undefined) continue;
        satisfied = false;
        const isPrereleaseReason = !include && version.prerelease !== '';
        if (isPrereleaseReason && prereleaseReported) continue;
        prereleaseReported ||= isPrereleaseReason;
        errors.push(reason);
      }
      if (satisfied) return { satisfied: true, errors: [] };
    }
    return { satisfied: false, errors };
  }

  /** A copy with `includePrerelease` set. */
  withIncludePrerelease(includePrerelease: boolean): Constraint {
    return new Constraint(this.input, this.groups as ConstraintTerm[][], includePrerelease);
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

/** The AND groups, or Masterminds' error text. */
function parseGroups(input: string): ConstraintTerm[][] | string {
  const groups: ConstraintTerm[][] = [];
  for (const segment of rewriteHyphenRanges(input).split('||')) {
    if (!AND_GROUP.test(segment)) return `improper constraint: ${goQuote(segment)}`;
    const texts = segment.match(FIND_TERMS) ?? [segment];
    const terms: ConstraintTerm[] = [];
    for (const text of texts) {
      const term = tryParseConstraintTerm(text);
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
