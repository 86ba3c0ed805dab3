/**
 * What notification-controller hands a Provider's notifier
 * (fluxcd/notification-controller@084ad9b2, v1.9.3,
 * internal/server/event_handlers.go `createNotifier`), as far as the files
 * show it, and the problem a notifier finds in it.
 *
 * The address is the Secret's `address` key, trimmed, over `spec.address`.
 *
 * The credentials come from the Secret. From Flux 2.7
 * (notification-controller v1.7.0) the controller reads them with fluxcd/pkg
 * `AuthMethodsFromSecret` (runtime v0.110.1 in v1.9.3:
 * runtime/secrets/converter.go) and ignores its error
 * (internal/server/event_handlers.go `extractAuthFromSecret`): a Secret
 * with a `username` key and no `password` key (or the reverse) gives the
 * notifier no token, username or password at all; from Flux 2.8 (runtime
 * v0.100.1) so does one with a GitHub App's ID and private key but not
 * exactly one of its installation owner and ID. Up to Flux 2.6 each key
 * was read on its own, trimmed (v1.6.0 `createNotifier`).
 */
import type { ManifestObject } from './manifest-object';
import { dataKeysOf, describeObject, isSopsEncrypted, secretValue, stringAt } from './object-index';
import { fluxVariablesIn } from '../../model/flux-variables';
import { atLeast, FluxVersion } from '../../model/flux-version';

/** What a notifier refuses, where, and what to do. */
export interface NotifierProblem {
  readonly pointer: string;
  readonly what: string;
  /** The notifier's error, after "failed to initialize notifier: ". */
  readonly error: string;
  readonly fix: string;
}

/** The address a notifier is given, where the files show it. */
export interface ProviderAddress {
  readonly value: string;
  /** Where it is read, for a finding: the secretRef, spec.address, or the spec (not set). */
  readonly pointer: string;
  /** "spec.address is '…'", "the address key of Secret ns/name is '…'", "spec.address is not set". */
  readonly described: string;
}

/**
 * The Provider's address; `undefined` where the files do not show it: the
 * `address` key of a SOPS-encrypted Secret, or a `${var}`.
 */
export function providerAddress(provider: ManifestObject, secret: ManifestObject | undefined): ProviderAddress | undefined {
  const inSecret = secret !== undefined && dataKeysOf(secret).includes('address');
  if (inSecret && isSopsEncrypted(secret)) return undefined;
  const fromSecret = inSecret ? secretValue(secret, 'address')?.trim() : undefined;
  const value = fromSecret ?? stringAt(provider.value, 'spec', 'address') ?? '';
  if (fluxVariablesIn(value).length > 0) return undefined;
  const where = fromSecret !== undefined ? `the address key of ${describeObject(secret!)}` : 'spec.address';
  return {
    value,
    pointer: fromSecret !== undefined ? '/spec/secretRef' : value !== '' ? '/spec/address' : '/spec',
    described: `${where} ${value === '' ? 'is not set' : `is '${value}'`}`,
  };
}

/** What a Provider's notifier is given from its Secret. */
export interface ProviderCredentials {
  /** The Secret, when the Provider names one that is in the files. */
  readonly secret?: ManifestObject;
  /** The Secret's keys as written (`data` and `stringData`), whether or not the controller reads its credentials. */
  readonly keys: ReadonlySet<string>;
  /** Why `AuthMethodsFromSecret` refuses the Secret, losing every credential in it; `undefined` when it reads them. */
  readonly refused?: string;
  /**
   * Whether the Secret gives a non-empty value for the key, as the notifier
   * reads it: `true` for a key of a SOPS-encrypted Secret (its value is not
   * readable here) and `false` for every key of a refused Secret.
   */
  has(key: string): boolean;
  /** The key's value, where the files show it (a plain Secret the controller does not refuse). */
  value(key: string): string | undefined;
}

/** The credentials the target Flux's notification-controller reads from a Provider's Secret (`undefined`: it names none). */
export function providerCredentials(secret: ManifestObject | undefined, flux: FluxVersion): ProviderCredentials {
  const keys = new Set(secret ? dataKeysOf(secret) : []);
  const encrypted = secret !== undefined && isSopsEncrypted(secret);
  const authMethods = atLeast(flux, '2.7');
  const refused = secret && authMethods ? refusal(secret, keys, flux) : undefined;
  const value = (key: string): string | undefined => {
    const read = secret && !refused && !encrypted && keys.has(key) ? secretValue(secret, key) : undefined;
    return authMethods ? read : read?.trim();
  };
  return {
    secret,
    keys,
    refused,
    has: (key) => !refused && keys.has(key) && (encrypted || (value(key) ?? '') !== ''),
    value,
  };
}

/** runtime/secrets converter.go: `BasicAuthFromSecret` and `GitHubAppDataFromSecret`, the two readers whose error is not "no such key". */
function refusal(secret: ManifestObject, keys: ReadonlySet<string>, flux: FluxVersion): string | undefined {
  const username = keys.has('username');
  const password = keys.has('password');
  if (username !== password) {
    return `${describeObject(secret)} has a ${username ? 'username' : 'password'} key and no ${username ? 'password' : 'username'} key`;
  }
  const owner = keys.has('githubAppInstallationOwner');
  const installation = keys.has('githubAppInstallationID');
  if (atLeast(flux, '2.8') && keys.has('githubAppID') && keys.has('githubAppPrivateKey') && owner === installation) {
    return `${describeObject(secret)} has ${owner ? 'both' : 'neither'} githubAppInstallationOwner ${owner ? 'and' : 'nor'} githubAppInstallationID`;
  }
  return undefined;
}

/** Where and why the notifier gets no credentials: no Secret, a Secret the controller refuses, or one without what `lacks` says. */
export function missingCredentials(credentials: ProviderCredentials, lacks: string): Pick<NotifierProblem, 'pointer' | 'what'> {
  const { secret, refused } = credentials;
  if (!secret) return { pointer: '/spec', what: 'it names no Secret (spec.secretRef), hence no token' };
  const what = refused
    ? `${refused}, so notification-controller reads none of its credentials (fluxcd/pkg AuthMethodsFromSecret refuses it) and the notifier gets no token`
    : `${describeObject(secret)} has no ${lacks}`;
  return { pointer: '/spec/secretRef', what };
}
