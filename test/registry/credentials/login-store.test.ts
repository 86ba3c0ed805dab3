import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CredentialHelperError, CredentialHelperRunner, ProcessResult, removeLogin, storeLogin } from '../../../src/registry';
import { CANARY, canaryPassword } from '../../support/registry';

/** A runner that records argv and answers like a helper; stdin is kept only to check the protocol. */
function fakeRunner(answer: (args: readonly string[], input: string) => ProcessResult) {
  const calls: { command: string; args: readonly string[]; input: string }[] = [];
  const runner: CredentialHelperRunner = {
    run: async (command, args, input) => { calls.push({ command, args, input }); return answer(args, input); },
    runSync: () => { throw new Error('not used'); },
  };
  return { runner, calls };
}

const ok: ProcessResult = { status: 0, stdout: '', stderr: '' };
const configIn = (content: object) => {
  const file = join(mkdtempSync(join(tmpdir(), 'login-store-')), 'config.json');
  writeFileSync(file, JSON.stringify(content));
  return file;
};

test('without a helper: a base64 auth entry, other keys and hosts kept', async () => {
  const configPath = configIn({ auths: { 'other.io': { auth: 'eDp5' } }, psFormat: 'table' });
  const stored = await storeLogin('registry.example:5000', 'ci', 'pw', { configPath });
  expect(stored).toEqual({ configPath, server: 'registry.example:5000' });
  expect(JSON.parse(readFileSync(configPath, 'utf8'))).toEqual({
    auths: { 'other.io': { auth: 'eDp5' }, 'registry.example:5000': { auth: Buffer.from('ci:pw').toString('base64') } },
    psFormat: 'table',
  });
});

test('with credsStore: the helper gets `store` with the docker JSON on stdin, the file only an empty entry', async () => {
  const password = canaryPassword();
  const configPath = configIn({ credsStore: 'secretservice', auths: { 'https://ghcr.io': { auth: 'b2xkOm9sZA==' } } });
  const { runner, calls } = fakeRunner(() => ok);
  const stored = await storeLogin('ghcr.io', 'me', password, { configPath, runner });
  expect(stored.helper).toBe('docker-credential-secretservice');
  expect(calls.map((c) => [c.command, c.args])).toEqual([['docker-credential-secretservice', ['store']]]);
  expect(JSON.parse(calls[0].input)).toEqual({ ServerURL: 'ghcr.io', Username: 'me', Secret: password });
  const written = readFileSync(configPath, 'utf8');
  expect(JSON.parse(written).auths).toEqual({ 'ghcr.io': {} });
  expect(written).not.toContain(CANARY);
});

test('credHelpers for the host wins over credsStore; Docker Hub uses its v1 server key', async () => {
  const configPath = configIn({ credsStore: 'desktop', credHelpers: { 'docker.io': 'pass' } });
  const { runner, calls } = fakeRunner(() => ok);
  await storeLogin('docker.io', 'me', 'pw', { configPath, runner });
  expect(calls[0].command).toBe('docker-credential-pass');
  expect(JSON.parse(calls[0].input).ServerURL).toBe('https://index.docker.io/v1/');
});

test('a failing helper: the error quotes its stderr, never the secret it was given', async () => {
  const password = canaryPassword();
  const configPath = configIn({ credsStore: 'broken' });
  const { runner } = fakeRunner((_args, input) => ({ status: 1, stdout: input, stderr: 'keychain locked\nmore' }));
  const error = await storeLogin('ghcr.io', 'me', password, { configPath, runner }).catch((e) => e);
  expect(error).toBeInstanceOf(CredentialHelperError);
  expect(error.message).toMatch(/docker-credential-broken failed for 'ghcr.io' \(exit 1\): keychain locked$/);
  expect(JSON.stringify(error, Object.getOwnPropertyNames(error))).not.toContain(CANARY);
  expect(JSON.parse(readFileSync(configPath, 'utf8'))).toEqual({ credsStore: 'broken' });
});

test('logout erases from the helper and drops every entry for the host', async () => {
  const configPath = configIn({ credsStore: 'pass', auths: { 'ghcr.io': {}, 'https://ghcr.io/v1/': { auth: 'eDp5' }, 'quay.io': { auth: 'eDp5' } } });
  const { runner, calls } = fakeRunner(() => ok);
  const removed = await removeLogin('ghcr.io', { configPath, runner });
  expect(removed.removed).toBe(true);
  expect(calls.map((c) => [c.args, c.input])).toEqual([[['erase'], 'ghcr.io']]);
  expect(JSON.parse(readFileSync(configPath, 'utf8')).auths).toEqual({ 'quay.io': { auth: 'eDp5' } });
});

test('logout when not logged in: nothing removed, a helper "not found" is not an error', async () => {
  const configPath = configIn({ credsStore: 'pass', auths: {} });
  const { runner } = fakeRunner(() => ({ status: 1, stdout: 'credentials not found in native keychain', stderr: '' }));
  expect((await removeLogin('ghcr.io', { configPath, runner })).removed).toBe(false);
});
