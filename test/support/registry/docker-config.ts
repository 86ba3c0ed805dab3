import { mkdirSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';

import type { DockerAuthEntry, DockerConfigFile } from '../../../src/registry/credentials/docker-config';

export type { DockerAuthEntry, DockerConfigFile };

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
