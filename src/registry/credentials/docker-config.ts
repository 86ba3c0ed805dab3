import { Credential, sealCredential } from './credential';
import { CredentialConfigError } from '../errors';
import { findServerEntry, serverKeyFor } from './server-keys';

/**
 * The docker `config.json` format, also used by Helm's
 * `registry/config.json`, podman's `auth.json` and `DOCKER_AUTH_CONFIG`
 * (docker/cli `cli/config/configfile/file.go`).
 */

/** One `auths` entry. */
export interface DockerAuthEntry {
  /** base64 of `user:password`; wins over `username`/`password`. */
  readonly auth?: string;
  readonly username?: string;
  readonly password?: string;
  readonly identitytoken?: string;
  readonly registrytoken?: string;
}

/** The parts of a docker config that hold credentials. */
export interface DockerConfigFile {
  readonly auths?: Readonly<Record<string, DockerAuthEntry>>;
  /** Per-host credential helper suffixes. */
  readonly credHelpers?: Readonly<Record<string, string>>;
  /** Default credential helper suffix. */
  readonly credsStore?: string;
}

/**
 * Parses config JSON. Errors name `source` only: a JSON parser message can
 * quote the text around the error, which may be a secret.
 */
export function parseDockerConfig(text: string, source: string): DockerConfigFile {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw new CredentialConfigError(source, `${source} is not valid JSON; expected a docker config such as {"auths":{"<host>":{"auth":"<base64 user:password>"}}}`);
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw new CredentialConfigError(source, `${source} does not hold a JSON object; expected a docker config such as {"auths":{…}}`);
  }
  return parsed as DockerConfigFile;
}

/** One way to obtain a credential, in the order docker tries them. */
export type LookupStep =
  | { readonly kind: 'helper'; readonly helper: string; readonly server: string }
  | { readonly kind: 'entry'; readonly credential: Credential };

/**
 * The lookup for `host`: `credHelpers.<host>`, then `credsStore`, then the
 * `auths` entry. Docker stops at a configured helper; this falls through
 * to the next step when a helper has nothing, so a config written by
 * another tool (an `auths` value next to a `credsStore`) still works.
 * @internal
 */
export function lookupSteps(
  config: DockerConfigFile,
  host: string,
  source: string,
  options: { readonly repository?: string; readonly namespaced?: boolean } = {},
): LookupStep[] {
  const steps: LookupStep[] = [];
  const server = serverKeyFor(host);
  const helper = findServerEntry(config.credHelpers, host, options)?.value;
  if (typeof helper === 'string' && helper !== '') steps.push({ kind: 'helper', helper, server });
  if (typeof config.credsStore === 'string' && config.credsStore !== '' && config.credsStore !== helper) {
    steps.push({ kind: 'helper', helper: config.credsStore, server });
  }
  const found = findServerEntry(config.auths, host, options);
  if (found) {
    const credential = entryCredential(found.value, found.key, source);
    if (credential) steps.push({ kind: 'entry', credential });
  }
  return steps;
}

/** The credential an `auths` entry holds, or undefined for an empty entry. @internal */
export function entryCredential(entry: DockerAuthEntry, key: string, source: string): Credential | undefined {
  if (typeof entry !== 'object' || entry === null) {
    throw new CredentialConfigError(source, `the 'auths' entry '${key}' in ${source} is not an object`);
  }
  let username = str(entry.username);
  let password = str(entry.password);
  const auth = str(entry.auth);
  if (auth) {
    const decoded = Buffer.from(auth, 'base64').toString('utf8');
    const colon = decoded.indexOf(':');
    if (colon < 0) {
      throw new CredentialConfigError(source, `the 'auth' value of '${key}' in ${source} is not base64 of 'username:password'`);
    }
    username = decoded.slice(0, colon);
    password = decoded.slice(colon + 1);
  }
  return sealCredential({ username, password, identityToken: str(entry.identitytoken), registryToken: str(entry.registrytoken) });
}

function str(v: unknown): string | undefined {
  return typeof v === 'string' && v !== '' ? v : undefined;
}
