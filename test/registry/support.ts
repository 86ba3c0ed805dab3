import { MockAgent } from 'undici';
import { RegistryClient, RegistryClientOptions } from '../../src/registry';

/** The error `fn` throws; fails the test when it does not throw. */
export function thrown(fn: () => unknown): Error {
  try {
    fn();
  } catch (e) {
    return e as Error;
  }
  throw new Error('expected a throw, got none');
}

/** The error `promise` rejects with; fails the test when it resolves. */
export async function rejected(promise: Promise<unknown>): Promise<Error> {
  try {
    await promise;
  } catch (e) {
    return e as Error;
  }
  throw new Error('expected a rejection, got a value');
}

/** A MockAgent with network access disabled, for use as a per-client dispatcher. */
export function mockAgent(): MockAgent {
  const agent = new MockAgent();
  agent.disableNetConnect();
  return agent;
}

/** A client on `agent` whose retries do not wait (sleeps are recorded instead). */
export function mockClient(agent: MockAgent, options: RegistryClientOptions = {}): { client: RegistryClient; sleeps: number[] } {
  const sleeps: number[] = [];
  const client = new RegistryClient({
    dispatcher: agent,
    sleep: async (ms) => { sleeps.push(ms); },
    random: () => 0.5,
    env: {},
    ...options,
  });
  return { client, sleeps };
}

export const JSON_HEADERS = { 'content-type': 'application/json' };

/** A registry `{"errors":[…]}` body. */
export function errorBody(code: string, message = code.toLowerCase()): string {
  return JSON.stringify({ errors: [{ code, message, detail: null }] });
}

/** A `sha256:` digest-shaped string made of one repeated hex digit (not the hash of anything). */
export function fakeDigest(hexDigit: string): string {
  return `sha256:${hexDigit.repeat(64)}`;
}

/** A request as an interceptor saw it. */
export interface SeenRequest {
  readonly origin: string;
  readonly method: string;
  readonly path: string;
  readonly headers: Record<string, string>;
  readonly body?: string;
}

/** Reply options for {@link replyRecording}. */
export interface RecordedReply {
  readonly status: number;
  readonly body?: string | object;
  readonly headers?: Record<string, string | string[]>;
}

/**
 * Intercepts one request on `origin` and records it into `seen` (headers
 * lowercased) before replying.
 */
export function replyRecording(
  agent: MockAgent,
  origin: string,
  match: { readonly method?: string; readonly path: string | RegExp | ((p: string) => boolean) },
  reply: RecordedReply,
  seen: SeenRequest[],
): void {
  agent.get(origin).intercept({ method: match.method ?? 'GET', path: match.path as any }).reply((opts: any) => {
    const headers: Record<string, string> = {};
    for (const [k, v] of Object.entries((opts.headers ?? {}) as Record<string, string>)) headers[k.toLowerCase()] = String(v);
    seen.push({ origin, method: opts.method, path: opts.path, headers, body: typeof opts.body === 'string' ? opts.body : opts.body?.toString() });
    return {
      statusCode: reply.status,
      data: typeof reply.body === 'object' ? JSON.stringify(reply.body) : reply.body ?? '',
      responseOptions: { headers: reply.headers ?? (typeof reply.body === 'object' ? JSON_HEADERS : {}) },
    };
  });
}
