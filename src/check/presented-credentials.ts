import { RegistryAccess } from './request';
import { CredentialLookupResult } from '../registry/credentials/default-store';
import { LocalLoginStore } from '../registry/credentials/local-login-store';
import { CredentialStore, StaticCredentials } from '../registry/credentials/store';

/** What the check presented to a registry, as a failure message needs to say it. Carries no credential. */
export interface PresentedCredentialsContext {
  /** Registry host (`host[:port]`). */
  readonly host: string;
  /** The source's own values, nothing (as Flux without a Secret), or the engineer's login. */
  readonly kind: 'credentials' | 'anonymous' | 'login';
  /** What the cluster uses instead of the login, e.g. `Secret 'gitlab'`. */
  readonly standsFor?: string;
  /** For a login: the files searched and the one that answered, once looked up. */
  readonly lookup?: CredentialLookupResult;
}

/**
 * The credentials one registry client presents, decided by the request's
 * access (see `sourceRegistryAccess`): the source's values, nothing, or the
 * engineer's login, read only when the registry asks for credentials (or,
 * for a required login, before the first request).
 */
export class PresentedCredentials {
  /** What the client asks for credentials; undefined presents nothing. */
  public readonly store?: CredentialStore;
  private readonly login?: LocalLoginStore;

  constructor(private readonly host: string, private readonly access: RegistryAccess | undefined, env: NodeJS.ProcessEnv) {
    if (access?.credentials) {
      this.store = new StaticCredentials({ [host]: { ...access.credentials } });
    } else if (access?.login !== false) {
      this.login = new LocalLoginStore({ env, source: access?.login?.source ?? 'auto', file: access?.login?.file });
      this.store = this.login;
    }
  }

  /**
   * For a login the source cannot do without (`fromDockerConfig()`): what
   * the search found when there is no login, else undefined.
   */
  public async missingRequiredLogin(repository: string): Promise<CredentialLookupResult | undefined> {
    if (!this.login || !this.access?.login || !this.access.login.required) return undefined;
    const found = await this.login.lookup(this.host, repository);
    return found.credential ? undefined : found;
  }

  /** What a failure message says about the credentials. */
  public context(): PresentedCredentialsContext {
    const standsFor = this.access?.login ? this.access.login.standsFor : undefined;
    if (this.access?.credentials) return { host: this.host, kind: 'credentials' };
    if (!this.login) return { host: this.host, kind: 'anonymous' };
    const lookup = this.login.found(this.host);
    return { host: this.host, kind: 'login', ...(standsFor ? { standsFor } : {}), ...(lookup ? { lookup } : {}) };
  }
}
