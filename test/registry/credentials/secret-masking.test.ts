import { FluxOciError, maskSecrets, parseOciReference } from '../../../src/foundation';
import { DockerConfigStore, processHelperRunner, StaticCredentials } from '../../../src/registry';
import { errorBody, JSON_HEADERS, useMockRegistry } from '../../support/mock-registry';
import { canaryPassword, CANARY, createCredentialHelper } from '../../support/registry';

// Issue 17 §6: every credential the process has read is masked in every error and log text.
const echo = (secret: string): string => new FluxOciError(`the registry said: '${secret}' is wrong`).message;

test('credentials given in code (StaticCredentials), and their Basic/auth form, are masked', () => {
  const password = canaryPassword();
  new StaticCredentials({ 'reg.example': { username: 'bot', password } });
  expect(echo(password)).toBe("the registry said: '***' is wrong");
  expect(maskSecrets(`Authorization: ${Buffer.from(`bot:${password}`).toString('base64')}`)).toBe('Authorization: ***');
});

test('a docker config entry is masked once it is read', async () => {
  const password = canaryPassword();
  const auth = Buffer.from(`bot:${password}`).toString('base64');
  const store = new DockerConfigStore({ config: JSON.stringify({ auths: { 'reg.example': { auth } } }), source: 'DOCKER_AUTH_CONFIG' });
  expect((await store.get('reg.example'))?.password).toBe(password);
  expect(echo(password)).not.toContain(CANARY);
});

test("a credential helper's secret is masked once the helper answered", async () => {
  const secret = canaryPassword();
  const helper = createCredentialHelper({ host: 'reg.example', username: 'bot', secret });
  try {
    const store = new DockerConfigStore({ config: { credHelpers: { 'reg.example': helper.suffix } }, runner: processHelperRunner({ env: helper.env() }) });
    expect((await store.get('reg.example'))?.password).toBe(secret);
    expect(echo(secret)).not.toContain(CANARY);
  } finally {
    helper.remove();
  }
});

describe('a custom store returning a plain object', () => {
  const mock = useMockRegistry();

  test('its credential is masked once the client used it', async () => {
    const password = canaryPassword();
    const { client } = mock.client({ credentials: { get: async () => ({ username: 'bot', password }) } });
    mock.reply('https://reg.example', { path: '/v2/charts/app/tags/list?n=1000' }, { status: 401, headers: { 'www-authenticate': 'Basic realm="r"' } });
    mock.reply('https://reg.example', { path: '/v2/charts/app/tags/list?n=1000' }, {
      status: 403, body: errorBody('DENIED', `password ${password} is not allowed`), headers: JSON_HEADERS,
    });
    const error = await client.listTags(parseOciReference('oci://reg.example/charts/app')).catch((e) => e);
    expect(error.message).toBe("access to repository 'charts/app' on reg.example was denied (403 DENIED: password *** is not allowed); the credentials for reg.example lack permission for it");
  });
});
