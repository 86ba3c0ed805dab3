import { RegistryTlsError, RegistryUnavailableError } from '../registry/errors';

/**
 * What to add to a registry error's message for a CLI user: the flag that
 * fixes the likely cause, where the message (written for every front end)
 * names the setting. A registry that requires a client certificate and
 * gets none (or one it does not accept) closes the TLS connection without
 * an HTTP answer, which Node reports only as a closed socket, so the
 * message cannot say more than that.
 */
export function registryErrorHint(e: unknown): string | undefined {
  if (e instanceof RegistryUnavailableError && e.reason === 'connection-reset' && / https:\/\//.test(e.message)) {
    return 'a registry that requires a client certificate (mutual TLS) closes the connection like this: pass --cert-file and --key-file';
  }
  if (e instanceof RegistryTlsError && e.problem === 'not-tls') return 'for a registry that serves plain HTTP, pass --plain-http';
  if (e instanceof RegistryTlsError && e.problem === 'untrusted-certificate') return "pass the CA that signed the registry's certificate with --ca-file <file>";
  return undefined;
}
