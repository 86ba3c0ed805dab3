import { mkdirSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';

/** One `auths` entry of a Docker `config.json`. */
export interface DockerAuthEntry {
  /** base64 of `username:password`. */
  readonly auth?: string;
  readonly username?: string;
  readonly password?: string;
  readonly identitytoken?: string;
  readonly registrytoken?: string;
}

/** The parts of Docker's `config.json` that hold credentials. */
export interface DockerConfigFile {
  readonly auths?: Readonly<Record<string, DockerAuthEntry>>;
  readonly credHelpers?: Readonly<Record<string, string>>;
  readonly credsStore?: string;
}

/**
 * Writes `<dir>/config.json` (mode 0600, `dir` created if missing) and
 * returns its path. Point `DOCKER_CONFIG`, `HELM_REGISTRY_CONFIG`,
 * `REGISTRY_AUTH_FILE` or `--authfile` at it.
 */
export function writeDockerConfig(dir: string, config: DockerConfigFile): string {
  mkdirSync(dir, { recursive: true });
  const file = path.join(dir, 'config.json');
  writeFileSync(file, JSON.stringify(config, null, 2) + '\n', { mode: 0o600 });
  return file;
}

/** An `auths` entry in the common `auth: base64(user:password)` form. */
export function basicAuthEntry(username: string, password: string): DockerAuthEntry {
  return { auth: Buffer.from(`${username}:${password}`).toString('base64') };
}
