import type { IncomingMessage, ServerResponse } from 'node:http';
import type { TestRegistry } from '../registry';
import { bufferBody, endToEndRawHeaders, invalidOption, RegistryFront, relay, RequestRecordDraft, startFront, UpstreamClient } from './front-server';

/**
 * What to do instead of (or to) the registry's answer:
 * - `status`: answer without asking the registry (e.g. 429 + `Retry-After`, 502, 503).
 * - `reset`: TCP reset (RST) before any response, or after the headers and half the body.
 * - `stall`: never answer, or stop after the headers and half the body; the connection stays open until the proxy stops.
 * - `truncate`: the registry's headers (with the full `Content-Length`), half the body, then a clean close.
 */
export type Fault =
  | {
    readonly kind: 'status';
    readonly status: number;
    /** @default - none */
    readonly headers?: Readonly<Record<string, string>>;
    /** @default '' */
    readonly body?: string;
  }
  | {
    readonly kind: 'reset' | 'stall';
    /**
     * `mid-request`: once half of the request body (by Content-Length) has
     * arrived, e.g. in the middle of a blob upload; `mid-body`: halfway
     * through the registry's response.
     * @default 'before-response'
     */
    readonly when?: 'before-response' | 'mid-request' | 'mid-body';
  }
  | { readonly kind: 'truncate' };

/** When to inject a fault. */
export interface FaultRule {
  /** @default - any method */
  readonly method?: string;
  /** Tested against the request path with its query, e.g. `/\/tags\/list/`. */
  readonly path: RegExp;
  /**
   * Which matching requests (1-based, counted per rule) get the fault.
   * @default 1
   */
  readonly occurrence?: number | readonly number[] | 'every';
  readonly fault: Fault;
}

/** A front that injects faults; with no rules it is a pure request counter. */
export interface FaultProxy extends RegistryFront {
  /** Replaces the rules and restarts their occurrence counts. */
  setRules(rules: readonly FaultRule[]): void;
}

/**
 * Starts a forwarding proxy that injects faults by rule. Every rule whose
 * method and path match counts the request; the first rule whose count is
 * one of its occurrences applies. Unmatched requests pass through
 * unchanged and are recorded, so the proxy doubles as a request counter.
 */
export async function startFaultProxy(registry: TestRegistry, rules: readonly FaultRule[] = []): Promise<FaultProxy> {
  let active = validate(rules);
  let counts = active.map(() => 0);
  const front = await startFront(registry, async (req, res, record, upstream) => {
    let fault: Fault | undefined;
    active.forEach((rule, i) => {
      if ((rule.method !== undefined && rule.method !== req.method) || !rule.path.test(req.url ?? '')) return;
      counts[i] += 1;
      if (fault === undefined && fires(rule, counts[i])) fault = rule.fault;
    });
    if (fault === undefined) {
      relay(await upstream.forward(req), res);
    } else {
      await inject(fault, req, res, record, upstream);
    }
  });
  return {
    ...front,
    setRules: (next) => {
      active = validate(next);
      counts = active.map(() => 0);
    },
  };
}

function fires(rule: FaultRule, count: number): boolean {
  const occurrence = rule.occurrence ?? 1;
  if (occurrence === 'every') return true;
  return typeof occurrence === 'number' ? occurrence === count : occurrence.includes(count);
}

async function inject(fault: Fault, req: IncomingMessage, res: ServerResponse, record: RequestRecordDraft, upstream: UpstreamClient): Promise<void> {
  record.fault = fault.kind;
  if (fault.kind === 'status') {
    req.resume();
    const body = fault.body ?? '';
    const headers: Record<string, string> = { ...fault.headers };
    if (body && !Object.keys(headers).some((h) => h.toLowerCase() === 'content-type')) headers['Content-Type'] = 'text/plain';
    record.status = fault.status;
    res.writeHead(fault.status, headers);
    res.end(body);
    return;
  }
  const when = fault.kind === 'truncate' ? 'mid-body' : fault.when ?? 'before-response';
  if (when === 'mid-request') {
    await halfOfRequestBody(req);
    if (fault.kind === 'reset') req.socket.resetAndDestroy();
    return;
  }
  if (when === 'before-response') {
    req.resume();
    if (fault.kind === 'reset') req.socket.resetAndDestroy();
    return; // stall: hold the connection until the proxy stops
  }
  const answer = await upstream.forward(req);
  const body = await bufferBody(answer);
  const headers = endToEndRawHeaders(answer, ['content-length']);
  headers.push('Content-Length', String(body.length));
  record.status = answer.statusCode;
  res.writeHead(answer.statusCode ?? 502, headers);
  res.write(body.subarray(0, Math.floor(body.length / 2)), () => {
    if (fault.kind === 'reset') req.socket.resetAndDestroy();
    if (fault.kind === 'truncate') req.socket.end();
    // stall: nothing more is ever written
  });
}

/** Resolves once half the declared request body has arrived (at once for bodiless requests). */
function halfOfRequestBody(req: IncomingMessage): Promise<void> {
  const half = Math.floor(Number(req.headers['content-length'] ?? 0) / 2);
  let received = 0;
  return new Promise((resolve) => {
    if (half === 0) return resolve();
    req.on('data', (chunk: Buffer) => {
      received += chunk.length;
      if (received >= half) {
        req.pause();
        resolve();
      }
    });
    req.on('end', () => resolve());
  });
}

function validate(rules: readonly FaultRule[]): readonly FaultRule[] {
  for (const rule of rules) {
    if (!(rule.path instanceof RegExp)) invalidOption('FaultRule.path', rule.path, 'a RegExp');
    if (rule.path.global || rule.path.sticky) invalidOption('FaultRule.path flags', rule.path.flags, 'free of g and y (they make test() stateful)');
    if (rule.fault.kind === 'status' && !(rule.fault.status >= 100 && rule.fault.status <= 599)) {
      invalidOption('status fault code', rule.fault.status, 'an HTTP status 100-599');
    }
  }
  return [...rules];
}
