import { Transport } from '../../../src/registry';
import { useMockRegistry } from '../../support/mock-registry';

const REG = 'https://reg.example';
const mock = useMockRegistry();

describe('lateHeaders', () => {
  test('are read when the request gets its slot, not when it is queued', async () => {
    const transport = new Transport({ dispatcher: mock.agent, concurrency: 1 });
    // The first request holds the only slot while its (delayed) answer is outstanding.
    mock.agent.get(REG).intercept({ path: '/first' }).reply(200, 'one').delay(50);
    mock.reply(REG, { path: '/second' }, { status: 200, body: 'two' });
    let current = 'queued';
    const first = transport.fetch({ method: 'GET', url: new URL(`${REG}/first`) });
    const second = transport.fetch({ method: 'GET', url: new URL(`${REG}/second`), lateHeaders: () => ({ authorization: current }) });
    await new Promise((r) => setImmediate(r));
    current = 'arrived meanwhile';
    expect((await first).statusCode).toBe(200);
    expect((await second).statusCode).toBe(200);
    expect(mock.seen.map((r) => r.headers.authorization)).toEqual(['arrived meanwhile']);
  });

  test('are read again for each attempt and override the fixed headers', async () => {
    const transport = new Transport({ dispatcher: mock.agent, sleep: async () => undefined });
    mock.reply(REG, { path: '/x' }, { status: 503 });
    mock.reply(REG, { path: '/x' }, { status: 200, body: 'ok' });
    let calls = 0;
    const res = await transport.fetch({
      method: 'GET', url: new URL(`${REG}/x`), headers: { authorization: 'fixed' }, lateHeaders: () => ({ authorization: `late ${++calls}` }),
    });
    expect(res.statusCode).toBe(200);
    expect(mock.seen.map((r) => r.headers.authorization)).toEqual(['late 1', 'late 2']);
  });

  test('a throwing lateHeaders frees the slot', async () => {
    const transport = new Transport({ dispatcher: mock.agent, concurrency: 1 });
    mock.reply(REG, { path: '/after' }, { status: 200, body: 'ok' });
    const boom = (): Record<string, string> => { throw new Error('boom'); };
    await expect(transport.fetch({ method: 'GET', url: new URL(`${REG}/x`), lateHeaders: boom })).rejects.toThrow('boom');
    expect((await transport.fetch({ method: 'GET', url: new URL(`${REG}/after`) })).statusCode).toBe(200);
  });
});
