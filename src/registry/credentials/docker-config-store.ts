import { readFileSync } from 'node:fs';
import { Credential } from './credential';
import { DockerConfigFile, LookupStep, lookupSteps, parseDockerConfig } from './docker-config';
import { CredentialConfigError } from '../errors';
import { CredentialHelperRunner, processHelperRunner, runCredentialHelper, runCredentialHelperSync } from './helper';
import { SyncCredentialStore } from './store';

/** Options for {@link DockerConfigStore}; give `file` or `config`. @internal */
export interface DockerConfigStoreOptions {
  /** Path of a docker-format config file; a missing file means no credentials. @default - none */
  readonly file?: string;
  /** Config as JSON text or an object (e.g. `DOCKER_AUTH_CONFIG`). @default - none */
  readonly config?: string | DockerConfigFile;
  /** Name used in error messages for `config`. @default 'the docker config' */
  readonly source?: string;
  /**
   * Podman semantics: `host/namespace` keys only apply to that namespace
   * and win over host keys.
   * @default false
   */
  readonly namespacedKeys?: boolean;
  /** Runs credential helpers. @default - child processes with `env` */
  readonly runner?: CredentialHelperRunner;
  /** Environment for credential helpers (PATH). @default process.env */
  readonly env?: NodeJS.ProcessEnv;
}

/**
 * Credentials from a docker-format config: `credHelpers.<host>`, then
 * `credsStore`, then `auths` (exact key, then hostname match). The file is
 * read on every lookup, so a `docker login` in between is seen.
 * @internal
 */
export class DockerConfigStore implements SyncCredentialStore {
  /** The file or source name, for messages. */
  public readonly source: string;
  private readonly file?: string;
  private readonly inline?: string | DockerConfigFile;
  private readonly namespaced: boolean;
  private readonly runner: CredentialHelperRunner;

  constructor(options: DockerConfigStoreOptions) {
    this.file = options.file;
    this.inline = options.config;
    this.source = options.file ?? options.source ?? 'the docker config';
    this.namespaced = options.namespacedKeys ?? false;
    this.runner = options.runner ?? processHelperRunner({ env: options.env });
  }

  public async get(host: string, repository?: string): Promise<Credential | undefined> {
    for (const step of this.steps(host, repository)) {
      const found = step.kind === 'entry' ? step.credential : await runCredentialHelper(step.helper, step.server, this.runner);
      if (found) return found;
    }
    return undefined;
  }

  public getSync(host: string, repository?: string): Credential | undefined {
    for (const step of this.steps(host, repository)) {
      const found = step.kind === 'entry' ? step.credential : runCredentialHelperSync(step.helper, step.server, this.runner);
      if (found) return found;
    }
    return undefined;
  }

  /** The config, or undefined when the file does not exist. */
  public read(): DockerConfigFile | undefined {
    if (this.inline !== undefined) {
      return typeof this.inline === 'string' ? parseDockerConfig(this.inline, this.source) : this.inline;
    }
    if (this.file === undefined) return undefined;
    let text: string;
    try {
      text = readFileSync(this.file, 'utf8');
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      if (code === 'ENOENT' || code === 'ENOTDIR') return undefined;
      throw new CredentialConfigError(this.file, `cannot read ${this.file} (${code ?? 'unknown error'})`);
    }
    return parseDockerConfig(text, this.file);
  }

  private steps(host: string, repository?: string): LookupStep[] {
    const config = this.read();
    return config ? lookupSteps(config, host, this.source, { repository, namespaced: this.namespaced }) : [];
  }
}
