import { Credential } from './credential';
import { CredentialLookupResult, lookupCredentialForHost, ReadCredentialOptions } from './default-store';
import { CredentialStore } from './store';

/**
 * The engineer's own logins (Helm, docker, podman configs and the helpers
 * they name) as a CredentialStore that remembers what it found per host —
 * every file searched and the one that answered — so an error can say
 * which login was tried. Nothing is read until a registry asks for
 * credentials.
 * @internal
 */
export class LocalLoginStore implements CredentialStore {
  private readonly lookups = new Map<string, Promise<CredentialLookupResult>>();
  private readonly results = new Map<string, CredentialLookupResult>();

  constructor(private readonly options: ReadCredentialOptions = {}) {}

  public async get(host: string, repository?: string): Promise<Credential | undefined> {
    return (await this.lookup(host, repository)).credential;
  }

  /** The login for `host`, looked up once per host and repository (a failed lookup is tried again next time). */
  public lookup(host: string, repository?: string): Promise<CredentialLookupResult> {
    const key = `${host}\n${repository ?? ''}`;
    let pending = this.lookups.get(key);
    if (!pending) {
      pending = lookupCredentialForHost(host, this.options, repository).then((result) => {
        this.results.set(host.toLowerCase(), result);
        return result;
      });
      this.lookups.set(key, pending);
      pending.catch(() => this.lookups.delete(key));
    }
    return pending;
  }

  /** What the latest finished lookup for `host` found; undefined when none was made. */
  public found(host: string): CredentialLookupResult | undefined {
    return this.results.get(host.toLowerCase());
  }
}
