import { randomBytes } from 'node:crypto';
import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { DockerConfigFile, parseDockerConfig } from './docker-config';
import { checkHelperRan, CredentialHelperRunner, helperFoundNothing, helperProgram, processHelperRunner } from './helper';
import { ConfigLocation, dockerConfigPath } from './paths';
import { findServerEntry, serverKeyFor } from './server-keys';

/**
 * `docker login` / `helm registry login` storage: a credential helper when
 * the config names one for the host (`credHelpers`, else `credsStore`),
 * otherwise a base64 `auth` entry in the config file. The file is rewritten
 * atomically with mode 0600 and every other key kept.
 */

/** Where and how a login is stored. */
export interface LoginStoreOptions extends ConfigLocation {
  /**
   * The docker-format config file.
   * @default - `$DOCKER_CONFIG/config.json`, else `~/.docker/config.json`
   */
  readonly configPath?: string;
  /** Runs credential helpers. @default - child processes with `env` */
  readonly runner?: CredentialHelperRunner;
}

/** Where a login went. */
export interface StoredLogin {
  readonly configPath: string;
  /** The server key used, e.g. `ghcr.io` or `https://index.docker.io/v1/`. */
  readonly server: string;
  /** The `docker-credential-<name>` program holding the secret, when one does. @default - in the file */
  readonly helper?: string;
}

/** What {@link removeLogin} found. */
export interface RemovedLogin extends StoredLogin {
  /** Whether there was anything to remove. */
  readonly removed: boolean;
}

/**
 * Stores a username and password for `host`.
 * @throws CredentialHelperError when the configured helper fails (its stderr's first line is quoted; never its input)
 * @throws CredentialConfigError when the existing config is not valid JSON
 */
export async function storeLogin(host: string, username: string, password: string, options: LoginStoreOptions = {}): Promise<StoredLogin> {
  const configPath = options.configPath ?? dockerConfigPath(options);
  const config = await readConfig(configPath);
  const server = serverKeyFor(host);
  const helperName = helperFor(config, host);
  const auths: Record<string, unknown> = { ...(config.auths ?? {}) };
  const existing = findServerEntry(config.auths, host);
  if (existing) delete auths[existing.key];
  if (helperName) {
    const program = helperProgram(helperName, server);
    const input = JSON.stringify({ ServerURL: server, Username: username, Secret: password });
    checkHelperRan(program, server, await runner(options).run(program, ['store'], input));
    // docker keeps an empty entry so the host shows up as logged in.
    auths[server] = {};
    await writeConfig(configPath, { ...config, auths });
    return { configPath, server, helper: program };
  }
  auths[server] = { auth: Buffer.from(`${username}:${password}`).toString('base64') };
  await writeConfig(configPath, { ...config, auths });
  return { configPath, server };
}

/**
 * Removes `host`'s login from the helper (if one is configured) and the file.
 * @throws CredentialHelperError when the helper fails other than with "not found"
 */
export async function removeLogin(host: string, options: LoginStoreOptions = {}): Promise<RemovedLogin> {
  const configPath = options.configPath ?? dockerConfigPath(options);
  const config = await readConfig(configPath);
  const server = serverKeyFor(host);
  const helperName = helperFor(config, host);
  let removed = false;
  let program: string | undefined;
  if (helperName) {
    program = helperProgram(helperName, server);
    const result = await runner(options).run(program, ['erase'], server);
    if (!helperFoundNothing(result)) {
      checkHelperRan(program, server, result);
      removed = true;
    }
  }
  const auths: Record<string, unknown> = { ...(config.auths ?? {}) };
  for (let entry = findServerEntry(auths, host); entry; entry = findServerEntry(auths, host)) {
    delete auths[entry.key];
    removed = true;
  }
  if (config.auths) await writeConfig(configPath, { ...config, auths });
  return { configPath, server, helper: program, removed };
}

function helperFor(config: DockerConfigFile, host: string): string | undefined {
  return findServerEntry(config.credHelpers, host)?.value ?? (config.credsStore || undefined);
}

function runner(options: LoginStoreOptions): CredentialHelperRunner {
  return options.runner ?? processHelperRunner({ env: options.env });
}

async function readConfig(path: string): Promise<DockerConfigFile & Record<string, unknown>> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return {};
    throw e;
  }
  if (text.trim() === '') return {};
  return parseDockerConfig(text, path) as DockerConfigFile & Record<string, unknown>;
}

async function writeConfig(path: string, config: Record<string, unknown>): Promise<void> {
  await mkdir(dirname(path), { recursive: true, mode: 0o700 });
  const tmp = `${path}.${randomBytes(6).toString('hex')}.tmp`;
  try {
    await writeFile(tmp, `${JSON.stringify(config, null, '\t')}\n`, { mode: 0o600 });
    await rename(tmp, path);
  } catch (e) {
    await rm(tmp, { force: true });
    throw e;
  }
}
