import { RegistryProtocolError, Transport } from '../../../src/registry';
import { useMockRegistry } from '../../support/mock-registry';

const REG = 'https://reg.example';

const mock = useMockRegistry();

describe('bodies', () => {
  test('a buffered body over the limit is a protocol error', async () => {
    const transport = new Transport({ dispatcher: mock.agent });
    mock.agent.get(REG).intercept({ path: '/big' }).reply(200, 'x'.repeat(100));
    await expect(transport.fetch({ method: 'GET', url: new URL(`${REG}/big`), maxBodyBytes: 10 })).rejects.toThrow(RegistryProtocolError);
  });
});
