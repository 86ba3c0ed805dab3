import { IRegistrySecret } from './private-registry-secret';
import { RegistryTlsSecret } from './registry-tls-secret';
import { ISecretReference } from './secret-reference';
import { RegistryAccess } from '../check/request';
import { SourceAccessFacts, sourceRegistryAccess } from '../check/source-access';
import { parseOciReference } from '../foundation/reference';

/** What a source tells the synth-time check about reaching its registry. */
export interface RegistryAccessProps extends Omit<SourceAccessFacts, 'secret'> {
  readonly secret?: IRegistrySecret;
  readonly certSecret?: ISecretReference;
}

/**
 * How the synth-time check reaches a source's registry: the credentials
 * Flux will have (`sourceRegistryAccess`: the pull Secret's values for the
 * URL's host, the engineer's login standing in for a Secret known only by
 * name or a provider, nothing for a source with neither), plain HTTP when
 * `insecure`, and the CA of a RegistryTlsSecret (a Secret only referenced
 * by name has none to give).
 */
export function registryAccessFor(url: string, props: RegistryAccessProps): RegistryAccess {
  const host = parseOciReference(url).host;
  const { secret, certSecret, ...facts } = props;
  return sourceRegistryAccess(
    { ...facts, secret: secret && { name: secret.name } },
    secret?._checkCredentials(host),
    certSecret instanceof RegistryTlsSecret ? certSecret.caCert : undefined,
  );
}
