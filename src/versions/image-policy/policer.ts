/**
 * Go's `Policer` interface (fluxcd/image-reflector-controller
 * `internal/policy/policer.go` @debe2aaa): picks the latest of a list of
 * tags. Built by `policerFromSpec` (factory.ts).
 */

/** What every policy answers for an empty list (`Latest` in semver.go, alphabetical.go, numerical.go @debe2aaa). */
export const EMPTY_LIST_MESSAGE = 'version list argument cannot be empty';

/** The outcome of `Policer.latest`: Go's `(string, error)`. */
export type PolicerLatest =
  | { readonly ok: true; readonly tag: string }
  | { readonly ok: false; readonly cause: 'no-match' | 'not-numeric'; readonly message: string };

/** An ImagePolicy's `spec.policy`, ready to rank tags. */
export interface Policer {
  /** Go's `Latest(versions)`, walking `tags` in the order given (which decides ties). */
  latest(tags: readonly string[]): PolicerLatest;
  /**
   * The tags other than `winner` that `latest` would have returned had it
   * walked `tags` in another order (`winner` being its answer for this one).
   */
  rivals(tags: readonly string[], winner: string): string[];
}

/** A policy built from a spec, or the Go error text why it cannot be. */
export type PolicerResult = { readonly ok: true; readonly policer: Policer } | { readonly ok: false; readonly reason: string };
