/**
 * Request tracing: one event per HTTP attempt, never carrying headers.
 * Query values other than a few known-harmless API parameters are masked,
 * because redirect targets (pre-signed blob URLs) and upload locations
 * carry signatures and state in the query.
 */
import { maskSecrets } from '../../foundation/secrets';

/** One HTTP attempt, as reported to `onRequest` and by `FLUX_OCI_DEBUG=1`. */
export interface RequestEvent {
  readonly method: string;
  /** URL with query values masked except `n`, `last`, `scope`, `service`, `digest`, `mount`, `from`. */
  readonly url: string;
  /** Response status, when headers arrived. */
  readonly status?: number;
  /** Milliseconds until the response headers (or the error). */
  readonly durationMs: number;
  /** 1 for the first attempt, 2 for the first retry, … */
  readonly attempt: number;
  /** Error code when no response arrived (e.g. `ECONNRESET`, `timeout`). */
  readonly error?: string;
}

const VISIBLE_QUERY = new Set(['n', 'last', 'scope', 'service', 'digest', 'mount', 'from', 'orderby', 'grant_type', 'client_id']);

/** `url` without userinfo and with query values masked (see {@link RequestEvent.url}). */
export function displayUrl(url: URL): string {
  const copy = new URL(url.href);
  copy.username = '';
  copy.password = '';
  copy.hash = '';
  const params = [...copy.searchParams.entries()];
  if (params.length === 0) return copy.href;
  copy.search = '';
  const query = params
    .map(([k, v]) => `${encodeURIComponent(k)}=${VISIBLE_QUERY.has(k) ? encodeURIComponent(v) : '***'}`)
    .join('&');
  return `${copy.href}?${query}`;
}

/** Formats an event as one stderr line: `flux-oci: GET <url> 200 12ms`. */
export function formatRequestEvent(e: RequestEvent): string {
  const outcome = e.status !== undefined ? String(e.status) : `error ${e.error ?? 'unknown'}`;
  const retry = e.attempt > 1 ? ` (attempt ${e.attempt})` : '';
  return `flux-oci: ${e.method} ${e.url} ${outcome} ${Math.round(e.durationMs)}ms${retry}\n`;
}

/** Receives one {@link RequestEvent} per HTTP attempt. */
export type RequestReporter = (event: RequestEvent) => void;

/** `onRequest` and the `FLUX_OCI_DEBUG=1` sink of `env`, both called; undefined when neither is on. */
export function requestReporter(onRequest: RequestReporter | undefined, env: NodeJS.ProcessEnv): RequestReporter | undefined {
  const debug = envDebugSink(env);
  // A visible query value (`last`, `scope`) comes from the registry and may echo a credential.
  const user = onRequest && ((e: RequestEvent) => onRequest({ ...e, url: maskSecrets(e.url) }));
  return user && debug
    ? (e) => { user(e); debug(e); }
    : user ?? debug;
}

/** The `FLUX_OCI_DEBUG=1` sink, or undefined when debugging is off. */
export function envDebugSink(env: NodeJS.ProcessEnv, write: (line: string) => void = (l) => process.stderr.write(l)):
  ((e: RequestEvent) => void) | undefined {
  const flag = env.FLUX_OCI_DEBUG;
  if (!flag || flag === '0' || flag.toLowerCase() === 'false') return undefined;
  return (e) => write(maskSecrets(formatRequestEvent(e)));
}
