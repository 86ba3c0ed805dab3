import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { inspect } from 'node:util';
import {
  CredentialConfigError,
  CredentialHelperError,
  CredentialHelperRunner,
  DockerConfigStore,
  ProcessResult,
} from '../../../src/registry';
import { rejected, thrown } from '../support';

const b64 = (s: string): string => Buffer.from(s).toString('base64');

/** A fake helper runner answering from a table; records every call. */
type RecordingRunner = CredentialHelperRunner & { calls: Array<{ command: string; args: readonly string[]; input: string }> };

function fakeRunner(answers: Record<string, (server: string) => ProcessResult>): RecordingRunner {
  const calls: Array<{ command: string; args: readonly string[]; input: string }> = [];
  const answer = (command: string, args: readonly string[], input: string): ProcessResult => {
    calls.push({ command, args, input });
    const fn = answers[command];
    if (!fn) return { status: null, stdout: '', stderr: '', error: Object.assign(new Error(`spawn ${command} ENOENT`), { code: 'ENOENT' }) };
    return fn(input);
  };
  return { calls, run: async (c, a, i) => answer(c, a, i), runSync: answer };
}

const found = (user: string, secret: string) => (server: string): ProcessResult =>
  ({ status: 0, stdout: JSON.stringify({ ServerURL: server, Username: user, Secret: secret }), stderr: '' });
const notFound = (): ProcessResult => ({ status: 1, stdout: 'credentials not found in native keychain\n', stderr: '' });

let dir: string;
beforeEach(() => { dir = mkdtempSync(path.join(os.tmpdir(), 'flux-oci-creds-')); });
afterEach(() => rmSync(dir, { recursive: true, force: true }));

function configFile(config: object | string): string {
  const file = path.join(dir, 'config.json');
  writeFileSync(file, typeof config === 'string' ? config : JSON.stringify(config));
  return file;
}

describe('auths entries', () => {
  test('auth (base64 user:pass, split at the first colon) wins over username/password', async () => {
    const store = new DockerConfigStore({ file: configFile({ auths: { 'reg.io': { auth: b64('user:pa:ss'), username: 'other', password: 'other' } } }) });
    const cred = await store.get('reg.io');
    expect([cred?.username, cred?.password]).toEqual(['user', 'pa:ss']);
    expect(store.getSync('reg.io')?.password).toBe('pa:ss');
  });

  test('username/password, identitytoken and registrytoken', async () => {
    const store = new DockerConfigStore({
      file: configFile({
        auths: {
          'a.io': { username: 'u', password: 'p' },
          'b.io': { auth: b64('00000000-0000-0000-0000-000000000000:'), identitytoken: 'refresh' },
          'c.io': { registrytoken: 'rt' },
          'd.io': {},
        },
      }),
    });
    expect((await store.get('a.io'))?.password).toBe('p');
    expect((await store.get('b.io'))?.identityToken).toBe('refresh');
    expect((await store.get('b.io'))?.username).toBe('00000000-0000-0000-0000-000000000000');
    expect((await store.get('c.io'))?.registryToken).toBe('rt');
    expect(await store.get('d.io')).toBeUndefined();
  });

  test('exact key first, then hostname match with scheme and path stripped; Docker Hub by its v1 key', async () => {
    const store = new DockerConfigStore({
      file: configFile({
        auths: {
          'https://reg.io/v2/': { username: 'by-hostname', password: 'x' },
          'reg.io': { username: 'exact', password: 'x' },
          'http://127.0.0.1:5001': { username: 'local', password: 'x' },
          'https://index.docker.io/v1/': { username: 'hub', password: 'x' },
        },
      }),
    });
    expect((await store.get('reg.io'))?.username).toBe('exact');
    expect((await store.get('127.0.0.1:5001'))?.username).toBe('local');
    expect((await store.get('registry-1.docker.io'))?.username).toBe('hub');
    expect((await store.get('docker.io'))?.username).toBe('hub');
    expect(await store.get('127.0.0.1:5002')).toBeUndefined();
  });

  test('a missing file is no credentials; malformed files fail without quoting their content', async () => {
    expect(await new DockerConfigStore({ file: path.join(dir, 'absent.json') }).get('reg.io')).toBeUndefined();

    const broken = configFile('{"auths": {"reg.io": {"auth": "c2VjcmV0LWNhbmFyeQ==" ,,, }}}');
    const error = await rejected(new DockerConfigStore({ file: broken }).get('reg.io'));
    expect(error).toBeInstanceOf(CredentialConfigError);
    expect(error.message).toBe(`${broken} is not valid JSON; expected a docker config such as {"auths":{"<host>":{"auth":"<base64 user:password>"}}}`);
    expect(inspect(error, { depth: 10 })).not.toContain('c2VjcmV0');

    const noColon = configFile({ auths: { 'reg.io': { auth: b64('secret-canary') } } });
    const e2 = thrown(() => new DockerConfigStore({ file: noColon }).getSync('reg.io'));
    expect(e2).toBeInstanceOf(CredentialConfigError);
    expect(e2.message).toBe(`the 'auth' value of 'reg.io' in ${noColon} is not base64 of 'username:password'`);
    expect(inspect(e2, { depth: 10 })).not.toContain('canary');
  });

  test('inline config (DOCKER_AUTH_CONFIG style)', async () => {
    const store = new DockerConfigStore({ config: JSON.stringify({ auths: { 'reg.io': { auth: b64('u:p') } } }), source: 'DOCKER_AUTH_CONFIG' });
    expect((await store.get('reg.io'))?.username).toBe('u');
    const bad = new DockerConfigStore({ config: '[1]', source: 'DOCKER_AUTH_CONFIG' });
    await expect(bad.get('reg.io')).rejects.toThrow('DOCKER_AUTH_CONFIG does not hold a JSON object');
  });

  test('podman namespaced keys apply to their namespace only, most specific first', async () => {
    const store = new DockerConfigStore({
      namespacedKeys: true,
      file: configFile({
        auths: {
          'quay.io/team': { username: 'team', password: 'x' },
          'quay.io/team/app': { username: 'app', password: 'x' },
          'quay.io': { username: 'host', password: 'x' },
        },
      }),
    });
    expect((await store.get('quay.io', 'team/app'))?.username).toBe('app');
    expect((await store.get('quay.io', 'team/other'))?.username).toBe('team');
    expect((await store.get('quay.io', 'elsewhere/x'))?.username).toBe('host');
    expect((await store.get('quay.io'))?.username).toBe('host');
  });
});

describe('credential helpers', () => {
  test('credHelpers.<host> runs docker-credential-<name> get with the server on stdin', async () => {
    const runner = fakeRunner({ 'docker-credential-testcreds': found('helper-user', 'helper-pass') });
    const store = new DockerConfigStore({ file: configFile({ credHelpers: { '127.0.0.1:5001': 'testcreds' } }), runner });
    const cred = await store.get('127.0.0.1:5001');
    expect([cred?.username, cred?.password]).toEqual(['helper-user', 'helper-pass']);
    expect(runner.calls).toEqual([{ command: 'docker-credential-testcreds', args: ['get'], input: '127.0.0.1:5001' }]);
    // Docker Hub is asked for by its v1 key.
    runner.calls.length = 0;
    const hub = new DockerConfigStore({ file: configFile({ credsStore: 'testcreds' }), runner });
    await hub.get('registry-1.docker.io');
    expect(runner.calls[0].input).toBe('https://index.docker.io/v1/');
  });

  test('Username "<token>" means the secret is an identity token', async () => {
    const runner = fakeRunner({ 'docker-credential-acr': found('<token>', 'refresh-token') });
    const cred = new DockerConfigStore({ file: configFile({ credsStore: 'acr' }), runner }).getSync('x.azurecr.io');
    expect(cred?.identityToken).toBe('refresh-token');
    expect(cred?.username).toBeUndefined();
  });

  test('order: credHelpers, then credsStore, then the auths entry; "not found" falls through', async () => {
    const runner = fakeRunner({ 'docker-credential-a': notFound, 'docker-credential-b': notFound });
    const store = new DockerConfigStore({
      file: configFile({ credHelpers: { 'reg.io': 'a' }, credsStore: 'b', auths: { 'reg.io': { auth: b64('file:pw') } } }),
      runner,
    });
    expect((await store.get('reg.io'))?.username).toBe('file');
    expect(runner.calls.map((c) => c.command)).toEqual(['docker-credential-a', 'docker-credential-b']);
    expect(await new DockerConfigStore({ file: configFile({ credsStore: 'b' }), runner }).get('reg.io')).toBeUndefined();
  });

  test('a helper that is not installed is a clear error', async () => {
    const store = new DockerConfigStore({ file: configFile({ credsStore: 'desktop' }), runner: fakeRunner({}) });
    const error = await rejected(store.get('reg.io'));
    expect(error).toBeInstanceOf(CredentialHelperError);
    expect(error).toMatchObject({ code: 'FLUX_OCI_CREDENTIAL_HELPER', reason: 'not-installed', helper: 'docker-credential-desktop', server: 'reg.io' });
    expect(error.message).toBe("credential helper docker-credential-desktop is not installed or not on PATH; install it, or remove the entry naming it from 'credHelpers'/'credsStore' in the docker config");
  });

  test('a failing helper reports stderr, never stdout; malformed output is an error', async () => {
    const runner = fakeRunner({
      'docker-credential-broken': () => ({ status: 2, stdout: 'leaked-canary', stderr: 'gpg: decryption failed\nmore' }),
      'docker-credential-garbage': () => ({ status: 0, stdout: 'not json canary', stderr: '' }),
    });
    const e1 = await rejected(new DockerConfigStore({ file: configFile({ credsStore: 'broken' }), runner }).get('reg.io'));
    expect(e1.message).toBe("credential helper docker-credential-broken failed for 'reg.io' (exit 2): gpg: decryption failed");
    expect(e1).toMatchObject({ reason: 'failed', exitCode: 2 });
    const e2 = await rejected(new DockerConfigStore({ file: configFile({ credsStore: 'garbage' }), runner }).get('reg.io'));
    expect(e2).toMatchObject({ reason: 'malformed-output' });
    for (const e of [e1, e2]) expect(inspect(e, { depth: 10 })).not.toContain('canary');
  });

  test('a helper name with a path is refused before anything runs', async () => {
    const runner = fakeRunner({});
    const error = await rejected(new DockerConfigStore({ file: configFile({ credsStore: '../../bin/sh' }), runner }).get('reg.io'));
    expect(error).toMatchObject({ reason: 'invalid-name' });
    expect(runner.calls).toEqual([]);
  });
});
