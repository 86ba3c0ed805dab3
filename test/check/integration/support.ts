import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ChartRequest } from '../../../src/check/request';
import { ResolverOptions } from '../../../src/check/resolver';
import { TestRegistry } from '../../support/registry';

/** Short timeouts and retry delays so fault tests finish quickly. */
export const FAST: Pick<ResolverOptions, 'client'> = {
  client: { timeouts: { connectMs: 2_000, requestMs: 3_000 }, retry: { baseDelayMs: 10, maxDelayMs: 50, deadlineMs: 10_000 } },
};

/** A fresh folder for a lockfile. */
export function tempLockfile(): string {
  return join(mkdtempSync(join(tmpdir(), 'flux-oci-lock-')), 'flux-oci.lock.json');
}

/** A request against a test registry (plain HTTP unless it speaks TLS). */
export function requestFor(
  registry: { host: string; tls?: boolean }, repository: string, version: string, more: Partial<ChartRequest> = {},
): ChartRequest {
  return {
    path: `test/${repository}`,
    reference: `oci://${registry.host}/${repository}`,
    version,
    ruleSet: 'helm-repository',
    ...more,
    access: { insecure: !registry.tls, ...more.access },
  };
}

/** The registry's user as request credentials. */
export function userOf(registry: TestRegistry): { username: string; password: string } {
  return { username: registry.username!, password: registry.password! };
}
