import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { PassThrough } from 'node:stream';
import { parse } from 'yaml';
import { CliIo } from '../../src/cli/io';
import { runCli } from '../../src/cli/run';
import { writeChartDir, writeManifestDir } from '../publish/fixtures';
import { CANARY, canaryPassword, skopeoInspectRaw, startRegistry, TestRegistry } from '../support/registry';

/** Runs `flux-oci <args>` in-process with captured streams and `stdin` as standard input. */
async function cli(args: string[], options: { env?: NodeJS.ProcessEnv; stdin?: string; cwd?: string; stderrTty?: boolean } = {}) {
  const out = new PassThrough();
  const err = Object.assign(new PassThrough(), { isTTY: options.stderrTty ?? false });
  const stdin = new PassThrough();
  stdin.end(options.stdin ?? '');
  const chunks = { stdout: [] as Buffer[], stderr: [] as Buffer[] };
  out.on('data', (c) => chunks.stdout.push(c));
  err.on('data', (c) => chunks.stderr.push(c));
  const home = mkdtempSync(join(tmpdir(), 'home-'));
  const io: CliIo = { stdout: out, stderr: err, stdin, env: { PATH: process.env.PATH, HOME: home, DOCKER_CONFIG: join(home, '.docker'), ...options.env }, cwd: options.cwd ?? home };
  const code = await runCli(args, io);
  return { code, stdout: Buffer.concat(chunks.stdout).toString(), stderr: Buffer.concat(chunks.stderr).toString() };
}

describe('anonymous registry', () => {
  let registry: TestRegistry;
  beforeAll(async () => { registry = await startRegistry({ mode: 'anonymous' }); });
  afterAll(() => registry?.stop());

  test('package → push chart → show: the version with + is pushed as _, show prints its Chart.yaml', async () => {
    const out = mkdtempSync(join(tmpdir(), 'pkg-'));
    const pkg = await cli(['package', writeChartDir('cli-chart', '0.4.0+meta'), '-d', out, '--json']);
    expect(pkg).toMatchObject({ code: 0, stderr: '' });
    const packaged = JSON.parse(pkg.stdout);
    expect(packaged.path).toBe(join(out, 'cli-chart-0.4.0+meta.tgz'));
    expect(existsSync(packaged.path)).toBe(true);

    const pushed = await cli(['push', 'chart', packaged.path, `oci://${registry.host}/charts`, '--insecure']);
    expect(pushed).toMatchObject({ code: 0, stderr: '' });
    expect(pushed.stdout).toBe(`Pushed: ${registry.host}/charts/cli-chart:0.4.0_meta\nDigest: ${(await registryDigest(registry, 'charts/cli-chart:0.4.0_meta'))}\n`);
    const manifest = await skopeoInspectRaw(registry, 'charts/cli-chart:0.4.0_meta');
    expect(manifest.layers[0].digest).toBe(packaged.digest);

    const again = await cli(['push', 'chart', packaged.path, `oci://${registry.host}/charts`, '--insecure', '--json']);
    expect(JSON.parse(again.stdout)).toMatchObject({ uploadedBytes: 0, tag: '0.4.0_meta' });

    const shown = await cli(['show', `oci://${registry.host}/charts/cli-chart`, '--version', '0.4.0+meta', '--insecure']);
    expect(shown.code).toBe(0);
    expect(parse(shown.stdout)).toMatchObject({ name: 'cli-chart', version: '0.4.0+meta', apiVersion: 'v2' });
  });

  test('push chart --mount-from: blobs another repository of the registry holds are mounted, not sent', async () => {
    const out = mkdtempSync(join(tmpdir(), 'pkg-'));
    const chart = JSON.parse((await cli(['package', writeChartDir('promoted', '1.0.0'), '-d', out, '--json'])).stdout);
    expect((await cli(['push', 'chart', chart.path, `oci://${registry.host}/staging`, '--insecure'])).code).toBe(0);

    const promoted = await cli(['push', 'chart', chart.path, `oci://${registry.host}/releases`, '--insecure', '--json',
      '--mount-from', `oci://${registry.host}/staging/promoted`]);
    expect(promoted).toMatchObject({ code: 0, stderr: '' });
    expect(JSON.parse(promoted.stdout)).toMatchObject({ uploadedBytes: 0, tag: '1.0.0' });
    expect(JSON.parse(promoted.stdout).skippedBytes).toBeGreaterThan(chart.size);
    expect((await skopeoInspectRaw(registry, 'releases/promoted:1.0.0')).layers[0].digest).toBe(chart.digest);

    const elsewhere = await cli(['push', 'chart', chart.path, `oci://${registry.host}/releases`, '--insecure', '--mount-from', 'oci://ghcr.io/acme/charts/promoted']);
    expect(elsewhere.code).toBe(2);
    expect(elsewhere.stderr).toContain(`--mount-from oci://ghcr.io/acme/charts/promoted is on ghcr.io, the destination on ${registry.host}`);
  });

  test('push artifact: a directory with --source/--revision/--annotations, --json for CI', async () => {
    const dir = writeManifestDir({ 'app.yaml': 'kind: Deployment\n', 'nested/cm.yaml': 'kind: ConfigMap\n' });
    const pushed = await cli(['push', 'artifact', dir, `oci://${registry.host}/deploy/app:main`, '--insecure', '--json',
      '--source', 'https://github.com/acme/app', '--revision', 'main@sha1:abc123', '--annotations', 'env=prod', '--reproducible']);
    expect(pushed).toMatchObject({ code: 0, stderr: '' });
    const result = JSON.parse(pushed.stdout);
    expect(result).toMatchObject({ reference: `oci://${registry.host}/deploy/app:main`, tag: 'main', files: 2 });
    const manifest = await skopeoInspectRaw(registry, 'deploy/app:main');
    expect(manifest.annotations).toMatchObject({ 'env': 'prod', 'org.opencontainers.image.revision': 'main@sha1:abc123' });
    expect(result.digest).toBe(await registryDigest(registry, 'deploy/app:main'));
  });

  test('usage errors: missing --source, missing tag, exit 2', async () => {
    const dir = writeManifestDir({ 'a.yaml': 'a: 1\n' });
    const noSource = await cli(['push', 'artifact', dir, `oci://${registry.host}/x:1`, '--revision', 'r@sha1:1']);
    expect(noSource.code).toBe(2);
    expect(noSource.stderr).toMatch(/--source is required/);
    const noTag = await cli(['push', 'artifact', dir, `oci://${registry.host}/x`, '--source', 's', '--revision', 'r@sha1:1']);
    expect(noTag.code).toBe(2);
    expect(noTag.stderr).toMatch(/needs a tag/);
  });
});

describe('token registry', () => {
  let registry: TestRegistry;
  beforeAll(async () => { registry = await startRegistry({ mode: 'token' }); });
  afterAll(() => registry?.stop());

  test('login checks the credentials through the token service, then push artifact uses the stored login', async () => {
    const configFile = join(mkdtempSync(join(tmpdir(), 'login-')), 'config.json');
    const env = { DOCKER_CONFIG: dirname(configFile) };
    const login = await cli(['login', registry.host, '-u', registry.username!, '--password-stdin', '--insecure', '--json'], { env, stdin: registry.password });
    expect(login.code).toBe(0);
    expect(JSON.parse(login.stdout)).toEqual({ host: registry.host, configPath: configFile, helper: null, caFile: null });
    const dir = writeManifestDir({ 'a.yaml': 'a: 1\n' });
    const pushed = await cli(['push', 'artifact', dir, `oci://${registry.host}/gitless/app:v1`, '--insecure', '--source', 's', '--revision', 'v1@sha1:1'], { env });
    expect(pushed).toMatchObject({ code: 0, stderr: '' });
    expect((await skopeoInspectRaw(registry, 'gitless/app:v1')).layers).toHaveLength(1);
  });
});

describe('progress', () => {
  let registry: TestRegistry;
  beforeAll(async () => { registry = await startRegistry({ mode: 'anonymous' }); });
  afterAll(() => registry?.stop());

  test('an upload over 4 MiB draws progress on a TTY stderr and nothing elsewhere', async () => {
    const out = mkdtempSync(join(tmpdir(), 'pkg-'));
    const big = randomBytes(5 * 1024 * 1024);
    const pkg = JSON.parse((await cli(['package', writeChartDir('big', '1.0.0', { 'files/blob.bin': big }), '-d', out, '--json'])).stdout);
    expect(pkg.size).toBeGreaterThan(4 * 1024 * 1024);
    const tty = await cli(['push', 'chart', pkg.path, `oci://${registry.host}/tty`, '--insecure'], { stderrTty: true });
    expect(tty.code).toBe(0);
    const lines = tty.stderr.split('\r').filter((l) => l !== '');
    expect(lines.length).toBeGreaterThan(1);
    expect(lines[lines.length - 1]).toMatch(new RegExp(`^${pkg.digest.slice(0, 19)}  5\\.\\d MiB / 5\\.\\d MiB  .*/s\n$`));
    const plain = await cli(['push', 'chart', pkg.path, `oci://${registry.host}/plain`, '--insecure']);
    expect(plain).toMatchObject({ code: 0, stderr: '' });
  });
});

describe('htpasswd registry: login, push with the stored login, logout', () => {
  let registry: TestRegistry;
  beforeAll(async () => { registry = await startRegistry({ mode: 'htpasswd' }); });
  afterAll(() => registry?.stop());

  test('login stores a docker auths entry (mode 0600) after checking it; push uses it; logout removes it', async () => {
    const home = mkdtempSync(join(tmpdir(), 'login-'));
    const env = { DOCKER_CONFIG: join(home, 'docker') };
    const login = await cli(['login', registry.host, '-u', registry.username!, '--password-stdin', '--insecure'], { env, stdin: `${registry.password}\n` });
    expect(login).toMatchObject({ code: 0, stdout: 'Login Succeeded\n', stderr: '' });
    const configFile = join(home, 'docker', 'config.json');
    const config = JSON.parse(readFileSync(configFile, 'utf8'));
    expect(Buffer.from(config.auths[registry.host].auth, 'base64').toString()).toBe(`${registry.username}:${registry.password}`);
    expect((statSync(configFile).mode % 0o1000).toString(8)).toBe('600');

    const chart = join(mkdtempSync(join(tmpdir(), 'pkg-')));
    const pkg = JSON.parse((await cli(['package', writeChartDir('private', '1.0.0'), '-d', chart, '--json'])).stdout);
    const pushed = await cli(['push', 'chart', pkg.path, `oci://${registry.host}/team`, '--insecure'], { env });
    expect(pushed.code).toBe(0);
    expect(pushed.stdout).toContain(`Pushed: ${registry.host}/team/private:1.0.0`);
    expect([login.stdout, login.stderr, pushed.stdout, pushed.stderr].join('')).not.toContain(CANARY);

    const logout = await cli(['logout', registry.host, '--json'], { env });
    expect(JSON.parse(logout.stdout)).toMatchObject({ host: registry.host, removed: true });
    expect(JSON.parse(readFileSync(configFile, 'utf8')).auths).toEqual({});
    const denied = await cli(['push', 'chart', pkg.path, `oci://${registry.host}/team`, '--insecure'], { env });
    expect(denied.code).toBe(1);
    expect(denied.stderr).toMatch(/requires authentication/);
  });

  test('a wrong password is refused by the registry, nothing is stored, and it is never printed', async () => {
    const home = mkdtempSync(join(tmpdir(), 'login-'));
    const configFile = join(home, 'cfg.json');
    const wrong = canaryPassword();
    const login = await cli(['login', registry.host, '-u', registry.username!, '--password-stdin', '--insecure', '--config', configFile], { stdin: wrong });
    expect(login.code).toBe(1);
    expect(login.stderr).toMatch(/^flux-oci login: .*refused the credentials/);
    expect(existsSync(configFile)).toBe(false);
    expect(login.stdout + login.stderr).not.toContain(CANARY);
  });

  test('a password given as an argument is rejected without echoing it', async () => {
    const secret = canaryPassword();
    const login = await cli(['login', registry.host, secret, '-u', 'me', '--password-stdin']);
    expect(login.code).toBe(2);
    expect(login.stderr).toMatch(/--password-stdin/);
    expect(login.stderr).not.toContain(CANARY);
  });
});

/** The manifest digest the registry reports for `repo:tag`. */
async function registryDigest(registry: TestRegistry, ref: string): Promise<string> {
  const res = await fetch(`${registry.url}/v2/${ref.replace(':', '/manifests/')}`, { method: 'HEAD', headers: { accept: 'application/vnd.oci.image.manifest.v1+json' } });
  return res.headers.get('docker-content-digest') ?? '';
}
