import { parseOciReference, registerSecret } from '../../../src/foundation';
import { RequestEvent, StaticCredentials } from '../../../src/registry';
import { envDebugSink } from '../../../src/registry/transport/debug';
import { JSON_HEADERS, useMockRegistry } from '../../support/mock-registry';
import { canaryPassword } from '../../support/registry';

const REG = 'https://reg.example';
const REPO = parseOciReference('oci://reg.example/charts/app');
const TAGS = '/v2/charts/app/tags/list';
const FIRST = `${TAGS}?n=1000`;
const OK = { status: 200, body: { tags: ['1.0.0'] } };

const mock = useMockRegistry();

describe('observability', () => {
  test('onRequest reports method, masked URL, status and attempt, never headers', async () => {
    const events: RequestEvent[] = [];
    const { client } = mock.client({
      onRequest: (e) => events.push(e),
      credentials: new StaticCredentials({ 'reg.example': { username: 'u', password: 'hunter2-canary' } }),
    });
    mock.reply(REG, { path: FIRST }, { status: 401, headers: { 'www-authenticate': 'Basic realm="r"' } });
    mock.reply(REG, { path: FIRST }, { status: 200, body: { tags: [] }, headers: { ...JSON_HEADERS, link: `<${TAGS}?last=a&n=1&token=zzz>; rel="next"` } });
    mock.reply(REG, { path: `${TAGS}?last=a&n=1&token=zzz` }, { status: 200, body: { tags: [] } });
    await client.listTags(REPO);
    expect(events.map(({ durationMs: _d, ...e }) => e)).toEqual([
      { method: 'GET', url: `${REG}${FIRST}`, attempt: 1, status: 401, error: undefined },
      { method: 'GET', url: `${REG}${FIRST}`, attempt: 1, status: 200, error: undefined },
      { method: 'GET', url: `${REG}${TAGS}?last=a&n=1&token=***`, attempt: 1, status: 200, error: undefined },
    ]);
    expect(JSON.stringify(events)).not.toMatch(/hunter2|Basic|authorization/i);
  });

  test('FLUX_OCI_DEBUG=1 prints one line per attempt to stderr', async () => {
    const lines: string[] = [];
    const spy = jest.spyOn(process.stderr, 'write').mockImplementation((chunk: any) => { lines.push(String(chunk)); return true; });
    try {
      const { client } = mock.client({ env: { FLUX_OCI_DEBUG: '1' } });
      mock.reply(REG, { path: FIRST }, { status: 503 });
      mock.reply(REG, { path: FIRST }, OK);
      await client.listTags(REPO);
    } finally {
      spy.mockRestore();
    }
    expect(lines.map((l) => l.replace(/ \d+ms/, ' Nms'))).toEqual([
      `flux-oci: GET ${REG}${FIRST} 503 Nms\n`,
      `flux-oci: GET ${REG}${FIRST} 200 Nms (attempt 2)\n`,
    ]);
  });
});

test('FLUX_OCI_DEBUG lines mask a known credential a registry put in a visible query value', () => {
  const secret = canaryPassword();
  registerSecret(secret);
  const lines: string[] = [];
  envDebugSink({ FLUX_OCI_DEBUG: '1' }, (l) => lines.push(l))!({ method: 'GET', url: `${REG}${TAGS}?last=${secret}`, status: 200, durationMs: 1, attempt: 1 });
  expect(lines).toEqual([`flux-oci: GET ${REG}${TAGS}?last=*** 200 1ms\n`]);
});
