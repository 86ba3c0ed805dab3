import { createServer, Server, connect, AddressInfo } from 'node:net';
import { clientFor, expectNoSecrets, credentialsFor } from './helpers';
import { parseOciReference } from '../../../src/foundation';
import { RegistryClient, RegistryTlsError } from '../../../src/registry';
import { pushTestChart, PushedChart, startRegistry, TestRegistry } from '../../support/registry';

let registry: TestRegistry;
let tokenTls: TestRegistry;
let chart: PushedChart;
beforeAll(async () => {
  [registry, tokenTls] = await Promise.all([startRegistry({ mode: 'tls' }), startRegistry({ mode: 'tls', auth: 'token' })]);
  chart = await pushTestChart(registry, { repository: 'charts/mychart', version: '0.1.0' });
  await pushTestChart(tokenTls, { repository: 'charts/mychart', version: '0.3.0' });
});
afterAll(async () => {
  await Promise.all([registry?.stop(), tokenTls?.stop()]);
});

const refOn = (host: string, p: string): ReturnType<typeof parseOciReference> => parseOciReference(`oci://${host}/${p}`);

test('the per-run CA given as PEM text or as a file path is trusted on top of the default roots', async () => {
  for (const ca of [registry.caPem!, registry.caFile!]) {
    const client = new RegistryClient({ ca, env: {} });
    try {
      expect(await client.listTags(refOn(registry.host, 'charts/mychart'))).toEqual(['0.1.0']);
      expect((await client.headManifest(refOn(registry.host, 'charts/mychart:0.1.0'))).digest).toBe(chart.digest);
    } finally {
      await client.close();
    }
  }
});

test('without the CA: RegistryTlsError suggesting the ca option, not retried', async () => {
  const client = new RegistryClient({ env: {} });
  try {
    const error = await client.listTags(refOn(registry.host, 'charts/mychart')).catch((e) => e);
    expect(error).toBeInstanceOf(RegistryTlsError);
    expect(error).toMatchObject({ code: 'FLUX_OCI_TLS', fault: 'registry' });
    expect(error.message).toContain("pass the registry's CA certificate with the 'ca' option (in the cluster: a certSecret with 'ca.crt')");
    expect(client.stats.requests).toBe(1);
  } finally {
    await client.close();
  }
});

test('a name the certificate does not list is a hostname-mismatch TLS error', async () => {
  // 127.0.0.2 forwards to the registry; the certificate covers 127.0.0.1 and localhost only.
  const forwarder: Server = createServer((socket) => {
    const upstream = connect(registry.port, '127.0.0.1');
    socket.pipe(upstream).pipe(socket);
    socket.on('error', () => upstream.destroy());
    upstream.on('error', () => socket.destroy());
  });
  await new Promise<void>((r) => forwarder.listen(0, '127.0.0.2', r));
  const host = `127.0.0.2:${(forwarder.address() as AddressInfo).port}`;
  const client = new RegistryClient({ ca: registry.caPem, env: {} });
  try {
    const error = await client.listTags(refOn(host, 'charts/mychart')).catch((e) => e);
    expect(error).toBeInstanceOf(RegistryTlsError);
    expect(error).toMatchObject({ tlsCode: 'ERR_TLS_CERT_ALTNAME_INVALID' });
    expect(error.message).toContain("is not valid for the name '127.0.0.2' (hostname mismatch)");
    // localhost is in the certificate.
    expect(await client.listTags(refOn(`localhost:${registry.port}`, 'charts/mychart'))).toEqual(['0.1.0']);
  } finally {
    await client.close();
    await new Promise<void>((r) => forwarder.close(() => r()));
  }
});

test('insecure (plain HTTP) against a TLS registry says the registry serves HTTPS', async () => {
  const { client } = clientFor({ host: registry.host, upstream: registry });
  try {
    const error = await client.listTags(refOn(registry.host, 'charts/mychart')).catch((e) => e);
    expect(error).toMatchObject({ code: 'FLUX_OCI_PROTOCOL' });
    expect(error.message).toBe(`registry ${registry.host} serves HTTPS, but the request was plain HTTP; do not mark ${registry.host} as insecure`);
  } finally {
    await client.close();
  }
});

test('TLS registry with token auth: the token server is https too (an http realm would be refused)', async () => {
  const { client } = clientFor(tokenTls, { credentials: credentialsFor(tokenTls.host, tokenTls) });
  try {
    expect(tokenTls.tokenServer!.realm).toMatch(/^https:\/\/localhost:\d+\/token$/);
    expect(await client.listTags(refOn(tokenTls.host, 'charts/mychart'))).toEqual(['0.3.0']);
    const anonymous = clientFor(tokenTls).client;
    const error = await anonymous.listTags(refOn(tokenTls.host, 'charts/mychart')).catch((e) => e);
    await anonymous.close();
    expect(error).toMatchObject({ reason: 'insufficient-scope' });
    expectNoSecrets([error], [tokenTls.password]);
  } finally {
    await client.close();
  }
});
