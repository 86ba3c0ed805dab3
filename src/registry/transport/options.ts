import { RequestEvent } from './debug';
import { RetryOptions } from './retry';
import { CaInput, ClientCertificate } from './tls';

/**
 * An undici `Dispatcher` (`Agent`, `MockAgent`, `ProxyAgent`, …), typed by
 * the one method every dispatcher has, so the published types do not load
 * undici's declarations (which need the DOM lib a stock cdk8s project lacks).
 */
export interface HttpDispatcher {
  /** undici's `Dispatcher.dispatch`. */
  dispatch(options: object, handler: object): boolean;
}

/** Timeouts in milliseconds. */
export interface TimeoutOptions {
  /**
   * TCP + TLS connect. Only applies to the dispatcher the client creates.
   * @default 10000
   */
  readonly connectMs?: number;
  /**
   * One attempt from sending to the end of the response body.
   * @default 60000
   */
  readonly requestMs?: number;
}

/** Options of the HTTP transport under `RegistryClient`. */
export interface TransportOptions {
  /**
   * undici dispatcher for every request, e.g. a `MockAgent` in tests. When
   * given, `ca`, `timeouts.connectMs` and proxy variables are not applied
   * (they configure the dispatcher the client would create).
   * @default - an undici Agent (keep-alive), behind EnvHttpProxyAgent when proxy variables are set
   */
  readonly dispatcher?: HttpDispatcher;
  /**
   * Extra CA certificates trusted on top of Node's default roots.
   * @default - Node's default roots only
   */
  readonly ca?: CaInput;
  /**
   * Certificate and key presented when a server asks for one (mutual TLS).
   * @default - none
   */
  readonly clientCertificate?: ClientCertificate;
  /**
   * Use TLS without verifying the server's certificate (`helm
   * --insecure-skip-tls-verify`). Flux has no such setting, so the
   * synth-time check never sets it; the CLI does, with a warning.
   * @default false
   */
  readonly insecureSkipTlsVerify?: boolean;
  /**
   * Registry hosts (`host[:port]`; a scheme or path is ignored) reached over
   * plain HTTP, like Flux's `insecure: true`. Every other registry is
   * reached over HTTPS. (A token realm the registry names may be plain HTTP
   * only for an insecure registry, as in go-containerregistry.)
   * @default []
   */
  readonly insecureHosts?: readonly string[];
  /** @default - see {@link TimeoutOptions} */
  readonly timeouts?: TimeoutOptions;
  /** @default - see {@link RetryOptions} */
  readonly retry?: RetryOptions;
  /**
   * Requests in flight per host (and connections per origin).
   * @default 8
   */
  readonly concurrency?: number;
  /** @default 'flux-oci/<package version>' */
  readonly userAgent?: string;
  /**
   * Called once per HTTP attempt with method, URL (query values masked),
   * status and duration; never headers.
   * @default - none; `FLUX_OCI_DEBUG=1` in `env` prints the same to stderr
   */
  readonly onRequest?: (event: RequestEvent) => void;
  /**
   * Environment for proxy variables and `FLUX_OCI_DEBUG`.
   * @default process.env
   */
  readonly env?: NodeJS.ProcessEnv;
  /** Waits between retries. @default - setTimeout */
  readonly sleep?: (ms: number) => Promise<void>;
  /** Clock in ms, for deadlines and `Retry-After` dates. @default Date.now */
  readonly now?: () => number;
  /** Jitter source in [0, 1). @default Math.random */
  readonly random?: () => number;
}
