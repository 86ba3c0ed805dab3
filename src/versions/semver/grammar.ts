/**
 * Masterminds/semver v3 constraint grammar as JavaScript regular expressions.
 *
 * Each pattern accepts the same strings and finds the same matches and parts
 * as the Go original under RE2's leftmost-first rules (checked against the
 * originals on random input), but the anchored ones are written without
 * ambiguous nesting (`(\.x)?(\.x)?` becomes `(\.x(\.x)?)?`; an empty operator
 * followed by whitespace becomes an optional operator) so a backtracking
 * engine cannot go exponential on a long invalid constraint. Whitespace is
 * Go's `\s`, which is narrower than JS's.
 */

const WS = '[\\t\\n\\f\\r ]';

// Go's `[0-9|x|X|\*]` really does include `|`; kept for fidelity.
const SEGMENT = '[0-9|xX*]+';
const IDENT = '[0-9A-Za-z-]+';

/** Operators, longest alternatives listed where Go lists them. */
const OP = '=|!=|>|<|>=|=>|<=|=<|~|~>|\\^';

/** A constraint version without captures (cvRegex). */
const CV = `v?${SEGMENT}(?:\\.${SEGMENT}(?:\\.${SEGMENT})?)?(?:-${IDENT}(?:\\.${IDENT})*)?(?:\\+${IDENT}(?:\\.${IDENT})*)?`;

/** One term with its parts: 1 op, 2 version, 3 major, 4 `.minor`, 5 `.patch`, 6 `-prerelease`. */
export const TERM = new RegExp(
  `^${WS}*(${OP})?${WS}*(v?(${SEGMENT})(?:(\\.${SEGMENT})(\\.${SEGMENT})?)?(-${IDENT}(?:\\.${IDENT})*)?(?:\\+${IDENT}(?:\\.${IDENT})*)?)${WS}*$`,
);

/** Finds the terms of one AND group (findConstraintRegex). Global: use with `match`. */
export const FIND_TERMS = new RegExp(`(?:(?:${OP})|)${WS}*${CV}`, 'g');

/** One AND group: terms separated by whitespace or a comma (validConstraintRegex). */
export const AND_GROUP = new RegExp(
  `^${WS}*(?:(?:${OP})${WS}*)?${CV}(?:(?:${WS}*,${WS}*|${WS}+)(?:(?:${OP})${WS}*)?${CV})*${WS}*$`,
);

/** A hyphen range `A - B` with 1 = A and 2 = B (constraintRangeRegex). Global. */
export const HYPHEN_RANGE = new RegExp(`${WS}*(${CV})${WS}+-${WS}+(${CV})${WS}*`, 'g');

export function isWildcard(segment: string): boolean {
  return segment === 'x' || segment === 'X' || segment === '*';
}
