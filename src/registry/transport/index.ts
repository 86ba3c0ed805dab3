/**
 * The HTTP layer of the registry client, in small pieces composed by
 * {@link Transport}; see transport.ts for how they wrap each other.
 */
export { Transport } from './transport';
export type { HttpDispatcher, TransportOptions, TimeoutOptions } from './options';
export type { HttpMethod, TransportRequest } from './request';
export { header, headerValues } from './response';
export type { ResponseHeaders, TransportResponse, BufferedResponse, StreamingResponse } from './response';
export { DEFAULT_RETRY_POLICY, parseRetryAfter } from './retry';
export type { RetryOptions, RetryPolicy } from './retry';
export type { RequestStats, HostStats } from './stats';
export { displayUrl } from './debug';
export type { RequestEvent } from './debug';
export { isLoopbackHost, usesProxy, proxySettings } from './proxy';
export type { ProxySettings } from './proxy';
export type { CaInput, ClientCertificate, ClientCertificatePem } from './tls';
