import { sourceRegistryAccess } from '../../src/check/source-access';

const literal = { username: 'bot', password: 'not-a-real-password' };

test.each([
  ['no secret, no provider: nothing, as Flux', {}, undefined, { login: false }],
  ["provider 'generic' is no cloud login", { provider: 'generic' as const }, undefined, { login: false }],
  ['a secret with values: exactly those', { secret: { name: 'pull' } }, { credentials: literal }, { credentials: literal }],
  ['a secret known by name: the login stands in for it', { secret: { name: 'pull' } }, undefined, { login: { standsFor: "Secret 'pull'" } }],
  ['a secret from fromDockerConfig(): that login, required',
    { secret: { name: 'pull' } }, { login: { source: 'docker' as const, file: '/cfg/config.json' } },
    { login: { source: 'docker', file: '/cfg/config.json', required: true, standsFor: "Secret 'pull'" } }],
  ["provider 'aws': the login stands in for it", { provider: 'aws' as const }, undefined, { login: { standsFor: "provider 'aws'" } }],
  ['a ServiceAccount: the login stands in for its pull secrets', { serviceAccountName: 'puller' }, undefined,
    { login: { standsFor: "the image pull secrets of ServiceAccount 'puller'" } }],
  ["checkWith: 'local-login' without a secret: the login", { checkWith: 'local-login' as const }, undefined,
    { login: { standsFor: "credentials Flux gets by other means (checkWith: 'local-login')" } }],
  ["checkWith: 'local-login' wins over a secret's values", { checkWith: 'local-login' as const, secret: { name: 'pull' } }, { credentials: literal },
    { login: { standsFor: "Secret 'pull'" } }],
])('%s', (_what, source, secret, presented) => {
  expect(sourceRegistryAccess({ ...source, insecure: true }, secret)).toEqual({ ...presented, insecure: true });
});

test("the certSecret's CA is passed on; nothing else is added", () => {
  expect(sourceRegistryAccess({}, undefined, 'PEM')).toEqual({ login: false, caPem: 'PEM' });
});
