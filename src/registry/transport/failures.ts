import {
  RegistryError,
  RegistryProtocolError,
  RegistryTlsError,
  RegistryUnavailableError,
  TlsProblem,
  UnavailableReason,
} from '../errors';

/**
 * Network failures (no response, or a body that broke off), classified:
 * worth a retry or not, and the typed registry error once none is left.
 */

/** Where in the exchange a failure happened. */
export type FailurePhase = 'connect' | 'body';

/** A network failure, classified. */
export interface NetworkFailure {
  /** Worth another attempt for an idempotent request. */
  readonly retryable: boolean;
  /** Short code for debug output, e.g. `ECONNRESET`. */
  readonly label: string;
  /** Builds the error to throw once no retry is left. */
  toError(attempts: number): RegistryError;
}

/** Context for messages. */
export interface FailureContext {
  readonly host: string;
  readonly method: string;
  readonly url: string;
  readonly reference?: string;
  /** Whole-attempt timeout, for the message. */
  readonly timeoutMs: number;
  /** Connect timeout of the dispatcher the client made; undefined for an injected dispatcher. */
  readonly connectMs?: number;
  /** Bytes received and expected when a body broke off. */
  readonly bodyBytes?: { readonly received: number; readonly expected?: number };
}

const UNKNOWN_CA = new Set([
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'UNABLE_TO_GET_ISSUER_CERT',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
]);
const CERT_DATES = new Set(['CERT_HAS_EXPIRED', 'CERT_NOT_YET_VALID']);
const TIMEOUTS = new Set(['FLUX_OCI_REQUEST_TIMEOUT', 'UND_ERR_HEADERS_TIMEOUT', 'UND_ERR_BODY_TIMEOUT', 'ETIMEDOUT']);
const RESETS = new Set(['ECONNRESET', 'EPIPE', 'UND_ERR_SOCKET', 'ECONNABORTED', 'UND_ERR_RES_CONTENT_LENGTH_MISMATCH']);

/**
 * Classifies an error thrown by the dispatcher. `timedOut` is true when our
 * own whole-request timer aborted the request.
 */
export function classifyNetworkError(err: unknown, phase: FailurePhase, timedOut: boolean, ctx: FailureContext): NetworkFailure {
  const code = errorCode(err);
  const details = { host: ctx.host, method: ctx.method, reference: ctx.reference };
  const unavailable = (reason: UnavailableReason, what: string, retryable: boolean, label = code ?? reason): NetworkFailure => ({
    retryable,
    label,
    toError: (attempts) => new RegistryUnavailableError(
      `${what} (${ctx.method} ${ctx.url}${attempts > 1 ? `, ${attempts} attempts` : ''})`,
      { ...details, reason, attempts },
      { cause: err },
    ),
  });

  if (!timedOut && code === 'UND_ERR_CONNECT_TIMEOUT') {
    // TCP connect (and TLS handshake) never completed: a black hole, not a slow registry.
    const limit = ctx.connectMs !== undefined ? `within the ${ctx.connectMs} ms connect timeout` : 'before the connect timeout';
    return unavailable('timeout', `registry ${ctx.host} accepted no connection ${limit}; check the host, port and firewall`, true, code);
  }
  if (timedOut || (code !== undefined && TIMEOUTS.has(code))) {
    return unavailable('timeout', `registry ${ctx.host} did not answer within ${ctx.timeoutMs} ms`, true, code ?? 'timeout');
  }
  const problem = code === undefined ? undefined : tlsProblem(err, code);
  if (code !== undefined && problem !== undefined) {
    return {
      retryable: false,
      label: code,
      toError: () => new RegistryTlsError(tlsMessage(problem, code, ctx.host), { ...details, tlsCode: code, problem }, { cause: err }),
    };
  }
  if (phase === 'body') {
    const bytes = ctx.bodyBytes;
    const got = bytes ? ` after ${bytes.received}${bytes.expected !== undefined ? ` of ${bytes.expected}` : ''} bytes` : '';
    return {
      retryable: true,
      label: code ?? 'truncated',
      toError: (attempts) => new RegistryProtocolError(
        `registry ${ctx.host} ended the response body early${got} (${ctx.method} ${ctx.url}${attempts > 1 ? `, ${attempts} attempts` : ''}); the response was truncated`,
        details,
        { cause: err },
      ),
    };
  }
  switch (code) {
    case 'ECONNREFUSED':
      return unavailable('connection-refused', `connection to registry ${ctx.host} was refused; check the host and port, and that the registry is running`, false);
    case 'ENOTFOUND':
      return unavailable('dns', `registry host ${ctx.host} could not be resolved (DNS); check the host name`, false);
    case 'EAI_AGAIN':
      return unavailable('dns', `registry host ${ctx.host} could not be resolved (temporary DNS failure)`, true);
    case 'EHOSTUNREACH':
    case 'ENETUNREACH':
      return unavailable('network', `registry ${ctx.host} is unreachable (${code})`, false);
    default:
      if (code !== undefined && RESETS.has(code)) {
        return unavailable('connection-reset', `connection to registry ${ctx.host} was closed before a response arrived`, true);
      }
      return unavailable('network', `request to registry ${ctx.host} failed (${code ?? (err as Error)?.name ?? 'unknown error'})`, false);
  }
}

function errorCode(err: unknown): string | undefined {
  let e: any = err;
  for (let depth = 0; e && depth < 4; depth++) {
    if (typeof e.code === 'string') return e.code;
    e = e.cause;
  }
  return undefined;
}

/** The TLS problem a Node error code stands for; undefined for codes that are not about TLS. */
function tlsProblem(err: unknown, code: string): TlsProblem | undefined {
  if (UNKNOWN_CA.has(code)) return 'untrusted-certificate';
  if (code === 'ERR_TLS_CERT_ALTNAME_INVALID') return 'name-mismatch';
  if (CERT_DATES.has(code)) return 'certificate-dates';
  const message = String((err as Error)?.message ?? '');
  if (code === 'ERR_SSL_WRONG_VERSION_NUMBER' || (code === 'EPROTO' && /wrong version number|packet length too long/i.test(message))) return 'not-tls';
  return undefined;
}

function tlsMessage(problem: TlsProblem, code: string, host: string): string {
  switch (problem) {
    case 'untrusted-certificate':
      return `the TLS certificate of registry ${host} is not signed by a trusted CA (${code}); pass the registry's CA certificate with the 'ca' option (in the cluster: a certSecret with 'ca.crt')`;
    case 'name-mismatch':
      return `the TLS certificate of registry ${host} is not valid for the name '${host.replace(/:\d+$/, '')}' (hostname mismatch); address the registry by a name the certificate lists, or reissue the certificate`;
    case 'certificate-dates':
      return `the TLS certificate of registry ${host} is ${code === 'CERT_HAS_EXPIRED' ? 'expired' : 'not yet valid'}; renew it or check this machine's clock`;
    case 'not-tls':
      return `registry ${host} does not speak TLS on this port (${code}); if it serves plain HTTP, mark the host as insecure (Flux: 'insecure: true')`;
  }
}
