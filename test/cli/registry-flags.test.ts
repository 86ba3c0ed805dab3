import { readFileSync, writeFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { cli } from './run-cli';
import { writeChartDir } from '../publish/fixtures';
import { CANARY, canaryPassword, pushTestChart, skopeoInspectRaw, startRegistry, TestRegistry } from '../support/registry';

describe('mutual TLS: a registry that requires client certificates', () => {
  let registry: TestRegistry;
  beforeAll(async () => {
    registry = await startRegistry({ mode: 'tls', clientCertificates: true });
    await pushTestChart(registry, { repository: 'charts/web', version: '1.0.0' });
  });
  afterAll(() => registry?.stop());

  test('--cert-file/--key-file: tags and push chart go through; without them the registry refuses the connection', async () => {
    const tls = ['--ca-file', registry.caFile!, '--cert-file', registry.clientCertFile!, '--key-file', registry.clientKeyFile!];
    const tags = await cli(['tags', `oci://${registry.host}/charts/web`, ...tls]);
    expect(tags).toEqual({ code: 0, stdout: '1.0.0\n', stderr: '' });

    const out = mkdtempSync(join(tmpdir(), 'pkg-'));
    const chart = JSON.parse((await cli(['package', writeChartDir('mtls', '0.2.0'), '-d', out, '--json'])).stdout);
    const pushed = await cli(['push', 'chart', chart.path, `oci://${registry.host}/charts`, ...tls, '--json']);
    expect(pushed).toMatchObject({ code: 0, stderr: '' });
    const manifest = await skopeoInspectRaw(registry, 'charts/mtls:0.2.0');
    expect(manifest.layers[0].digest).toBe(chart.digest);

    const without = await cli(['tags', `oci://${registry.host}/charts/web`, '--ca-file', registry.caFile!]);
    expect(without.code).toBe(1);
    expect(without.stderr).toMatch(/^flux-oci tags: connection to registry .* was closed before a response arrived .*\n {2}\(a registry that requires a client certificate \(mutual TLS\) closes the connection like this: pass --cert-file and --key-file\)\n$/);
  });

  test('--cert-file without --key-file, a key of another certificate, an unreadable file: exit 2, no key text printed', async () => {
    const ref = `oci://${registry.host}/charts/web`;
    const alone = await cli(['tags', ref, '--cert-file', registry.clientCertFile!]);
    expect(alone).toMatchObject({ code: 2 });
    expect(alone.stderr).toMatch(/^flux-oci tags: --cert-file needs --key-file/);

    const wrongKey = join(mkdtempSync(join(tmpdir(), 'key-')), 'server-key.pem');
    writeFileSync(wrongKey, readFileSync(join(registry.dir, 'tls', 'server-key.pem')));
    const mismatch = await cli(['tags', ref, '--cert-file', registry.clientCertFile!, '--key-file', wrongKey]);
    expect(mismatch.code).toBe(2);
    expect(mismatch.stderr).toMatch(/--key-file: .*server-key\.pem is not the private key of the certificate in .*client\.pem \(CN=flux-oci test client\)/);
    expect(mismatch.stderr).not.toMatch(/BEGIN|PRIVATE KEY-----/);

    const missing = await cli(['tags', ref, '--cert-file', registry.clientCertFile!, '--key-file', '/nonexistent/key.pem']);
    expect(missing.stderr).toMatch(/--key-file: cannot read \/nonexistent\/key\.pem: ENOENT/);
  });

  test('--insecure-skip-tls-verify: no CA needed, a warning naming the risk and the Flux way', async () => {
    const client = ['--cert-file', registry.clientCertFile!, '--key-file', registry.clientKeyFile!];
    const unverified = await cli(['tags', `oci://${registry.host}/charts/web`, ...client]);
    expect(unverified.code).toBe(1);
    expect(unverified.stderr).toMatch(/is not signed by a trusted CA .*\n {2}\(pass the CA that signed the registry's certificate with --ca-file <file>\)\n$/);
    const skipped = await cli(['tags', `oci://${registry.host}/charts/web`, ...client, '--insecure-skip-tls-verify']);
    expect(skipped.code).toBe(0);
    expect(skipped.stdout).toBe('1.0.0\n');
    expect(skipped.stderr).toBe(`WARNING: --insecure-skip-tls-verify: the TLS certificate of ${registry.host} is not verified, so anyone on the way can read and change what is sent, credentials included. `
      + "Flux has no such setting (its 'insecure' means plain HTTP): give the registry's CA with --ca-file here and as certSecretRef to Flux.\n");
  });
});

describe('plain HTTP and login', () => {
  let registry: TestRegistry;
  beforeAll(async () => { registry = await startRegistry({ mode: 'htpasswd' }); });
  afterAll(() => registry?.stop());

  test('--plain-http and its alias --insecure reach a plain-HTTP registry; without either, HTTPS is tried and fails', async () => {
    const home = mkdtempSync(join(tmpdir(), 'home-'));
    const env = { DOCKER_CONFIG: home };
    const login = ['login', registry.host, '-u', registry.username!, '--password-stdin'];
    expect((await cli([...login, '--plain-http'], { env, stdin: registry.password })).code).toBe(0);
    expect((await cli([...login, '--insecure'], { env, stdin: registry.password })).code).toBe(0);
    const https = await cli(login, { env, stdin: registry.password });
    expect(https.code).toBe(1);
    expect(https.stderr).toMatch(/does not speak TLS on this port .*\n {2}\(for a registry that serves plain HTTP, pass --plain-http\)\n$/);
  });

  test("login -p: works, with Helm's warning; the password is never printed", async () => {
    const home = mkdtempSync(join(tmpdir(), 'home-'));
    const run = await cli(['login', registry.host, '-u', registry.username!, '-p', registry.password!, '--plain-http'], { env: { DOCKER_CONFIG: home } });
    expect(run).toEqual({ code: 0, stdout: 'Login Succeeded\n', stderr: 'WARNING: Using --password via the CLI is insecure. Use --password-stdin.\n' });
    const both = await cli(['login', registry.host, '-u', 'me', '-p', canaryPassword(), '--password-stdin']);
    expect(both.code).toBe(2);
    expect(both.stderr).toMatch(/--password and --password-stdin are mutually exclusive/);
    expect(both.stderr).not.toContain(CANARY);
  });

  test('login on a terminal asks for the user name (echoed) and the password (not echoed), in raw mode', async () => {
    const home = mkdtempSync(join(tmpdir(), 'home-'));
    const rawModes: boolean[] = [];
    const stdin = Object.assign(new PassThrough(), { isTTY: true, setRawMode: (raw: boolean) => rawModes.push(raw) });
    // Typed as a user would: the name, Enter, the password with a typo fixed by Backspace, Enter.
    stdin.once('resume', () => {
      stdin.write(`${registry.username}\r`);
      setTimeout(() => stdin.write(`${registry.password}x\u007f\r`), 20);
    });
    const run = await cli(['login', registry.host, '--plain-http'], { env: { DOCKER_CONFIG: home }, stdin });
    expect(run).toEqual({ code: 0, stdout: 'Login Succeeded\n', stderr: `Username: ${registry.username}\nPassword: \n` });
    expect(rawModes).toEqual([true, false, true, false]);
    const config = JSON.parse(readFileSync(join(home, 'config.json'), 'utf8'));
    expect(Buffer.from(config.auths[registry.host].auth, 'base64').toString()).toBe(`${registry.username}:${registry.password}`);
  });

  test('login with no password source and no terminal: says how to give one, exit 2', async () => {
    const run = await cli(['login', registry.host, '-u', 'me', '--plain-http']);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/^flux-oci login: no password: pipe it in with --password-stdin/);
  });
});
