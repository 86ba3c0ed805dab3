import { MockAgent } from 'undici';
import { RegistryClient, RegistryClientOptions } from '../../src/registry';

/**
 * A registry faked with undici's MockAgent, for unit tests of the registry
 * client: exact replies, recorded requests, no network. Tests against a
 * server that can run use the real registries of ./registry instead.
 */

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

/** Reply options for {@link MockRegistry.reply}. */
export interface RecordedReply {
  readonly status: number;
  readonly body?: string | object;
  readonly headers?: Record<string, string | string[]>;
}

/** Which request a {@link MockRegistry.reply} answers. */
export interface RequestMatch {
  /** @default 'GET' */
  readonly method?: string;
  readonly path: string | RegExp | ((p: string) => boolean);
}

/** The fake registry of the current test. */
export interface MockRegistry {
  /** This test's agent, with network access disabled. */
  readonly agent: MockAgent;
  /** Requests answered through {@link MockRegistry.reply}, in order. */
  readonly seen: SeenRequest[];
  /** A client on the agent whose retries do not wait (the sleeps are recorded instead). */
  client(options?: RegistryClientOptions): { client: RegistryClient; sleeps: number[] };
  /** Intercepts one request on `origin` and records it into `seen` (headers lowercased) before replying. */
  reply(origin: string, match: RequestMatch, reply: RecordedReply): void;
  /** Closes the agent now (dropping replies still delayed) and puts a fresh one in its place. */
  restart(): Promise<void>;
}

/**
 * Registers `beforeEach`/`afterEach` in the calling scope: every test gets a
 * fresh agent and an empty `seen`; after it, every interceptor must have
 * been used, and the agent is closed.
 */
export function useMockRegistry(): MockRegistry {
  const mock = new PerTestRegistry();
  beforeEach(() => mock.start());
  afterEach(async () => {
    mock.agent.assertNoPendingInterceptors();
    await mock.agent.close();
  });
  return mock;
}

class PerTestRegistry implements MockRegistry {
  private current?: MockAgent;
  private requests: SeenRequest[] = [];

  public get agent(): MockAgent {
    if (!this.current) throw new Error('the mock registry exists only inside a test');
    return this.current;
  }

  public get seen(): SeenRequest[] {
    return this.requests;
  }

  public start(): void {
    this.current = offlineAgent();
    this.requests = [];
  }

  public client(options: RegistryClientOptions = {}): { client: RegistryClient; sleeps: number[] } {
    const sleeps: number[] = [];
    const client = new RegistryClient({
      dispatcher: this.agent,
      sleep: async (ms) => { sleeps.push(ms); },
      random: () => 0.5,
      env: {},
      ...options,
    });
    return { client, sleeps };
  }

  public reply(origin: string, match: RequestMatch, reply: RecordedReply): void {
    const seen = this.requests;
    this.agent.get(origin).intercept({ method: match.method ?? 'GET', path: match.path as any }).reply((opts: any) => {
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

  public async restart(): Promise<void> {
    await this.agent.close();
    this.current = offlineAgent();
  }
}

function offlineAgent(): MockAgent {
  const agent = new MockAgent();
  agent.disableNetConnect();
  return agent;
}
