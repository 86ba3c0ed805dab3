import { parseOciReference } from '../../../src/foundation';
import { JSON_HEADERS, useMockRegistry } from '../../support/mock-registry';

const REG = 'https://reg.example';
const REPO = parseOciReference('oci://reg.example/charts/app');
const TAGS = '/v2/charts/app/tags/list?n=1000';

const mock = useMockRegistry();

describe('observability', () => {
  test('stats count requests (retries and token requests included) and bytes per host', async () => {
    const { client } = mock.client();
    mock.reply(REG, { path: TAGS }, { status: 401, headers: { 'www-authenticate': 'Bearer realm="https://auth.example/token",service="s"' } });
    mock.reply('https://auth.example', { path: (p) => p.startsWith('/token') }, { status: 200, body: { token: 't' } });
    mock.reply(REG, { path: TAGS }, { status: 503 });
    mock.reply(REG, { path: TAGS }, { status: 200, body: '{"tags":["a"]}', headers: JSON_HEADERS });
    await client.listTags(REPO);
    expect(client.stats).toEqual({
      requests: 4,
      bytesReceived: '{"token":"t"}'.length + '{"tags":["a"]}'.length,
      byHost: {
        'reg.example': { requests: 3, bytesReceived: '{"tags":["a"]}'.length },
        'auth.example': { requests: 1, bytesReceived: '{"token":"t"}'.length },
      },
    });
  });
});
