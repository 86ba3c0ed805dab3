/**
 * Versions: Masterminds semver (the library Helm and Flux embed) and the tag
 * selection rules Flux and Helm apply to a repository's tags.
 */
export * from './semver';
export * from './select';
