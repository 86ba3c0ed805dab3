import type { LockEntry } from './lockfile';
import { AvailableVersions, FailureCause, ResolutionFailure } from './outcome';
import type { PresentedCredentialsContext } from './presented-credentials';
import { ChartRequest, requestRules } from './request';
import { FluxOciError, InvalidReferenceError } from '../foundation/errors';
import type { CredentialLookupResult } from '../registry/credentials/default-store';
import {
  CredentialConfigError, CredentialHelperError,
  ManifestNotFoundError, NotAHelmChartError, RegistryDeniedError, RegistryError,
  RegistryTlsError, RegistryUnauthorizedError, RepositoryNotFoundError,
} from '../registry/errors';
import { InvalidConstraintError, InvalidSemverFilterError, InvalidVersionError } from '../versions/errors';
import { describeTagRules } from '../versions/select/rule-set';
import { TagMismatch } from '../versions/select/select-tag';

/**
 * A failure for `request` from what the registry (or a parser) threw;
 * rethrows what is not a flux-oci error. With `presented`, a credentials
 * failure says what was presented and what the cluster will present.
 */
export function failureFromError(request: FailureSubject, error: unknown, presented?: PresentedCredentialsContext): ResolutionFailure {
  if (!(error instanceof FluxOciError)) throw error;
  const base = failureBase(request);
  const registryCode = error instanceof RegistryError ? error.registryCode : undefined;
  const cause = causeOf(error);
  const credentials = presented && (cause === 'unauthorized' || cause === 'denied') ? credentialsFailure(error, cause, presented) : undefined;
  const tls = error instanceof RegistryTlsError ? error.problem : undefined;
  return { ...base, cause, message: error.message, ...credentials, ...(registryCode ? { registryCode } : {}), ...(tls ? { tls } : {}) };
}

/** A source whose login is its credentials (`fromDockerConfig()`), on a machine without that login. */
export function missingLoginFailure(
  request: ChartRequest, presented: PresentedCredentialsContext, lookup: CredentialLookupResult,
): ResolutionFailure {
  const host = presented.host;
  const cluster = presented.standsFor ? `; the login only serves this check, the cluster uses ${presented.standsFor}` : '';
  return {
    ...failureBase(request),
    cause: 'unauthorized',
    message: `no login for ${host} on this machine (searched ${searchedText(lookup)}); run 'flux-oci login ${host}' (or helm registry login, docker login, podman login), or give the PrivateRegistrySecret username and password${cluster}`,
  };
}

/**
 * What a program's source does about a registry that refuses anonymous
 * pulls; `flux-oci check` says what the YAML does instead.
 */
export const ANONYMOUS_PULL_REMEDY = 'add a secret or provider to the source (a login on this machine does not reach the cluster), '
  + "or set checkWith: 'local-login' if Flux gets credentials by other means";

/**
 * The cause and message of a refused or missing credential, by what was
 * presented:
 * - nothing, as Flux will present nothing: `no-credentials-in-cluster`, since
 *   no login on this machine reaches the cluster;
 * - the engineer's login standing in for the cluster's: which login (or that
 *   there is none) and what the cluster uses instead;
 * - the source's own values: the registry's answer as it is.
 */
function credentialsFailure(error: FluxOciError, cause: FailureCause, presented: PresentedCredentialsContext): Pick<ResolutionFailure, 'cause' | 'message'> | undefined {
  const host = presented.host;
  const demanded = error instanceof RegistryUnauthorizedError || error instanceof RegistryDeniedError;
  if (presented.kind === 'anonymous' && demanded) {
    const orMissing = error instanceof RegistryUnauthorizedError && error.reason === 'insufficient-scope'
      ? ' (or the repository does not exist: the registry answers both alike)' : '';
    return {
      cause: 'no-credentials-in-cluster',
      message: `Flux will pull this anonymously (the source has no secret, provider or serviceAccountName) but ${host} requires authentication${orMissing}; `
        + ANONYMOUS_PULL_REMEDY,
    };
  }
  if (presented.kind !== 'login') return undefined;
  const cluster = presented.standsFor ? ', which the cluster uses instead of your login' : '';
  const standsFor = presented.standsFor ? ` standing in for ${presented.standsFor}` : '';
  const lookup = presented.lookup;
  if (!demanded) {
    // The login could not be read (a failing credential helper, a malformed config).
    return { cause, message: `${error.message} (reading your login for ${host}${standsFor})` };
  }
  if (lookup?.credential) {
    return {
      cause,
      message: `${error.message}; the check presented your login for ${host} from ${lookup.foundIn}${standsFor}${cluster}; renew it with 'flux-oci login ${host}'`,
    };
  }
  return {
    cause,
    message: `${host} requires authentication and this machine has no login for it (searched ${lookup ? searchedText(lookup) : 'the helm, docker and podman configs'}); `
      + `run 'flux-oci login ${host}' (or helm registry login, docker login, podman login)${presented.standsFor ? ` so the check can stand in for ${presented.standsFor}${cluster}` : ''}`,
  };
}

function searchedText(lookup: CredentialLookupResult): string {
  return lookup.searched.length ? lookup.searched.join(', ') : 'no credential store';
}

function causeOf(error: FluxOciError): FailureCause {
  if (error instanceof InvalidConstraintError || error instanceof InvalidVersionError
    || error instanceof InvalidSemverFilterError || error instanceof InvalidReferenceError) return 'invalid-request';
  if (error instanceof RepositoryNotFoundError) return 'repository-not-found';
  if (error instanceof ManifestNotFoundError) return 'version-not-found';
  if (error instanceof NotAHelmChartError) return 'not-a-chart';
  if (error instanceof RegistryDeniedError) return 'denied';
  if (error instanceof RegistryUnauthorizedError || error instanceof CredentialHelperError || error instanceof CredentialConfigError) return 'unauthorized';
  if (error instanceof RegistryError) {
    if (error.fault === 'path') return 'repository-not-found';
    if (error.fault === 'version') return 'version-not-found';
    if (error.fault === 'credentials') return 'unauthorized';
  }
  return 'unreachable';
}

/** A failure for a version the tag list does not have, with what it has instead. */
export function failureFromMismatch(request: ChartRequest, exact: boolean, mismatch: TagMismatch): ResolutionFailure {
  const available: AvailableVersions = {
    considered: mismatch.considered,
    ignored: mismatch.ignored,
    ignoredExamples: mismatch.ignoredExamples,
    nearest: mismatch.nearest,
    ...(mismatch.newestStable ? { newestStable: mismatch.newestStable } : {}),
  };
  const what = exact
    ? `version ${request.version} is not in ${request.reference}`
    : `no version in ${request.reference} matches '${request.version || '*'}' (${describeTagRules(request.ruleSet, requestRules(request))}${request.semverFilter ? `, semverFilter '${request.semverFilter}'` : ''})`;
  const parts = [what];
  if (mismatch.considered === 0) {
    parts.push('the repository has no tags');
  } else {
    if (mismatch.nearest.length) parts.push(`nearest: ${mismatch.nearest.join(', ')}`);
    if (mismatch.newestStable) parts.push(`newest stable: ${mismatch.newestStable}`);
    const skipped = mismatch.ignored
      ? `, ${mismatch.ignored} ignored as not SemVer${mismatch.ignoredExamples.length ? ` (${mismatch.ignoredExamples.join(', ')})` : ''}`
      : '';
    const filtered = mismatch.filteredOut ? `, ${mismatch.filteredOut} excluded by semverFilter` : '';
    parts.push(`${mismatch.considered} tags considered${skipped}${filtered}`);
  }
  return { ...failureBase(request), cause: exact ? 'version-not-found' : 'no-matching-version', message: parts.join('; '), available };
}

/** A failure for a literal tag or digest the repository does not have, naming the tags most like it. */
export function failureFromMissingRef(request: ChartRequest, tags: readonly string[]): ResolutionFailure {
  const asked = request.version;
  const shared = (tag: string): number => {
    let n = 0;
    while (n < tag.length && n < asked.length && tag[n] === asked[n]) n++;
    return n;
  };
  const nearest = [...tags].sort((a, b) => shared(b) - shared(a) || (a < b ? -1 : a > b ? 1 : 0)).slice(0, 5);
  const what = asked.includes(':') ? `digest ${asked}` : `tag '${asked}'`;
  const parts = [`${what} is not in ${request.reference}`];
  parts.push(tags.length === 0 ? 'the repository has no tags' : `${tags.length} tags, nearest: ${nearest.join(', ')}`);
  return {
    ...failureBase(request),
    cause: 'version-not-found',
    message: parts.join('; '),
    available: { considered: tags.length, ignored: 0, ignoredExamples: [], nearest },
  };
}

/** What a failure names: who asked for what (a chart request, or an ImagePolicy's image). */
export type FailureSubject = Pick<ChartRequest, 'path' | 'reference' | 'version' | 'subject' | 'literal'>;

/** Who asked what, as every failure states it. */
function failureBase(request: FailureSubject): Pick<ResolutionFailure, 'path' | 'reference' | 'version' | 'subject' | 'literal'> {
  return {
    path: request.path,
    reference: request.reference,
    version: request.version,
    ...(request.subject === 'artifact' ? { subject: 'artifact' as const } : {}),
    ...(request.literal ? { literal: true } : {}),
  };
}

/** A failure for `FLUX_OCI_RESOLVE=locked` (or `verify`) without an entry. */
export function notLockedFailure(request: ChartRequest, lockfile: string, mode: 'locked' | 'verify'): ResolutionFailure {
  return {
    ...failureBase(request),
    cause: 'not-locked',
    message: `${lockfile} has no entry for ${request.reference} '${request.version || '*'}' and FLUX_OCI_RESOLVE=${mode} forbids looking it up; run 'flux-oci lock' (or synth without FLUX_OCI_RESOLVE=${mode}) and commit the lockfile`,
  };
}

/** A lockfile entry as messages name it: the file, the key, the entry. */
export interface LockedEntry {
  readonly file: string;
  readonly key: string;
  readonly entry: LockEntry;
}

/** Mode `verify`: the registry now has another digest under an entry's tag. */
export function lockfileMismatchFailure(request: ChartRequest, locked: LockedEntry, actual: string | undefined): ResolutionFailure {
  const { file, key, entry } = locked;
  return {
    ...failureBase(request),
    cause: 'lockfile-mismatch',
    message: `${file} entry '${key}' locks tag '${entry.tag}' to ${entry.digest}, but the registry has ${actual ?? 'no digest'} under it: either the lockfile was edited (restore it from version control) or the tag was re-pushed (review it, then run 'flux-oci lock --update')`,
  };
}

/** Mode `verify`: an entry's tag could not be looked up; the lookup's cause, naming the entry. */
export function unverifiedEntryFailure(request: ChartRequest, locked: LockedEntry, lookup: ResolutionFailure): ResolutionFailure {
  const { file, key, entry } = locked;
  return {
    ...failureBase(request),
    cause: lookup.cause,
    message: `${file} entry '${key}' (tag '${entry.tag}', ${entry.digest}) cannot be verified: ${lookup.message}`,
    ...(lookup.registryCode ? { registryCode: lookup.registryCode } : {}),
  };
}
