import { Constraint, ConstraintTerm, SemVer } from '../semver';

/** One end of a version interval. */
export interface Bound {
  readonly version: SemVer;
  readonly inclusive: boolean;
}

/** The smallest interval holding every version a constraint accepts; an end is undefined when open. */
export interface Interval {
  readonly lower?: Bound;
  readonly upper?: Bound;
}

/**
 * The interval a constraint covers, ignoring `!=` and prerelease rules: the
 * union of its alternatives' intersections. Only used to say which existing
 * versions were closest when nothing matched.
 */
export function constraintInterval(constraint: Constraint): Interval {
  let lower: Bound | undefined;
  let upper: Bound | undefined;
  constraint.groups.forEach((group, i) => {
    const g = group.reduce<Interval>((acc, term) => intersect(acc, termInterval(term)), {});
    lower = i === 0 ? g.lower : g.lower && lower ? pick(lower, g.lower, -1, true) : undefined;
    upper = i === 0 ? g.upper : g.upper && upper ? pick(upper, g.upper, 1, true) : undefined;
  });
  return { lower, upper };
}

function termInterval(t: ConstraintTerm): Interval {
  const c = t.version;
  const at = (version: SemVer, inclusive: boolean): Bound => ({ version, inclusive });
  const nextMajor = at(new SemVer(c.major + 1n, 0n, 0n), false);
  const nextMinor = at(new SemVer(c.major, c.minor + 1n, 0n), false);
  switch (t.operator) {
    case '=':
      return t.dirty ? tildeInterval(t) : { lower: at(c, true), upper: at(c, true) };
    case '~':
      return tildeInterval(t);
    case '^': {
      const upper = c.major > 0n || t.minorDirty
        ? nextMajor
        : c.minor > 0n || t.patchDirty ? nextMinor : at(new SemVer(c.major, c.minor, c.patch + 1n), false);
      return { lower: at(c, true), upper };
    }
    case '>':
      if (t.minorDirty) return { lower: { ...nextMajor, inclusive: true } };
      if (t.patchDirty) return { lower: { ...nextMinor, inclusive: true } };
      return { lower: at(c, false) };
    case '>=':
      return { lower: at(c, true) };
    case '<':
      return { upper: at(c, false) };
    case '<=':
      if (!t.dirty) return { upper: at(c, true) };
      return { upper: t.minorDirty ? nextMajor : nextMinor };
    case '!=':
      return {};
  }
}

function tildeInterval(t: ConstraintTerm): Interval {
  const c = t.version;
  const lower: Bound = { version: c, inclusive: true };
  if (c.major === 0n && c.minor === 0n && c.patch === 0n && !t.minorDirty && !t.patchDirty) return { lower };
  const upper = t.minorDirty ? new SemVer(c.major + 1n, 0n, 0n) : new SemVer(c.major, c.minor + 1n, 0n);
  return { lower, upper: { version: upper, inclusive: false } };
}

function intersect(a: Interval, b: Interval): Interval {
  return {
    lower: a.lower && b.lower ? pick(a.lower, b.lower, 1, false) : a.lower ?? b.lower,
    upper: a.upper && b.upper ? pick(a.upper, b.upper, -1, false) : a.upper ?? b.upper,
  };
}

/**
 * The higher (`direction` 1) or lower (-1) of two bounds. On a tie the
 * inclusive one wins when widening (union) and the exclusive one when
 * narrowing (intersection).
 */
function pick(a: Bound, b: Bound, direction: 1 | -1, widen: boolean): Bound {
  const d = a.version.compare(b.version) * direction;
  if (d !== 0) return d > 0 ? a : b;
  return a.inclusive === widen ? a : b;
}

/** Whether `v` lies below the interval's lower end. */
export function isBelow(v: SemVer, interval: Interval): boolean {
  const lo = interval.lower;
  if (!lo) return false;
  const d = v.compare(lo.version);
  return d < 0 || (d === 0 && !lo.inclusive);
}

/** Whether `v` lies above the interval's upper end. */
export function isAbove(v: SemVer, interval: Interval): boolean {
  const hi = interval.upper;
  if (!hi) return false;
  const d = v.compare(hi.version);
  return d > 0 || (d === 0 && !hi.inclusive);
}
