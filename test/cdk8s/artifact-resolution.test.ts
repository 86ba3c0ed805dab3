import { existsSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { App, Chart } from 'cdk8s';
import { parseAllDocuments } from 'yaml';
import { FluxKustomization, FluxOci, OciArtifactSource, OciArtifactSourceProps, PrivateRegistrySecret, resolveApp } from '../../src/cdk8s';
import { PushedArtifact, pushArtifact } from '../../src/publish';
import { StaticCredentials } from '../../src/registry';
import { writeManifestDir } from '../publish/fixtures';
import { clientFor } from '../registry/integration/helpers';
import { CANARY, canaryPassword, startRegistry, TestRegistry } from '../support/registry';
import { expectValid } from '../support/validate';

let anonymous: TestRegistry;
let secured: TestRegistry;
const pushed: Record<string, PushedArtifact> = {};

/** Pushes the same manifests as `flux push artifact` would, under each tag. */
async function pushArtifacts(registry: TestRegistry, repository: string, tags: string[]): Promise<void> {
  const credentials = registry.username
    ? new StaticCredentials({ [registry.host]: { username: registry.username, password: registry.password! } })
    : undefined;
  const { client } = clientFor(registry, { credentials });
  try {
    for (const tag of tags) {
      const dir = writeManifestDir({ 'deploy.yaml': `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: app-${tag}\n` });
      pushed[`${registry.host}/${repository}:${tag}`] = await pushArtifact(client, dir, `oci://${registry.host}/${repository}:${tag}`, {
        source: 'https://github.com/acme/app', revision: `${tag}@sha1:0123456789abcdef0123456789abcdef01234567`,
      });
    }
  } finally {
    await client.close();
  }
}

beforeAll(async () => {
  [anonymous, secured] = await Promise.all([startRegistry({ mode: 'anonymous' }), startRegistry({ mode: 'htpasswd', password: canaryPassword() })]);
  await pushArtifacts(anonymous, 'manifests/app', ['v1.0.0', 'v1.1.0', 'v2.0.0-rc.1', 'production', 'latest']);
  await pushArtifacts(secured, 'private/app', ['staging']);
});
afterAll(async () => {
  await Promise.all([anonymous?.stop(), secured?.stop()]);
});

// Jest turns registry checks off for unit tests; these turn them on.
let savedMode: string | undefined;
beforeEach(() => { savedMode = process.env.FLUX_OCI_RESOLVE; delete process.env.FLUX_OCI_RESOLVE; });
afterEach(() => { process.env.FLUX_OCI_RESOLVE = savedMode; });

function project(): { app: App; chart: Chart; outdir: string; lockfile: string } {
  const dir = mkdtempSync(join(tmpdir(), 'flux-oci-artifact-synth-'));
  const outdir = join(dir, 'dist');
  const lockfile = join(dir, 'flux-oci.lock.json');
  const app = new App({ outdir });
  FluxOci.configure(app, { resolve: { lockfile, timeouts: { connectMs: 2_000, requestMs: 5_000 } } });
  return { app, chart: new Chart(app, 'apps', { namespace: 'flux-system' }), outdir, lockfile };
}

const artifact = (chart: Chart, id: string, props: Partial<OciArtifactSourceProps> = {}, registry = anonymous, path = 'manifests/app') => {
  const source = new OciArtifactSource(chart, id, { url: `oci://${registry.host}/${path}`, insecure: true, ...props });
  new FluxKustomization(chart, `${id}-ks`, { source, prune: true });
  return source;
};

const digestOf = (registry: TestRegistry, ref: string): string => pushed[`${registry.host}/${ref}`].digest;

test('app.synth() checks the tag, the default latest, a semver range and a digest, and writes valid objects', () => {
  const { app, chart, outdir, lockfile } = project();
  const prod = artifact(chart, 'prod', { tag: 'production' });
  const latest = artifact(chart, 'edge');
  const ranged = artifact(chart, 'ranged', { semver: '>=1.0.0 <2.0.0' });
  const pinned = artifact(chart, 'pinned', { digest: digestOf(anonymous, 'manifests/app:v1.0.0') });
  app.synth();

  expect(prod.resolvedArtifact).toEqual({ version: 'production', tag: 'production', digest: digestOf(anonymous, 'manifests/app:production') });
  expect(latest.resolvedArtifact?.digest).toBe(digestOf(anonymous, 'manifests/app:latest'));
  // OCIRepository rules: the 'v' prefix is read, the prerelease is not in range.
  expect(ranged.resolvedArtifact).toEqual({ version: '1.1.0', tag: 'v1.1.0', digest: digestOf(anonymous, 'manifests/app:v1.1.0') });
  expect(pinned.resolvedArtifact?.digest).toBe(digestOf(anonymous, 'manifests/app:v1.0.0'));

  const objects = readdirSync(outdir).flatMap((f) => parseAllDocuments(readFileSync(join(outdir, f), 'utf8')).map((d) => d.toJS()));
  expectValid(objects);
  expect(objects.filter((o) => o.kind === 'OCIRepository')).toHaveLength(4);
  // The check changes nothing Flux reads: the range stays a range.
  expect(objects.find((o) => o.metadata.name === 'ranged' && o.kind === 'OCIRepository').spec.ref).toEqual({ semver: '>=1.0.0 <2.0.0' });
  const lock = JSON.parse(readFileSync(lockfile, 'utf8'));
  expect(lock.charts[`oci://${anonymous.host}/manifests/app ref=production`]).toMatchObject({ literal: true, tag: 'production' });
});

test('a tag, a range and a path that do not exist each fail the synth with the construct path, and nothing is written', () => {
  const { app, chart, outdir } = project();
  artifact(chart, 'typo', { tag: 'prodution' });
  artifact(chart, 'future', { semver: '>=3.0.0' });
  artifact(chart, 'lost', { tag: 'production' }, anonymous, 'manifests/ap');
  let message = '';
  try {
    app.synth();
  } catch (e) {
    message = (e as Error).message;
  }
  expect(message).toMatch(new RegExp(`\\[apps/typo\\] artifact oci://${anonymous.host.replace(/\./g, '\\.')}/manifests/app tag 'prodution' failed the registry check \\(version-not-found\\): tag 'prodution' is not in .*; 5 tags, nearest: production, `));
  expect(message).toMatch(/\[apps\/future\] artifact .*manifests\/app version '>=3\.0\.0' failed the registry check \(no-matching-version\)/);
  expect(message).toMatch(/\[apps\/lost\] artifact .*manifests\/ap tag 'production' failed the registry check \(repository-not-found\)/);
  expect(existsSync(outdir) ? readdirSync(outdir) : []).toEqual([]);
});

test('credentials from the PrivateRegistrySecret reach a private registry; none means Flux has none either; the password leaks nowhere', async () => {
  const { app, chart, lockfile } = project();
  const secret = new PrivateRegistrySecret(chart, 'pull', { registry: secured.host, username: secured.username!, password: secured.password! });
  const withLogin = artifact(chart, 'private', { tag: 'staging', secret }, secured, 'private/app');
  artifact(chart, 'anonymous', { tag: 'staging' }, secured, 'private/app');

  const report = await resolveApp(app);
  expect(withLogin.resolvedArtifact?.digest).toBe(digestOf(secured, 'private/app:staging'));
  expect(report.failures.map((f) => [f.path, f.cause])).toEqual([['apps/anonymous', 'no-credentials-in-cluster']]);
  expect(JSON.stringify(report)).not.toContain(CANARY);
  const thrown = (() => { try { app.synth(); return ''; } catch (e) { return (e as Error).message; } })();
  expect(thrown).toMatch(/\[apps\/anonymous\] artifact .* tag 'staging' failed the registry check \(no-credentials-in-cluster\): Flux will pull this anonymously/);
  expect(thrown).not.toContain(CANARY);
  expect(existsSync(lockfile)).toBe(false); // written only when every lookup succeeded
});

test("the lockfile serves a later synth in 'locked' mode (no registry), for tags and ranges alike", async () => {
  const first = project();
  artifact(first.chart, 'prod', { tag: 'production' });
  artifact(first.chart, 'ranged', { semver: '1.x' });
  first.app.synth();

  const again = new App({ outdir: join(first.outdir, '..', 'again') });
  FluxOci.configure(again, { resolve: { lockfile: first.lockfile } });
  const chart = new Chart(again, 'apps', { namespace: 'flux-system' });
  // Another address is another entry: 'locked' refuses it instead of going online.
  const closed = { host: '127.0.0.1:9' } as TestRegistry;
  const prod = artifact(chart, 'prod', { tag: 'production' }, closed);
  process.env.FLUX_OCI_RESOLVE = 'locked';
  const report = await resolveApp(again);
  expect(report.failures.map((f) => f.cause)).toEqual(['not-locked']);
  expect(report.registryRequests).toBe(0);
  expect(prod.resolvedArtifact).toBeUndefined();

  const same = new App({ outdir: join(first.outdir, '..', 'same') });
  FluxOci.configure(same, { resolve: { lockfile: first.lockfile } });
  const sameChart = new Chart(same, 'apps', { namespace: 'flux-system' });
  const prodAgain = artifact(sameChart, 'prod', { tag: 'production' });
  const rangedAgain = artifact(sameChart, 'ranged', { semver: '1.x' });
  const locked = await resolveApp(same);
  expect(locked.failures).toEqual([]);
  expect(locked.registryRequests).toBe(0);
  expect(locked.outcomes.map((o) => o?.ok && o.from)).toEqual(['lockfile', 'lockfile']);
  expect(prodAgain.resolvedArtifact?.digest).toBe(digestOf(anonymous, 'manifests/app:production'));
  expect(rangedAgain.resolvedArtifact?.tag).toBe('v1.1.0');
});
