import { inspect } from 'node:util';
import { RegistryClient, RegistryClientOptions } from '../../../src/registry';
import { StaticCredentials } from '../../../src/registry/credentials';
import { CANARY, TestRegistry } from '../../support/registry';

/**
 * A client for a test registry: plain HTTP unless the registry speaks TLS
 * (then trusting its CA), short timeouts so nothing hangs, and debug
 * output captured (not printed) so tests can check it for secrets.
 */
export function clientFor(registry: TestRegistry | { host: string; upstream: TestRegistry }, options: RegistryClientOptions = {}): {
  client: RegistryClient;
  debugLines: string[];
} {
  const upstream = 'upstream' in registry ? registry.upstream : registry;
  const plain = 'upstream' in registry || !upstream.tls;
  const debugLines: string[] = [];
  const client = new RegistryClient({
    insecureHosts: plain ? [registry.host] : [],
    ca: !plain ? upstream.caPem : undefined,
    timeouts: { connectMs: 5_000, requestMs: 10_000 },
    retry: { baseDelayMs: 10, maxDelayMs: 50, deadlineMs: 30_000 },
    env: {},
    onRequest: (e) => debugLines.push(JSON.stringify(e)),
    ...options,
  });
  return { client, debugLines };
}

/** Fails when the canary (every harness password contains it) or `secrets` appear in any rendering of `values`. */
export function expectNoSecrets(values: readonly unknown[], secrets: readonly (string | undefined)[] = []): void {
  for (const value of values) {
    const renderings = [
      typeof value === 'string' ? value : '',
      value instanceof Error ? value.message : '',
      value instanceof Error ? value.stack ?? '' : '',
      inspect(value, { depth: Infinity, showHidden: true }),
      safeJson(value),
    ];
    for (const text of renderings) {
      expect(text).not.toContain(CANARY);
      for (const secret of secrets) if (secret) expect(text).not.toContain(secret);
    }
  }
}

function safeJson(value: unknown): string {
  try {
    return JSON.stringify(value, Object.getOwnPropertyNames(value ?? {})) ?? '';
  } catch {
    return '';
  }
}

/** Collects what `fn` writes to stderr. */
export async function captureStderr<T>(fn: () => Promise<T>): Promise<{ result?: T; error?: unknown; stderr: string }> {
  const chunks: string[] = [];
  const spy = jest.spyOn(process.stderr, 'write').mockImplementation((chunk: any) => { chunks.push(String(chunk)); return true; });
  try {
    return { result: await fn(), stderr: chunks.join('') };
  } catch (error) {
    return { error, stderr: chunks.join('') };
  } finally {
    spy.mockRestore();
  }
}

/** Credentials for one host, taken from a test registry's user. */
export function credentialsFor(host: string, user: { username?: string; password?: string }): StaticCredentials {
  return new StaticCredentials({ [host]: { username: user.username!, password: user.password! } });
}
