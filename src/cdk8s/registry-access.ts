import { IRegistrySecret } from './private-registry-secret';
import { RegistryTlsSecret } from './registry-tls-secret';
import { ISecretReference } from './secret-reference';
import { RegistryAccess } from '../check/request';
import { parseOciReference } from '../foundation/reference';
import { compact } from '../model/kube-object';

/** What a source tells the synth-time check about reaching its registry. */
export interface RegistryAccessProps {
  readonly secret?: IRegistrySecret;
  readonly insecure?: boolean;
  readonly certSecret?: ISecretReference;
}

/**
 * How the synth-time check reaches a source's registry: the pull Secret's
 * credentials for the URL's host, plain HTTP when `insecure`, and the CA of
 * a RegistryTlsSecret (a Secret only referenced by name has none to give).
 */
export function registryAccessFor(url: string, props: RegistryAccessProps): RegistryAccess {
  const host = parseOciReference(url).host;
  return compact({
    credentials: props.secret?._credentialsFor(host),
    insecure: props.insecure,
    caPem: props.certSecret instanceof RegistryTlsSecret ? props.certSecret.caCert : undefined,
  });
}
