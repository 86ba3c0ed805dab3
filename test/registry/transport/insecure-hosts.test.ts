import { useMockRegistry } from '../../support/mock-registry';

const mock = useMockRegistry();

describe('scheme', () => {
  test('https unless the host is marked insecure, per client or per call', async () => {
    const { client } = mock.client({ insecureHosts: ['oci://Plain.example:5000/charts'] });
    mock.agent.get('http://plain.example:5000').intercept({ path: '/v2/' }).reply(200, '{}');
    mock.agent.get('http://other.example').intercept({ path: '/v2/' }).reply(200, '{}');
    mock.agent.get('https://other.example').intercept({ path: '/v2/' }).reply(200, '{}');
    expect((await client.ping('plain.example:5000')).url).toBe('http://plain.example:5000');
    expect((await client.ping('other.example', { insecure: true })).url).toBe('http://other.example');
    expect((await client.ping('other.example')).url).toBe('https://other.example');
  });
});
