import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

// Unit tests synthesize charts from registries this machine cannot reach
// (ghcr.io, docker.io). Registry checks are off unless a test turns them on
// (the resolver and end-to-end tests, against local registries).
process.env.FLUX_OCI_RESOLVE = 'off';

// The chart content cache goes to a folder of this test file's own, never the user's cache.
process.env.FLUX_OCI_CACHE = mkdtempSync(join(tmpdir(), 'flux-oci-test-cache-'));
