import { Agent, Dispatcher, EnvHttpProxyAgent } from 'undici';
import { HttpDispatcher } from './options';
import { isLoopbackHost, proxySettings } from './proxy';
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
    const tls = { ...(this.ca ? { ca: this.ca } : {}), ...this.clientCertificate, ...(this.verify ? {} : { rejectUnauthorized: false }) };
    const agentOptions = { connections: this.connections, keepAliveTimeout: 30_000 };
    if (isLoopbackHost(url.hostname)) {
      return (this.direct ??= new Agent({ ...agentOptions, connect: { ...tls, timeout: this.connectMs } }));
    }
    const proxy = proxySettings(this.env);
    if (!proxy) {
      return (this.direct ??= new Agent({ ...agentOptions, connect: { ...tls, timeout: this.connectMs } }));
    }
    // Explicit '' keeps EnvHttpProxyAgent from falling back to process.env when `env` was injected.
    return (this.proxied ??= new EnvHttpProxyAgent({
      ...agentOptions,
      connect: { ...tls, timeout: this.connectMs },
      requestTls: { ...tls, timeout: this.connectMs },
      // The client certificate is the registry's to see, not the proxy's.
      proxyTls: { ...(this.ca ? { ca: this.ca } : {}), timeout: this.connectMs },
      httpProxy: proxy.httpProxy ?? '',
      httpsProxy: proxy.httpsProxy ?? '',
      noProxy: proxy.noProxy,
    }));
  }

  /** Closes the dispatchers created here (not an injected one). */
  public async close(): Promise<void> {
    await Promise.all([this.direct?.close(), this.proxied?.close()]);
  }
}

/** One request as it goes on the wire. */
export interface WireRequest {
  readonly url: URL;
  readonly method: HttpMethod;
  readonly headers: Record<string, string>;
  readonly body?: Buffer | string;
  /** Aborts the request: an AbortSignal or an EventEmitter emitting `abort` (undici takes both). */
  readonly signal: AbortSignal | NodeJS.EventEmitter;
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
    signal: req.signal,
    headersTimeout: req.timeoutMs,
    bodyTimeout: req.timeoutMs,
    // undici closes the connection after every HEAD (for servers that send
    // a body anyway) unless told otherwise; registries answer HEAD properly,
    // and an exact version is one HEAD, so keep the connection (and its TLS session).
    reset: false,
  });
}
