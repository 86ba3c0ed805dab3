export type HttpMethod = 'GET' | 'HEAD' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

/** One logical request; the transport may send it several times. */
export interface TransportRequest {
  readonly method: HttpMethod;
  readonly url: URL;
  /** Request headers; never reported or logged. @default {} */
  readonly headers?: Readonly<Record<string, string>>;
  /**
   * Headers computed when an attempt gets its per-host slot, merged over
   * `headers`; called once per attempt, synchronously. The auth layer uses
   * it so a request that waited in the queue leaves with the token that
   * arrived meanwhile. Never reported or logged.
   * @default - none
   */
  readonly lateHeaders?: () => Readonly<Record<string, string>>;
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
