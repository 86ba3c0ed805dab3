import { format, inspect } from 'node:util';
import { sealCredential, StaticCredentials } from '../../../src/registry';

const SECRET = 'pw-canary-123';

test('a sealed credential exposes its values to code only', () => {
  const cred = sealCredential({ username: 'user-canary', password: SECRET, identityToken: 'idt-canary' })!;
  expect(cred.username).toBe('user-canary');
  expect(cred.password).toBe(SECRET);
  expect(cred.identityToken).toBe('idt-canary');
  expect(cred.registryToken).toBeUndefined();

  const outputs = [
    inspect(cred, { depth: 10, showHidden: true }),
    format('%o', cred),
    format('%s %j', cred, cred),
    JSON.stringify(cred),
    JSON.stringify({ nested: { cred } }),
    String(cred),
    `${cred}`,
    JSON.stringify({ ...cred }),
    JSON.stringify(Object.keys(cred)),
  ];
  for (const out of outputs) expect(out).not.toMatch(/canary/);
  expect(JSON.stringify(cred)).toBe('{"username":"<redacted>","password":"<redacted>","identityToken":"<redacted>"}');
  expect(inspect(cred)).toBe('Credential {"username":"<redacted>","password":"<redacted>","identityToken":"<redacted>"}');
});

test('empty values count as unset; nothing set is no credential', () => {
  expect(sealCredential({ username: '', password: '' })).toBeUndefined();
  expect(sealCredential(undefined)).toBeUndefined();
  expect(sealCredential({ username: 'u', password: '' })?.password).toBeUndefined();
});

test('StaticCredentials matches hosts like a docker config and does not print values', async () => {
  const store = new StaticCredentials({
    'ghcr.io': { username: 'a', password: SECRET },
    'https://index.docker.io/v1/': { username: 'hub', password: SECRET },
    'http://127.0.0.1:5000/': { username: 'local', password: SECRET },
  });
  expect((await store.get('ghcr.io'))?.username).toBe('a');
  expect((await store.get('registry-1.docker.io'))?.username).toBe('hub');
  expect((await store.get('docker.io'))?.username).toBe('hub');
  expect((await store.get('127.0.0.1:5000'))?.username).toBe('local');
  expect(await store.get('quay.io')).toBeUndefined();
  expect(inspect(store, { depth: 10 })).not.toContain(SECRET);
  expect(JSON.stringify(store)).not.toContain(SECRET);
});
