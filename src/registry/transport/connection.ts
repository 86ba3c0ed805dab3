import { Agent, Dispatcher, EnvHttpProxyAgent } from 'undici';
import { HttpDispatcher } from './options';
import { isLoopbackHost, proxySettings, ProxySettings } from './proxy';
import { HttpMethod } from './request';
import { CaInput, ClientCertificate, ClientCertificatePem, readClientCertificate, trustedCertificates } from './tls';

/**
 * The connection layer: which undici dispatcher carries a request (an
 * injected one, a keep-alive Agent, or EnvHttpProxyAgent when proxy
 * variables apply), with the extra CAs and the connect timeout; and the
 * one call that puts a request on the wire.
 */

export interface ConnectionOptions {
  /** Used for every request when given; nothing below applies to it. */
  readonly dispatcher?: HttpDispatcher;
  readonly ca?: CaInput;
  readonly clientCertificate?: ClientCertificate;
  readonly insecureSkipTlsVerify?: boolean;
  readonly connectMs: number;
  /** Connections per origin. */
  readonly connections: number;
  /** Proxy variables. */
  readonly env: NodeJS.ProcessEnv;
}

export class Connections {
  private readonly injected?: Dispatcher;
  private direct?: Dispatcher;
  private proxied?: Dispatcher;
  private readonly ca?: string[];
  private readonly clientCertificate?: ClientCertificatePem;
  private readonly verify: boolean;
  private readonly connectMs: number;
  private readonly connections: number;
  private readonly env: NodeJS.ProcessEnv;
  /** Read from `env` on the first request; null when no proxy variable is set. */
  private proxy?: ProxySettings | null;

  constructor(options: ConnectionOptions) {
    // Typed structurally in the public options; it is an undici Dispatcher.
    this.injected = options.dispatcher as Dispatcher | undefined;
    // Read the CA eagerly so a bad `ca` option fails at construction, not at the first request.
    this.ca = options.ca !== undefined ? trustedCertificates(options.ca) : undefined;
    this.clientCertificate = options.clientCertificate && readClientCertificate(options.clientCertificate);
    this.verify = !options.insecureSkipTlsVerify;
    this.connectMs = options.connectMs;
    this.connections = options.connections;
    this.env = options.env;
  }

  /** The dispatcher for requests to `url`'s origin. */
  public dispatcherFor(url: URL): Dispatcher {
    if (this.injected) return this.injected;
    // Asked per request: the proxy settings are read once, and a loopback host is not asked about when there is no proxy.
    if (this.proxy === undefined) this.proxy = proxySettings(this.env) ?? null;
    if (!this.proxy || isLoopbackHost(url.hostname)) return (this.direct ??= new Agent({ ...this.agentOptions(), connect: this.connect() }));
    const proxy = this.proxy;
    // Explicit '' keeps EnvHttpProxyAgent from falling back to process.env when `env` was injected.
    return (this.proxied ??= new EnvHttpProxyAgent({
      ...this.agentOptions(),
      connect: this.connect(),
      requestTls: this.connect(),
      // The client certificate is the registry's to see, not the proxy's.
      proxyTls: { ...(this.ca ? { ca: this.ca } : {}), timeout: this.connectMs },
      httpProxy: proxy.httpProxy ?? '',
      httpsProxy: proxy.httpsProxy ?? '',
      noProxy: proxy.noProxy,
    }));
  }

  private agentOptions(): Agent.Options {
    return { connections: this.connections, keepAliveTimeout: 30_000 };
  }

  /** TLS and connect settings toward the registry. */
  private connect(): Record<string, unknown> {
    const ca = this.ca ? { ca: this.ca } : {};
    return { ...ca, ...this.clientCertificate, ...(this.verify ? {} : { rejectUnauthorized: false }), timeout: this.connectMs };
  }

  /** Closes the dispatchers created here (not an injected one). */
  public async close(): Promise<void> {
    await Promise.all([this.direct?.close(), this.proxied?.close()]);
  }
}

/** The part of an EventEmitter that undici uses of a `signal` that is not an AbortSignal. */
export interface AbortEmitter {
  readonly aborted: boolean;
  readonly reason?: unknown;
  on(event: 'abort', listener: () => void): unknown;
  once(event: 'abort', listener: () => void): unknown;
  removeListener(event: 'abort', listener: () => void): unknown;
}

/** One request as it goes on the wire. */
export interface WireRequest {
  readonly url: URL;
  readonly method: HttpMethod;
  readonly headers: Record<string, string>;
  readonly body?: Buffer | string;
  /** Aborts the request (undici takes an AbortSignal or an emitter of `abort`). */
  readonly signal: AbortSignal | AbortEmitter;
  /** Headers and body timeout. */
  readonly timeoutMs: number;
}

/** Sends `req` once on `dispatcher`. */
export function send(dispatcher: Dispatcher, req: WireRequest): Promise<Dispatcher.ResponseData> {
  return dispatcher.request({
    origin: req.url.origin,
    path: req.url.pathname + req.url.search,
    method: req.method,
    headers: req.headers,
    body: req.body,
    // Typed as a full EventEmitter by undici, which calls only what AbortEmitter has.
    signal: req.signal as Dispatcher.RequestOptions['signal'],
    headersTimeout: req.timeoutMs,
    bodyTimeout: req.timeoutMs,
    // undici closes the connection after every HEAD (for servers that send
    // a body anyway) unless told otherwise; registries answer HEAD properly,
    // and an exact version is one HEAD, so keep the connection (and its TLS session).
    reset: false,
  });
}
