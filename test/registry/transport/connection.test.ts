import { createServer, Server } from 'node:http';
import { AddressInfo } from 'node:net';
import { RegistryUnavailableError, Transport } from '../../../src/registry';

describe('proxy variables', () => {
  let proxy: Server;
  let registry: Server;
  const connects: string[] = [];
  beforeAll(async () => {
    proxy = createServer((_req, res) => { res.statusCode = 502; res.end(); });
    proxy.on('connect', (req, socket) => {
      connects.push(req.url ?? '');
      socket.end('HTTP/1.1 403 Forbidden\r\n\r\n');
    });
    registry = createServer((_req, res) => { res.setHeader('content-type', 'application/json'); res.end('{}'); });
    await Promise.all([proxy, registry].map((s) => new Promise<void>((r) => s.listen(0, '127.0.0.1', r))));
  });
  afterAll(async () => {
    await Promise.all([proxy, registry].map((s) => new Promise<void>((r) => { s.closeAllConnections(); s.close(() => r()); })));
  });

  test('loopback registries are reached directly even when a proxy is set; other hosts go through it', async () => {
    const proxyUrl = `http://127.0.0.1:${(proxy.address() as AddressInfo).port}`;
    const transport = new Transport({
      env: { HTTPS_PROXY: proxyUrl, HTTP_PROXY: proxyUrl },
      insecureHosts: [`127.0.0.1:${(registry.address() as AddressInfo).port}`, 'registry.invalid:5000'],
      retry: { maxAttempts: 1 },
    });
    try {
      const direct = await transport.fetch({ method: 'GET', url: new URL(`http://127.0.0.1:${(registry.address() as AddressInfo).port}/v2/`) });
      expect(direct.statusCode).toBe(200);
      await expect(transport.fetch({ method: 'GET', url: new URL('https://registry.invalid:5000/v2/') })).rejects.toThrow(RegistryUnavailableError);
      expect(connects).toEqual(['registry.invalid:5000']);
    } finally {
      await transport.close();
    }
  });
});

describe('connections', () => {
  let server: Server;
  let connections = 0;
  beforeAll(async () => {
    server = createServer((req, res) => {
      res.setHeader('docker-content-digest', 'sha256:0000');
      res.setHeader('content-length', '2');
      res.end(req.method === 'HEAD' ? undefined : '{}');
    });
    server.on('connection', () => { connections += 1; });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  });
  afterAll(async () => {
    server.closeAllConnections();
    await new Promise<void>((r) => server.close(() => r()));
  });

  test('HEADs and GETs to one registry reuse one keep-alive connection (undici would close it after each HEAD)', async () => {
    const host = `127.0.0.1:${(server.address() as AddressInfo).port}`;
    const transport = new Transport({ insecureHosts: [host], concurrency: 1 });
    try {
      for (const method of ['HEAD', 'HEAD', 'GET', 'HEAD'] as const) {
        const res = await transport.fetch({ method, url: new URL(`http://${host}/v2/charts/app/manifests/1.0.0`) });
        expect(res.statusCode).toBe(200);
      }
      expect(connections).toBe(1);
    } finally {
      await transport.close();
    }
  });
});
