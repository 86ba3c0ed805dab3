/**
 * Versions: Masterminds semver (the library Helm and Flux embed) and the tag
 * selection rules Flux and Helm apply to a repository's tags, per Flux release.
 */
export * from './semver';
export * from './select';
export { InvalidVersionError, InvalidConstraintError, InvalidSemverFilterError, CONSTRAINT_HINT } from './errors';
export type { VersionErrorName, VersionParser } from './errors';
export { goQuote } from './go-quote';
