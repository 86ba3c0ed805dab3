import { ResolvedChart } from '../model/resolution';
import type { TlsProblem } from '../registry/errors';

/**
 * Why a lookup failed, by what the user should fix:
 * - `repository-not-found`: the source URL or chart name is wrong;
 * - `version-not-found`: the exact version is not in the repository;
 * - `no-matching-version`: nothing in the repository satisfies the range;
 * - `unauthorized`: credentials missing or refused;
 * - `no-credentials-in-cluster`: the source gives Flux no credentials (no
 *   secret, provider or serviceAccountName) but the registry wants them;
 * - `denied`: the credentials work but may not read this repository;
 * - `unreachable`: the registry is down, slow, or not speaking the API;
 * - `not-a-chart`: the tag holds something other than a Helm chart;
 * - `not-locked`: `FLUX_OCI_RESOLVE=locked` (or `verify`) and the lockfile has no entry;
 * - `lockfile-mismatch`: `FLUX_OCI_RESOLVE=verify` and the registry has
 *   another digest under an entry's tag (the lockfile was edited, or the tag re-pushed);
 * - `invalid-request`: the version or filter cannot be parsed.
 */
export type FailureCause =
  | 'repository-not-found'
  | 'version-not-found'
  | 'no-matching-version'
  | 'unauthorized'
  | 'no-credentials-in-cluster'
  | 'denied'
  | 'unreachable'
  | 'not-a-chart'
  | 'not-locked'
  | 'lockfile-mismatch'
  | 'invalid-request';

/** What exists instead, for a version that is not there. */
export interface AvailableVersions {
  /** Tags listed. */
  readonly considered: number;
  /** Tags the rule set skips (not SemVer for this Flux shape). */
  readonly ignored: number;
  /** Up to 5 of the skipped tags. */
  readonly ignoredExamples: readonly string[];
  /** Up to 5 existing versions closest to the request. */
  readonly nearest: readonly string[];
  /** The highest version without a prerelease. */
  readonly newestStable?: string;
}

/** One request that could not be resolved. Carries no credential. */
export interface ResolutionFailure {
  /** Construct path or resource name that asked. */
  readonly path: string;
  /** `oci://host/path/chart`. */
  readonly reference: string;
  /** The version or range asked for (a tag or digest for a literal request). */
  readonly version: string;
  /** Set for a Flux artifact (messages say 'artifact … tag'). @default - a chart */
  readonly subject?: 'artifact';
  /** The request named a tag or digest as written. @default false */
  readonly literal?: boolean;
  /** Whether path, version, credentials or the registry is at fault (see `FailureCause`). */
  readonly cause: FailureCause;
  /** One line: what is wrong and what to do. */
  readonly message: string;
  /** For `version-not-found` / `no-matching-version`. */
  readonly available?: AvailableVersions;
  /** The registry's error code, e.g. `NAME_UNKNOWN`, when it sent one. */
  readonly registryCode?: string;
  /** For a failed TLS handshake (cause `unreachable`), what was wrong with it. */
  readonly tls?: TlsProblem;
}

/** Where a resolution came from. */
export type ResolutionSource = 'lockfile' | 'registry';

/** The outcome of one request. */
export type ResolutionOutcome =
  | { readonly ok: true; readonly resolved: ResolvedChart; readonly from: ResolutionSource }
  | { readonly ok: false; readonly failure: ResolutionFailure };
