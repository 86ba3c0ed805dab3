import { Readable, Transform } from 'node:stream';
import { Dispatcher } from 'undici';
import { classifyNetworkError, FailureContext, NetworkFailure } from './failures';
import { StatsRecorder } from './stats';
import { RegistryProtocolError } from '../errors';

/** A body read that failed; carries the classification for the retry loop. */
export class BodyFailure extends Error {
  constructor(readonly failure: NetworkFailure) {
    super(failure.label);
  }
}

/**
 * The response body of one attempt: byte counting, the size limit of a
 * buffered read, and freeing the attempt (its timer and concurrency slot)
 * when the body ends.
 */
export class AttemptBody {
  constructor(
    private readonly body: Dispatcher.ResponseData['body'],
    private readonly recorder: StatsRecorder,
    private readonly ctx: FailureContext,
    private readonly timedOut: () => boolean,
    private readonly settle: () => void,
    private readonly contentLength: string | undefined,
  ) {}

  /** Drops the body unread (before a retry) and frees the attempt. */
  public async discard(): Promise<void> {
    await this.body.dump().catch(() => undefined);
    this.settle();
  }

  /** The whole body; a {@link BodyFailure} when it breaks off. */
  public read(limit: number): Promise<Buffer> {
    const body = this.body;
    const host = this.ctx.host;
    const chunks: Buffer[] = [];
    let received = 0;
    // Listeners, not `for await`: an async iterator costs a promise per chunk and its own stream plumbing, per request.
    return new Promise<Buffer>((resolve, reject) => {
      let finished = false;
      const done = (err?: unknown): void => {
        if (finished) return;
        finished = true;
        body.off('data', onData);
        body.off('end', onEnd);
        // The error listener stays: destroying an unfinished body emits an abort error that must not go unhandled.
        this.settle();
        if (err === undefined) resolve(Buffer.concat(chunks, received));
        else reject(err instanceof RegistryProtocolError ? err : new BodyFailure(this.failure(err, received)));
      };
      const onData = (chunk: Buffer): void => {
        received += chunk.length;
        this.recorder.bytesReceived(host, chunk.length);
        if (received > limit) {
          body.destroy();
          done(new RegistryProtocolError(
            `registry ${host} sent a response body larger than ${limit} bytes (${this.ctx.method} ${this.ctx.url}); refusing to read it`,
            { host, method: this.ctx.method, reference: this.ctx.reference },
          ));
          return;
        }
        chunks.push(chunk);
      };
      const onEnd = (): void => done();
      const onError = (err: Error): void => done(err);
      body.on('data', onData);
      body.once('end', onEnd);
      body.on('error', onError);
    });
  }

  /** The body as a stream that counts bytes; a break-off destroys it with the registry error. */
  public stream(): Readable {
    const body = this.body;
    const host = this.ctx.host;
    let received = 0;
    const counter = new Transform({
      transform: (chunk: Buffer, _enc, cb) => {
        received += chunk.length;
        this.recorder.bytesReceived(host, chunk.length);
        cb(null, chunk);
      },
    });
    body.on('error', (err) => {
      this.settle();
      counter.destroy(this.failure(err, received).toError(1));
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

  private failure(err: unknown, received: number): NetworkFailure {
    const expected = this.contentLength !== undefined ? Number(this.contentLength) : undefined;
    return classifyNetworkError(err, 'body', this.timedOut(), { ...this.ctx, bodyBytes: { received, expected } });
  }
}
