import { existsSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { App, Chart } from 'cdk8s';
import { parseAllDocuments } from 'yaml';
import { ChartRelease, FluxOci, OciHelmSource, OciHelmSourceProps, PrivateRegistrySecret, resolveApp } from '../../src/cdk8s';
import { withoutLogins } from '../check/integration/logins';
import { basicAuthEntry, CANARY, pushTestChart, PushedChart, startRegistry, TestRegistry, writeDockerConfig } from '../support/registry';

/**
 * The synth-time check presents what Flux will: a source with no secret
 * and no provider is checked anonymously, so a private registry fails the
 * synth however good this machine's login is; `fromDockerConfig()` reads
 * the login only when the check goes online.
 */

/** Replaces process.env (which the synth's registry check reads) for one test. */
let restoreEnv: (() => void) | undefined;
function useEnv(env: NodeJS.ProcessEnv): void {
  const saved = { ...process.env };
  for (const key of Object.keys(process.env)) delete process.env[key];
  Object.assign(process.env, env);
  restoreEnv = () => {
    for (const key of Object.keys(process.env)) delete process.env[key];
    Object.assign(process.env, saved);
  };
}
afterEach(() => { restoreEnv?.(); restoreEnv = undefined; });

/** A folder whose config.json logs this machine in to `registry`. */
function loginFolder(registry: TestRegistry): string {
  const dir = mkdtempSync(join(tmpdir(), 'flux-oci-login-'));
  writeDockerConfig(dir, { auths: { [registry.host]: basicAuthEntry(registry.username!, registry.password!) } });
  return dir;
}

function project(lockfile: string | false = false): { app: App; chart: Chart; outdir: string } {
  const dir = mkdtempSync(join(tmpdir(), 'flux-oci-cluster-creds-'));
  const outdir = join(dir, 'dist');
  const app = new App({ outdir });
  FluxOci.configure(app, { resolve: { lockfile, timeouts: { connectMs: 2_000, requestMs: 5_000 } } });
  return { app, chart: new Chart(app, 'apps', { namespace: 'flux-system' }), outdir };
}

function synthError(app: App): string {
  try {
    app.synth();
  } catch (e) {
    return (e as Error).message;
  }
  return '';
}

function objectsIn(outdir: string): any[] {
  return readdirSync(outdir).flatMap((f) => parseAllDocuments(readFileSync(join(outdir, f), 'utf8')).map((d) => d.toJS()));
}

// `await resolveApp(app)` before `app.synth()`: the token server runs in this process, which a synchronous synth would block.
describe.each(['htpasswd', 'token'] as const)('a private %s registry, with a valid login on this machine', (mode) => {
  let registry: TestRegistry;
  let pushed: PushedChart;
  beforeAll(async () => {
    registry = await startRegistry({ mode });
    pushed = await pushTestChart(registry, { repository: 'private/db', version: '2.0.0' });
  });
  afterAll(() => registry?.stop());

  const release = (chart: Chart, props: Partial<OciHelmSourceProps> = {}): void => {
    const source = new OciHelmSource(chart, 'charts', { url: `oci://${registry.host}/private`, insecure: true, ...props });
    new ChartRelease(chart, 'db', { source, chart: 'db', version: '2.x', pin: 'digest' });
  };

  test('a source without secret or provider fails the synth: Flux will pull anonymously', async () => {
    useEnv(withoutLogins({ DOCKER_CONFIG: loginFolder(registry) }));
    const { app, chart, outdir } = project();
    release(chart);
    expect((await resolveApp(app)).failures.map((f) => f.cause)).toEqual(['no-credentials-in-cluster']);
    const message = synthError(app);
    expect(message).toMatch(/\[apps\/db\] chart oci:\/\/\S+\/private\/db version '2\.x' failed the registry check \(no-credentials-in-cluster\): Flux will pull this anonymously .*; add a secret or provider to the source/);
    expect(message).not.toContain(CANARY);
    expect(existsSync(outdir) ? readdirSync(outdir) : []).toEqual([]);
  });

  test('with a secret holding the credentials it passes, and the Secret is what the YAML refers to', async () => {
    useEnv(withoutLogins());
    const { app, chart, outdir } = project();
    const secret = new PrivateRegistrySecret(chart, 'pull', { registry: registry.host, username: registry.username!, password: registry.password! });
    release(chart, { secret });
    expect((await resolveApp(app)).failures).toEqual([]);
    app.synth();
    const repository = objectsIn(outdir).find((o) => o.kind === 'OCIRepository');
    expect(repository.spec).toMatchObject({ secretRef: { name: 'pull' }, ref: { digest: pushed.digest } });
    expect(readdirSync(outdir).map((f) => readFileSync(join(outdir, f), 'utf8')).join('\n')).not.toContain(CANARY);
  });

  test('a Secret known only by name: the login stands in for it', async () => {
    useEnv(withoutLogins({ DOCKER_CONFIG: loginFolder(registry) }));
    const { app, chart, outdir } = project();
    release(chart, { secret: PrivateRegistrySecret.fromSecretName(chart, 'pull', 'registry-pull', { registry: registry.host }) });
    expect((await resolveApp(app)).failures).toEqual([]);
    app.synth();
    expect(objectsIn(outdir).find((o) => o.kind === 'OCIRepository').spec.ref.digest).toBe(pushed.digest);
  });

  test("checkWith: 'local-login' checks with the login, for credentials Flux gets by other means; nothing of it is written", async () => {
    useEnv(withoutLogins({ DOCKER_CONFIG: loginFolder(registry) }));
    const { app, chart, outdir } = project();
    release(chart, { checkWith: 'local-login' });
    expect((await resolveApp(app)).failures).toEqual([]);
    app.synth();
    const repository = objectsIn(outdir).find((o) => o.kind === 'OCIRepository');
    expect(repository.spec.ref.digest).toBe(pushed.digest);
    expect(repository.spec.secretRef).toBeUndefined();
    expect(JSON.stringify(repository)).not.toContain('checkWith');
  });
});

describe('fromDockerConfig() reads the login only when the check goes online', () => {
  let registry: TestRegistry;
  let pushed: PushedChart;
  let lockfile: string;
  beforeAll(async () => {
    registry = await startRegistry({ mode: 'htpasswd' });
    pushed = await pushTestChart(registry, { repository: 'private/db', version: '2.0.0' });
    // A lockfile written by a synth that had the credentials.
    lockfile = join(mkdtempSync(join(tmpdir(), 'flux-oci-lock-')), 'flux-oci.lock.json');
    useEnv(withoutLogins({ DOCKER_CONFIG: loginFolder(registry) }));
    const { app, chart } = project(lockfile);
    const secret = PrivateRegistrySecret.fromDockerConfig(chart, 'pull', { registry: registry.host });
    new ChartRelease(chart, 'db', { source: new OciHelmSource(chart, 'charts', { url: `oci://${registry.host}/private`, insecure: true, secret }), chart: 'db', version: '2.x', pin: 'digest' });
    app.synth();
    restoreEnv!();
    restoreEnv = undefined;
  });
  afterAll(() => registry?.stop());

  /** A synth in an empty HOME (no login anywhere) in `mode`. */
  function synthWithoutLogin(mode: string, lock: string): { app: App; outdir: string } {
    useEnv({ ...withoutLogins(), FLUX_OCI_RESOLVE: mode });
    const { app, chart, outdir } = project(lock);
    const secret = PrivateRegistrySecret.fromDockerConfig(chart, 'pull', { registry: registry.host });
    new ChartRelease(chart, 'db', { source: new OciHelmSource(chart, 'charts', { url: `oci://${registry.host}/private`, insecure: true, secret }), chart: 'db', version: '2.x', pin: 'digest' });
    return { app, outdir };
  }

  test.each(['locked', 'off'])('FLUX_OCI_RESOLVE=%s synthesizes from the lockfile without any login', (mode) => {
    const { app, outdir } = synthWithoutLogin(mode, lockfile);
    app.synth();
    const repository = objectsIn(outdir).find((o) => o.kind === 'OCIRepository');
    expect(repository.spec).toMatchObject({ secretRef: { name: 'pull' }, ref: { digest: pushed.digest, tag: '2.0.0' } });
  });

  test("auto without a lockfile entry and without a login fails, naming 'flux-oci login <host>' first", () => {
    const empty = join(mkdtempSync(join(tmpdir(), 'flux-oci-lock-')), 'flux-oci.lock.json');
    const { app } = synthWithoutLogin('auto', empty);
    const message = synthError(app);
    expect(message).toMatch(/\[apps\/db\] .*failed the registry check \(unauthorized\): no login for \S+ on this machine \(searched [^)]*\); run 'flux-oci login 127\.0\.0\.1:\d+' \(or helm registry login, docker login, podman login\)/);
    expect(existsSync(empty)).toBe(false);
  });
});
