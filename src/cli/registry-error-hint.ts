import { RegistryUnavailableError } from '../registry/errors';

/**
 * What to add to a registry error's message for a CLI user. A registry
 * that requires a client certificate and gets none (or one it does not
 * accept) closes the TLS connection without an HTTP answer, which Node
 * reports only as a closed socket, so the message cannot say more than
 * that; the flags that fix the likely cause can be named here.
 */
export function registryErrorHint(e: unknown): string | undefined {
  if (e instanceof RegistryUnavailableError && e.reason === 'connection-reset' && / https:\/\//.test(e.message)) {
    return 'a registry that requires a client certificate (mutual TLS) closes the connection like this: pass --cert-file and --key-file';
  }
  return undefined;
}
