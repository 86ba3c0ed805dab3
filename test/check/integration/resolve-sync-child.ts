/**
 * Runs `resolveSync` in its own process and prints the report as JSON.
 * `resolveSync` blocks its thread with Atomics.wait, so it cannot share a
 * process with the loopback fault proxy it is tested through (the proxy
 * would never answer). Input: one JSON argument `{ requests, options }`.
 */
import { ChartRequest } from '../../../src/check/request';
import { resolveSync, ResolveSyncOptions } from '../../../src/check/sync/resolve-sync';

const { requests, options } = JSON.parse(process.argv[2]) as { requests: ChartRequest[]; options: ResolveSyncOptions };
process.stdout.write(JSON.stringify(resolveSync(requests, options)));
