import { Readable, Transform } from 'node:stream';
import { Agent, Dispatcher, EnvHttpProxyAgent } from 'undici';
import { envDebugSink, displayUrl, RequestEvent } from './debug';
import { RegistryProtocolError } from './errors';
import { HostLimiter } from './limiter';
import { classifyNetworkError, FailureContext, NetworkFailure } from './network-errors';
import { isLoopbackHost, proxySettings } from './proxy';
import { RETRYABLE_STATUS, RetryOptions, RetryPolicy, parseRetryAfter, retryDelay, retryPolicy } from './retry';
import { RequestStats, StatsRecorder } from './stats';
import { CaInput, trustedCertificates } from './tls';
import { USER_AGENT } from './user-agent';

/**
 * The HTTP layer: scheme choice (https unless the host is marked insecure),
 * TLS trust, proxies, timeouts, per-host concurrency, retries and request
 * accounting. It knows nothing of auth or the registry API; it never logs
 * or reports a header.
 */

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

/** Options for {@link Transport}. */
export interface TransportOptions {
  /**
   * undici dispatcher for every request, e.g. a `MockAgent` in tests. When
   * given, `ca`, `timeouts.connectMs` and proxy variables are not applied
   * (they configure the dispatcher the client would create).
   * @default - an undici Agent (keep-alive), behind EnvHttpProxyAgent when proxy variables are set
   */
  readonly dispatcher?: Dispatcher;
  /**
   * Extra CA certificates trusted on top of Node's default roots.
   * @default - Node's default roots only
   */
  readonly ca?: CaInput;
  /**
   * Registry hosts (`host[:port]`; a scheme or path is ignored) reached over
   * plain HTTP, like Flux's `insecure: true`. Every other registry is
   * reached over HTTPS. (A token realm the registry names may be plain HTTP
   * only for an insecure registry or a loopback realm.)
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

export type HttpMethod = 'GET' | 'HEAD' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

/** One logical request; the transport may send it several times. */
export interface TransportRequest {
  readonly method: HttpMethod;
  readonly url: URL;
  /** Request headers; never reported or logged. @default {} */
  readonly headers?: Readonly<Record<string, string>>;
  /** Replayable body. @default - none */
  readonly body?: Buffer | string;
  /**
   * Safe to repeat. PUT of content-addressed blobs is; POST is not.
   * @default - true for GET and HEAD
   */
  readonly idempotent?: boolean;
  /**
   * Largest buffered body accepted (buffered requests only).
   * @default 16 MiB
   */
  readonly maxBodyBytes?: number;
  /** Reference for error messages. @default - none */
  readonly reference?: string;
}

/** Response headers as undici gives them (lowercase names). */
export type ResponseHeaders = Record<string, string | string[] | undefined>;

/** Status and headers of the final attempt. */
export interface TransportResponse {
  readonly statusCode: number;
  readonly headers: ResponseHeaders;
  /** The URL requested. */
  readonly url: URL;
  /** Attempts made, the first included. */
  readonly attempts: number;
}

export interface BufferedResponse extends TransportResponse {
  readonly body: Buffer;
}

export interface StreamingResponse extends TransportResponse {
  /** Must be consumed or destroyed: it holds a concurrency slot until it ends. */
  readonly body: Readable;
}

/** First value of a response header. */
export function header(headers: ResponseHeaders, name: string): string | undefined {
  const v = headers[name.toLowerCase()];
  return Array.isArray(v) ? v[0] : v;
}

/** All values of a response header. */
export function headerValues(headers: ResponseHeaders, name: string): string[] {
  const v = headers[name.toLowerCase()];
  return v === undefined ? [] : Array.isArray(v) ? v : [v];
}

const DEFAULT_MAX_BODY = 16 * 1024 * 1024;

export class Transport {
  private readonly injected?: Dispatcher;
  private direct?: Dispatcher;
  private proxied?: Dispatcher;
  private readonly insecure: Set<string>;
  private readonly policy: RetryPolicy;
  private readonly connectMs: number;
  private readonly requestMs: number;
  private readonly limiter: HostLimiter;
  private readonly recorder = new StatsRecorder();
  private readonly userAgent: string;
  private readonly onRequest?: (e: RequestEvent) => void;
  private readonly env: NodeJS.ProcessEnv;
  private readonly ca?: string[];
  private readonly concurrency: number;
  private readonly sleep: (ms: number) => Promise<void>;
  private readonly now: () => number;
  private readonly random: () => number;

  constructor(options: TransportOptions = {}) {
    this.injected = options.dispatcher;
    this.insecure = new Set((options.insecureHosts ?? []).map(bareHost));
    this.policy = retryPolicy(options.retry);
    this.connectMs = options.timeouts?.connectMs ?? 10_000;
    this.requestMs = options.timeouts?.requestMs ?? 60_000;
    this.concurrency = Math.max(1, options.concurrency ?? 8);
    this.limiter = new HostLimiter(this.concurrency);
    this.userAgent = options.userAgent ?? USER_AGENT;
    this.env = options.env ?? process.env;
    const debug = envDebugSink(this.env);
    this.onRequest = options.onRequest && debug
      ? (e) => { options.onRequest!(e); debug(e); }
      : options.onRequest ?? debug;
    // Read the CA eagerly so a bad `ca` option fails at construction, not at the first request.
    this.ca = options.ca !== undefined ? trustedCertificates(options.ca) : undefined;
    this.sleep = options.sleep ?? ((ms) => new Promise((r) => setTimeout(r, ms)));
    this.now = options.now ?? Date.now;
    this.random = options.random ?? Math.random;
  }

  /** Request counters so far. */
  public get stats(): RequestStats {
    return this.recorder.snapshot();
  }

  /** Clock shared with the auth layer. */
  public get clock(): () => number {
    return this.now;
  }

  /** Marks a host as plain HTTP from now on. */
  public markInsecure(host: string): void {
    this.insecure.add(bareHost(host));
  }

  /** True when `host` is reached over plain HTTP. */
  public isInsecure(host: string): boolean {
    return this.insecure.has(host.toLowerCase());
  }

  /** `https://host` or, for insecure hosts, `http://host`. */
  public baseUrl(host: string, insecure?: boolean): URL {
    const scheme = insecure ?? this.isInsecure(host) ? 'http' : 'https';
    return new URL(`${scheme}://${host}`);
  }

  /** Sends `req` (with retries) and reads the whole response body. */
  public async fetch(req: TransportRequest): Promise<BufferedResponse> {
    const limit = req.maxBodyBytes ?? DEFAULT_MAX_BODY;
    return this.run(req, async (res, attempt) => {
      const body = await attempt.readBody(res.body, limit);
      return { body };
    });
  }

  /** Sends `req` (with retries until headers arrive) and streams the body. */
  public async stream(req: TransportRequest): Promise<StreamingResponse> {
    return this.run(req, async (res, attempt) => ({ body: attempt.streamBody(res.body) }));
  }

  /** Closes the dispatchers this transport created (not an injected one). */
  public async close(): Promise<void> {
    await Promise.all([this.direct?.close(), this.proxied?.close()]);
  }

  private async run<T extends object>(
    req: TransportRequest,
    consume: (res: Dispatcher.ResponseData, attempt: Attempt) => Promise<T>,
  ): Promise<TransportResponse & T> {
    const idempotent = req.idempotent ?? (req.method === 'GET' || req.method === 'HEAD');
    const host = req.url.host;
    const deadline = this.now() + this.policy.deadlineMs;
    const headers: Record<string, string> = { 'user-agent': this.userAgent, ...req.headers };
    const dispatcher = this.dispatcherFor(req.url);
    const url = displayUrl(req.url);

    for (let attempt = 1; ; attempt++) {
      const timeoutMs = Math.min(this.requestMs, Math.max(0, deadline - this.now()));
      const ctx: FailureContext = { host, method: req.method, url, reference: req.reference, timeoutMs };
      const release = await this.limiter.acquire(host);
      const controller = new AbortController();
      let timedOut = false;
      const timer = setTimeout(() => { timedOut = true; controller.abort(timeoutReason(timeoutMs)); }, timeoutMs);
      timer.unref?.();
      const settle = (): void => { clearTimeout(timer); release(); };
      const started = this.now();
      this.recorder.request(host);

      let res: Dispatcher.ResponseData;
      try {
        res = await dispatcher.request({
          origin: req.url.origin,
          path: req.url.pathname + req.url.search,
          method: req.method,
          headers,
          body: req.body,
          signal: controller.signal,
          headersTimeout: timeoutMs,
          bodyTimeout: timeoutMs,
          // undici closes the connection after every HEAD (for servers that send
          // a body anyway) unless told otherwise; registries answer HEAD properly,
          // and an exact version is one HEAD, so keep the connection (and its TLS session).
          reset: false,
        });
      } catch (err) {
        settle();
        const failure = classifyNetworkError(err, 'connect', timedOut, ctx);
        this.report(req.method, url, attempt, started, undefined, failure.label);
        if (await this.mayRetry(failure, idempotent, attempt, deadline)) continue;
        throw failure.toError(attempt);
      }
      this.report(req.method, url, attempt, started, res.statusCode);

      if (idempotent && RETRYABLE_STATUS.has(res.statusCode) && attempt < this.policy.maxAttempts) {
        const retryAfter = parseRetryAfter(header(res.headers as ResponseHeaders, 'retry-after'), this.now());
        const delay = retryDelay(attempt, this.policy, retryAfter, this.random);
        if (this.now() + delay < deadline) {
          await res.body.dump().catch(() => undefined);
          settle();
          await this.sleep(delay);
          continue;
        }
      }

      const state = new Attempt(this.recorder, host, ctx, () => timedOut, settle, header(res.headers as ResponseHeaders, 'content-length'));
      try {
        const consumed = await consume(res, state);
        return { statusCode: res.statusCode, headers: res.headers as ResponseHeaders, url: req.url, attempts: attempt, ...consumed };
      } catch (err) {
        if (!(err instanceof BodyFailure)) throw err;
        if (await this.mayRetry(err.failure, idempotent, attempt, deadline)) continue;
        throw err.failure.toError(attempt);
      }
    }
  }

  private async mayRetry(failure: NetworkFailure, idempotent: boolean, attempt: number, deadline: number): Promise<boolean> {
    if (!failure.retryable || !idempotent || attempt >= this.policy.maxAttempts) return false;
    const delay = retryDelay(attempt, this.policy, undefined, this.random);
    if (this.now() + delay >= deadline) return false;
    await this.sleep(delay);
    return true;
  }

  private report(method: string, url: string, attempt: number, started: number, status?: number, error?: string): void {
    this.onRequest?.({ method, url, attempt, status, error, durationMs: this.now() - started });
  }

  private dispatcherFor(url: URL): Dispatcher {
    if (this.injected) return this.injected;
    const tls = this.ca ? { ca: this.ca } : {};
    const agentOptions = { connections: this.concurrency, keepAliveTimeout: 30_000 };
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
      proxyTls: { ...tls, timeout: this.connectMs },
      httpProxy: proxy.httpProxy ?? '',
      httpsProxy: proxy.httpsProxy ?? '',
      noProxy: proxy.noProxy,
    }));
  }
}

/** A body read that failed; carries the classification for the retry loop. */
class BodyFailure extends Error {
  constructor(readonly failure: NetworkFailure) {
    super(failure.label);
  }
}

/** Body handling for one attempt: byte counting, the whole-request timer, the concurrency slot. */
class Attempt {
  constructor(
    private readonly recorder: StatsRecorder,
    private readonly host: string,
    private readonly ctx: FailureContext,
    private readonly timedOut: () => boolean,
    private readonly settle: () => void,
    private readonly contentLength: string | undefined,
  ) {}

  public async readBody(body: Readable, limit: number): Promise<Buffer> {
    const chunks: Buffer[] = [];
    let received = 0;
    try {
      for await (const chunk of body) {
        const buf = chunk as Buffer;
        received += buf.length;
        this.recorder.bytesReceived(this.host, buf.length);
        if (received > limit) {
          body.destroy();
          throw new RegistryProtocolError(
            `registry ${this.host} sent a response body larger than ${limit} bytes (${this.ctx.method} ${this.ctx.url}); refusing to read it`,
            { host: this.host, method: this.ctx.method, reference: this.ctx.reference },
          );
        }
        chunks.push(buf);
      }
    } catch (err) {
      if (err instanceof RegistryProtocolError) throw err;
      throw new BodyFailure(this.bodyFailure(err, received));
    } finally {
      this.settle();
    }
    return Buffer.concat(chunks, received);
  }

  public streamBody(body: Readable): Readable {
    let received = 0;
    const counter = new Transform({
      transform: (chunk: Buffer, _enc, cb) => {
        received += chunk.length;
        this.recorder.bytesReceived(this.host, chunk.length);
        cb(null, chunk);
      },
    });
    body.on('error', (err) => {
      this.settle();
      counter.destroy(this.bodyFailure(err, received).toError(1));
    });
    body.on('end', () => this.settle());
    body.on('close', () => this.settle());
    counter.on('close', () => {
      // A consumer that gives up early frees the connection and the slot.
      if (!body.destroyed) body.destroy();
      this.settle();
    });
    body.pipe(counter);
    return counter;
  }

  private bodyFailure(err: unknown, received: number): NetworkFailure {
    const expected = this.contentLength !== undefined ? Number(this.contentLength) : undefined;
    return classifyNetworkError(err, 'body', this.timedOut(), { ...this.ctx, bodyBytes: { received, expected } });
  }
}

/** `oci://Host:5000/path` → `host:5000`. */
function bareHost(host: string): string {
  return host.replace(/^[a-zA-Z][a-zA-Z0-9+.-]*:\/\//, '').replace(/\/.*$/, '').toLowerCase();
}

/** The abort reason of the whole-request timer; it becomes the `cause` of the timeout error. */
function timeoutReason(ms: number): Error {
  return Object.assign(new Error(`request did not complete within ${ms} ms`), { code: 'FLUX_OCI_REQUEST_TIMEOUT' });
}
