import { AttemptSender, PreparedRequest } from './attempt';
import { AttemptBody, BodyFailure } from './body';
import { Connections } from './connection';
import { requestReporter } from './debug';
import { InsecureHosts } from './insecure-hosts';
import { HostLimiter } from './limiter';
import { TransportOptions } from './options';
import { TransportRequest } from './request';
import { BufferedResponse, header, StreamingResponse, TransportResponse } from './response';
import { RetryPolicy, retryPolicy, RetrySchedule, RetryTiming } from './retry';
import { RequestStats, StatsRecorder } from './stats';
import { USER_AGENT } from './user-agent';

/**
 * The HTTP layer: scheme choice (https unless the host is marked insecure),
 * TLS trust, proxies, timeouts, per-host concurrency, retries and request
 * accounting. It knows nothing of auth or the registry API; it never logs
 * or reports a header.
 *
 * Layers, outermost first: this class (scheme, user agent, buffered or
 * streamed body) → retry.ts (attempts, deadline, backoff, Retry-After) →
 * attempt.ts (per-host slot from limiter.ts, timer, stats.ts counters,
 * debug.ts events) → connection.ts (undici dispatcher: keep-alive, tls.ts,
 * proxy.ts).
 */

const DEFAULT_MAX_BODY = 16 * 1024 * 1024;

/** @internal */
export class Transport {
  private readonly connections: Connections;
  private readonly insecure: InsecureHosts;
  private readonly policy: RetryPolicy;
  private readonly timing: RetryTiming;
  private readonly requestMs: number;
  private readonly recorder = new StatsRecorder();
  private readonly attempts: AttemptSender;
  private readonly userAgent: string;

  constructor(options: TransportOptions = {}) {
    const env = options.env ?? process.env;
    const concurrency = Math.max(1, options.concurrency ?? 8);
    this.insecure = new InsecureHosts(options.insecureHosts ?? []);
    this.policy = retryPolicy(options.retry);
    this.timing = {
      now: options.now ?? Date.now,
      sleep: options.sleep ?? ((ms) => new Promise((r) => setTimeout(r, ms))),
      random: options.random ?? Math.random,
    };
    this.requestMs = options.timeouts?.requestMs ?? 60_000;
    this.userAgent = options.userAgent ?? USER_AGENT;
    const connectMs = options.timeouts?.connectMs ?? 10_000;
    this.connections = new Connections({
      dispatcher: options.dispatcher,
      ca: options.ca,
      clientCertificate: options.clientCertificate,
      insecureSkipTlsVerify: options.insecureSkipTlsVerify,
      connectMs,
      connections: concurrency,
      env,
    });
    this.attempts = new AttemptSender({
      limiter: new HostLimiter(concurrency),
      recorder: this.recorder,
      report: requestReporter(options.onRequest, env),
      now: this.timing.now,
      connectMs: options.dispatcher ? undefined : connectMs,
    });
  }

  /** Request counters so far. */
  public get stats(): RequestStats {
    return this.recorder.snapshot();
  }

  /** Clock shared with the auth layer. */
  public get clock(): () => number {
    return this.timing.now;
  }

  /** Marks a host as plain HTTP from now on. */
  public markInsecure(host: string): void {
    this.insecure.add(host);
  }

  /** True when `host` is reached over plain HTTP. */
  public isInsecure(host: string): boolean {
    return this.insecure.has(host);
  }

  /** `https://host` or, for insecure hosts, `http://host`. */
  public baseUrl(host: string, insecure?: boolean): URL {
    return this.insecure.baseUrl(host, insecure);
  }

  /** `https` or, for insecure hosts, `http`. */
  public scheme(host: string, insecure?: boolean): 'http' | 'https' {
    return this.insecure.scheme(host, insecure);
  }

  /** Sends `req` (with retries) and reads the whole response body. */
  public fetch(req: TransportRequest): Promise<BufferedResponse> {
    const limit = req.maxBodyBytes ?? DEFAULT_MAX_BODY;
    return this.run(req, async (body) => ({ body: await body.read(limit) }));
  }

  /** Sends `req` (with retries until headers arrive) and streams the body. */
  public stream(req: TransportRequest): Promise<StreamingResponse> {
    return this.run(req, async (body) => ({ body: body.stream() }));
  }

  /** Closes the dispatchers this transport created (not an injected one). */
  public async close(): Promise<void> {
    await this.connections.close();
  }

  private async run<T extends object>(
    req: TransportRequest,
    consume: (body: AttemptBody) => Promise<T>,
  ): Promise<TransportResponse & T> {
    const idempotent = req.idempotent ?? (req.method === 'GET' || req.method === 'HEAD');
    const schedule = new RetrySchedule(this.policy, idempotent, this.timing);
    const prepared = new PreparedRequest({
      headers: { 'user-agent': this.userAgent, ...req.headers },
      lateHeaders: req.lateHeaders,
      dispatcher: this.connections.dispatcherFor(req.url),
      method: req.method,
      url: req.url,
      body: req.body,
      reference: req.reference,
    });

    for (let attempt = 1; ; attempt++) {
      const sent = await this.attempts.send(prepared, attempt, schedule.attemptTimeout(this.requestMs));
      if ('failure' in sent) {
        if (await schedule.retryAfterFailure(sent.failure, attempt)) continue;
        throw sent.failure.toError(attempt);
      }

      const delay = schedule.statusRetryDelay(sent.statusCode, header(sent.headers, 'retry-after'), attempt);
      if (delay !== undefined) {
        await sent.body.discard();
        await schedule.wait(delay);
        continue;
      }

      try {
        const consumed = await consume(sent.body);
        return { statusCode: sent.statusCode, headers: sent.headers, url: req.url, attempts: attempt, ...consumed };
      } catch (err) {
        if (!(err instanceof BodyFailure)) throw err;
        if (await schedule.retryAfterFailure(err.failure, attempt)) continue;
        throw err.failure.toError(attempt);
      }
    }
  }
}
