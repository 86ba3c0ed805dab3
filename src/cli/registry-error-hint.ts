import type { ResolutionError } from '../check/errors';
import { FluxOciError } from '../foundation/errors';
import { RegistryTlsError, RegistryUnavailableError, TlsProblem } from '../registry/errors';

/** The flag for a TLS problem a CLI flag fixes. */
const TLS_HINTS: Partial<Record<TlsProblem, string>> = {
  'not-tls': 'for a registry that serves plain HTTP, pass --plain-http',
  'untrusted-certificate': "pass the CA that signed the registry's certificate with --ca-file <file>",
};

/**
 * What to add to a registry error's message for a CLI user: the flag that
 * fixes the likely cause, where the message (written for every front end)
 * names the setting. A registry that requires a client certificate and
 * gets none (or one it does not accept) closes the TLS connection without
 * an HTTP answer, which Node reports only as a closed socket, so the
 * message cannot say more than that. A lookup that failed the registry
 * check (`bump`, `import`) carries its TLS problem on the failure.
 */
export function registryErrorHint(e: unknown): string | undefined {
  if (e instanceof RegistryUnavailableError && e.reason === 'connection-reset' && / https:\/\//.test(e.message)) {
    return 'a registry that requires a client certificate (mutual TLS) closes the connection like this: pass --cert-file and --key-file';
  }
  if (e instanceof RegistryTlsError) return TLS_HINTS[e.problem];
  if (isResolutionError(e) && e.failures.length === 1 && e.failures[0].tls) return TLS_HINTS[e.failures[0].tls];
  return undefined;
}

/** By its code, so that `--help` does not load the check's errors module for this hint. */
function isResolutionError(e: unknown): e is ResolutionError {
  return e instanceof FluxOciError && e.code === 'FLUX_OCI_RESOLUTION';
}
