import { LocalLogin, RegistryAccess } from './request';
import type { UsernamePassword } from '../model/builders/secrets';
import { compact } from '../model/kube-object';
import type { OciSourceSpec } from '../model/source';

/** What a source tells the check about how Flux will reach its registry. */
export type SourceAccessFacts = Pick<OciSourceSpec, 'secret' | 'provider' | 'serviceAccountName' | 'insecure' | 'checkWith'>;

/** What the program knows of the source's Secret: its values, or the login they come from. */
export interface SecretForCheck {
  /** Literal values (`username`/`password`, `fromEnv()`). */
  readonly credentials?: UsernamePassword;
  /** `fromDockerConfig()` without `plaintext`: the login, read when the check goes online. */
  readonly login?: Pick<LocalLogin, 'source' | 'file'>;
}

/**
 * The credentials the registry check presents for a source: what Flux will
 * present in the cluster, as far as this machine can know it. Both front
 * ends call this, for chart and artifact sources alike.
 *
 * | source | the check presents |
 * | --- | --- |
 * | no `secret`, no `provider`, no `serviceAccountName` | nothing (anonymous), as Flux |
 * | `secret` with values (`username`/`password`, `fromEnv()`) | exactly those |
 * | `secret` from `fromDockerConfig()` | that login (required) |
 * | `secret` by name, an ExternalSecret, `provider`, `serviceAccountName` | the engineer's login for the host, standing in for what the cluster has |
 * | `checkWith: 'local-login'` | the engineer's login, whatever the source says |
 *
 * A `provider: 'generic'` is no cloud login (Flux's default), so it counts as none.
 */
export function sourceRegistryAccess(source: SourceAccessFacts, secret: SecretForCheck | undefined, caPem?: string): RegistryAccess {
  return compact({ ...presented(source, secret), insecure: source.insecure, caPem });
}

function presented(source: SourceAccessFacts, secret: SecretForCheck | undefined): Pick<RegistryAccess, 'credentials' | 'login'> {
  const cluster = inCluster(source);
  if (source.checkWith === 'local-login') {
    return { login: { standsFor: cluster ?? "credentials Flux gets by other means (checkWith: 'local-login')" } };
  }
  if (secret?.credentials) return { credentials: secret.credentials };
  if (secret?.login) return { login: { ...secret.login, required: true, ...(cluster ? { standsFor: cluster } : {}) } };
  return cluster ? { login: { standsFor: cluster } } : { login: false };
}

/** What Flux presents in the cluster, in words; undefined when it presents nothing. */
function inCluster(source: SourceAccessFacts): string | undefined {
  if (source.secret) return `Secret '${source.secret.name}'`;
  if (source.provider && source.provider !== 'generic') return `provider '${source.provider}'`;
  if (source.serviceAccountName) return `the image pull secrets of ServiceAccount '${source.serviceAccountName}'`;
  return undefined;
}
