import { Credential, sealCredential } from './credential';
import { findServerEntry } from './server-keys';

/** Where the client gets credentials for a registry host. */
export interface CredentialStore {
  /**
   * Credentials for `host` (`host[:port]`, Docker Hub as
   * `registry-1.docker.io`), or undefined for anonymous access.
   * `repository` lets stores with per-repository entries (podman) pick one.
   */
  get(host: string, repository?: string): Promise<Credential | undefined>;
}

/** A store that can also answer synchronously (no network, at most a helper process). */
export interface SyncCredentialStore extends CredentialStore {
  getSync(host: string, repository?: string): Credential | undefined;
}

/**
 * Credentials given in code, keyed by server as in a docker config
 * (`ghcr.io`, `127.0.0.1:5000`, `https://index.docker.io/v1/`; any Docker
 * Hub alias matches Docker Hub).
 *
 * @example new StaticCredentials({ 'ghcr.io': { username: 'bot', password: process.env.GHCR_TOKEN } })
 */
export class StaticCredentials implements SyncCredentialStore {
  private readonly entries: Record<string, Credential>;

  constructor(entries: Readonly<Record<string, Credential>>) {
    this.entries = {};
    for (const [server, values] of Object.entries(entries)) {
      const sealed = sealCredential(values);
      if (sealed) this.entries[server] = sealed;
    }
  }

  public async get(host: string): Promise<Credential | undefined> {
    return this.getSync(host);
  }

  public getSync(host: string): Credential | undefined {
    return findServerEntry(this.entries, host)?.value;
  }

  public toJSON(): Record<string, string> {
    return Object.fromEntries(Object.keys(this.entries).map((k) => [k, '<redacted>']));
  }
}

/** Asks each store in turn; the first that has credentials wins. @internal */
export class ChainCredentialStore implements SyncCredentialStore {
  constructor(public readonly stores: readonly CredentialStore[]) {}

  public async get(host: string, repository?: string): Promise<Credential | undefined> {
    for (const store of this.stores) {
      const found = await store.get(host, repository);
      if (found) return found;
    }
    return undefined;
  }

  /** Synchronous lookup; stores without `getSync` are skipped. */
  public getSync(host: string, repository?: string): Credential | undefined {
    for (const store of this.stores) {
      const sync = (store as Partial<SyncCredentialStore>).getSync;
      if (!sync) continue;
      const found = sync.call(store, host, repository);
      if (found) return found;
    }
    return undefined;
  }
}
