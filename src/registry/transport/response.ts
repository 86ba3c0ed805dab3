import { Readable } from 'node:stream';

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

/** First value of a response header. @internal */
export function header(headers: ResponseHeaders, name: string): string | undefined {
  const v = headers[name.toLowerCase()];
  return Array.isArray(v) ? v[0] : v;
}

/** All values of a response header. @internal */
export function headerValues(headers: ResponseHeaders, name: string): string[] {
  const v = headers[name.toLowerCase()];
  return v === undefined ? [] : Array.isArray(v) ? v : [v];
}
