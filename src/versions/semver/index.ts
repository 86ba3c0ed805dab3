/**
 * Masterminds/semver v3 semantics in TypeScript: versions, constraints and
 * their ordering as Helm and Flux see them, per Masterminds release.
 */
export { SemVer } from './version';
export {
  parseVersion,
  tryParseVersion,
  parseStrictVersion,
  tryParseStrictVersion,
  parseFluxVersion,
  tryParseFluxVersion,
} from './parse-version';
export type { ParseVersionOptions, StrictVersionOptions, FluxParseRule } from './parse-version';
export { Constraint, parseConstraint, tryParseConstraint } from './constraint';
export type { ConstraintOptions, ConstraintValidation } from './constraint';
export { ConstraintTerm, parseConstraintTerm } from './constraint-term';
export type { ConstraintOperator, WildcardSegment } from './constraint-term';
export { comparePrerelease } from './identifiers';
export { MASTERMINDS_RELEASES, NEWEST_MASTERMINDS_RELEASE } from './masterminds-release';
export type { MastermindsRelease } from './masterminds-release';
