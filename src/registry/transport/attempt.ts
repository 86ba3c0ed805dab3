import { Dispatcher } from 'undici';
import { AttemptBody } from './body';
import { AbortEmitter, send } from './connection';
import { displayUrl, RequestReporter } from './debug';
import { classifyNetworkError, FailureContext, NetworkFailure } from './failures';
import { HostLimiter } from './limiter';
import { HttpMethod } from './request';
import { header, ResponseHeaders } from './response';
import { StatsRecorder } from './stats';

/**
 * One attempt of a request: waits for a per-host slot, arms the
 * whole-attempt timer, counts the request, sends it, and reports the
 * outcome (never a header). The slot and timer are held until the body is
 * consumed or discarded.
 */

/** The fields of a {@link PreparedRequest}. */
export interface PreparedFields {
  readonly dispatcher: Dispatcher;
  readonly method: HttpMethod;
  readonly url: URL;
  readonly headers: Record<string, string>;
  /** See `TransportRequest.lateHeaders`. */
  readonly lateHeaders?: () => Readonly<Record<string, string>>;
  readonly body?: Buffer | string;
  readonly reference?: string;
}

/**
 * What every attempt of one request shares. A class, not an object literal
 * with a getter: V8 builds such a literal on a slow path, and one is made
 * per request.
 */
export class PreparedRequest implements PreparedFields {
  public readonly dispatcher: Dispatcher;
  public readonly method: HttpMethod;
  public readonly url: URL;
  public readonly headers: Record<string, string>;
  public readonly lateHeaders?: () => Readonly<Record<string, string>>;
  public readonly body?: Buffer | string;
  public readonly reference?: string;
  private shownUrl?: string;

  constructor(fields: PreparedFields) {
    this.dispatcher = fields.dispatcher;
    this.method = fields.method;
    this.url = fields.url;
    this.headers = fields.headers;
    this.lateHeaders = fields.lateHeaders;
    this.body = fields.body;
    this.reference = fields.reference;
  }

  /** `url` as events and messages show it; spelled out only for a request log line or an error, which most requests need neither of. */
  public get displayUrl(): string {
    return this.shownUrl ??= displayUrl(this.url);
  }
}

/** An attempt's {@link FailureContext}, its URL spelled out only when a message needs it (a class for the reason above). */
class AttemptContext implements FailureContext {
  public readonly host: string;
  public readonly method: string;
  public readonly reference?: string;

  constructor(private readonly req: PreparedRequest, public readonly timeoutMs: number, public readonly connectMs: number | undefined) {
    this.host = req.url.host;
    this.method = req.method;
    this.reference = req.reference;
  }

  public get url(): string {
    return this.req.displayUrl;
  }
}

/** Headers arrived: the response and its body. */
export interface Answered {
  readonly statusCode: number;
  readonly headers: ResponseHeaders;
  readonly body: AttemptBody;
}

/** No response: the failure, classified. */
export interface Failed {
  readonly failure: NetworkFailure;
}

export interface AttemptSenderOptions {
  readonly limiter: HostLimiter;
  readonly recorder: StatsRecorder;
  readonly report?: RequestReporter;
  readonly now: () => number;
  /** Connect timeout of the dispatcher, for messages; undefined for an injected one. */
  readonly connectMs?: number;
}

export class AttemptSender {
  constructor(private readonly options: AttemptSenderOptions) {}

  /** Sends attempt number `attempt` of `req`, allowing it `timeoutMs` from sending to the end of the body. */
  public async send(req: PreparedRequest, attempt: number, timeoutMs: number): Promise<Answered | Failed> {
    const { limiter, recorder, report, now } = this.options;
    const host = req.url.host;
    const ctx = new AttemptContext(req, timeoutMs, this.options.connectMs);
    const release = limiter.tryAcquire(host) ?? await limiter.acquire(host);
    // Chosen only now that the slot is ours: what the request waited for (a token) may have arrived.
    let headers: Record<string, string>;
    try {
      headers = req.lateHeaders ? { ...req.headers, ...req.lateHeaders() } : req.headers;
    } catch (err) {
      release();
      throw err;
    }
    const controller = new AttemptAbort();
    let timedOut = false;
    const timer = setTimeout(() => { timedOut = true; controller.abort(timeoutReason(timeoutMs)); }, timeoutMs);
    timer.unref?.();
    const settle = (): void => { clearTimeout(timer); release(); };
    const started = now();
    recorder.request(host);
    const reportOutcome = (status?: number, error?: string): void =>
      report?.({ method: req.method, url: req.displayUrl, attempt, status, error, durationMs: now() - started });

    let res: Dispatcher.ResponseData;
    try {
      res = await send(req.dispatcher, {
        url: req.url,
        method: req.method,
        headers,
        body: req.body,
        signal: controller.signal,
        timeoutMs,
      });
    } catch (err) {
      settle();
      const failure = classifyNetworkError(err, 'connect', timedOut, ctx);
      reportOutcome(undefined, failure.label);
      return { failure };
    }
    reportOutcome(res.statusCode);
    const resHeaders = res.headers as ResponseHeaders;
    const body = new AttemptBody(res.body, recorder, ctx, () => timedOut, settle, header(resHeaders, 'content-length'));
    return { statusCode: res.statusCode, headers: resHeaders, body };
  }
}

/** The abort reason of the whole-request timer; it becomes the `cause` of the timeout error. */
function timeoutReason(ms: number): Error {
  return Object.assign(new Error(`request did not complete within ${ms} ms`), { code: 'FLUX_OCI_REQUEST_TIMEOUT' });
}

/**
 * The whole-attempt timer's abort signal, in the EventEmitter shape undici
 * takes as `signal`: it checks `on`, reads `aborted` and `reason`, and
 * listens with `once('abort')` / `removeListener` (undici@7.30.2
 * `lib/api/api-request.js` `RequestHandler`, `lib/core/util.js`
 * `addAbortListener`). An AbortController per attempt cost about 25 µs of
 * CPU per request (EventTarget set-up and listener bookkeeping), and a
 * Node EventEmitter still about 800 bytes (its listener table and `once`
 * wrapper); this holds the one or two listeners an attempt gets.
 */
class AttemptAbort implements AbortEmitter {
  public aborted = false;
  public reason?: Error;
  private listeners: (() => void)[] | undefined;

  public get signal(): this {
    return this;
  }

  public on(_event: 'abort', listener: () => void): this {
    (this.listeners ??= []).push(listener);
    return this;
  }

  public once(event: 'abort', listener: () => void): this {
    // An attempt aborts at most once, so every listener is a once-listener.
    return this.on(event, listener);
  }

  public removeListener(_event: 'abort', listener: () => void): this {
    const at = this.listeners?.indexOf(listener) ?? -1;
    if (at >= 0) this.listeners!.splice(at, 1);
    return this;
  }

  public abort(reason: Error): void {
    if (this.aborted) return;
    this.aborted = true;
    this.reason = reason;
    const listeners = this.listeners ?? [];
    this.listeners = undefined;
    for (const listener of listeners) listener();
  }
}
