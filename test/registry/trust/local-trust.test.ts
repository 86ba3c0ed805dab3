import { mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createServer, Server } from 'node:https';
import { AddressInfo } from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { rootCertificates } from 'node:tls';
import { RegistryClient, RegistryTlsError, TlsConfigError } from '../../../src/registry';
import { containersCertsDir, localTrustFor, loginCertsDir, readCertsDir, storeLoginCa } from '../../../src/registry/trust';
import { createTlsFiles } from '../../support/registry/pki';
import { runCommand } from '../../support/registry/processes';
import { rejected, thrown } from '../support';

// Any well-formed PEM certificates serve where nothing connects: roots from Node's own store.
const [CA_A, CA_B] = rootCertificates;

let dir: string;
beforeEach(() => { dir = mkdtempSync(path.join(os.tmpdir(), 'flux-oci-trust-')); });
afterEach(() => rmSync(dir, { recursive: true, force: true }));

function folder(files: Record<string, string>, at = path.join(dir, 'certs')): string {
  mkdirSync(at, { recursive: true });
  for (const [name, text] of Object.entries(files)) writeFileSync(path.join(at, name), text);
  return at;
}

describe('one certs.d folder (the rules of containers/image SetupCertificates)', () => {
  test('*.crt are CAs in name order; X.cert + X.key is the client pair; other files are ignored', () => {
    const certs = folder({ 'b.crt': CA_B, 'a.crt': CA_A, 'client.cert': 'CERT', 'client.key': 'KEY', 'README': 'x', 'ca.pem': CA_A });
    const content = readCertsDir(certs)!;
    expect(content.cas).toEqual([CA_A, CA_B]);
    expect(content.caFiles).toEqual([path.join(certs, 'a.crt'), path.join(certs, 'b.crt')]);
    expect(content.clientCertificate).toEqual({ cert: 'CERT', key: 'KEY', certFile: path.join(certs, 'client.cert') });
  });

  test('a missing folder holds nothing', () => {
    expect(readCertsDir(path.join(dir, 'nope'))).toBeUndefined();
  });

  test("a client certificate without its key, or a key without its certificate, is an error with containers/image's text", () => {
    const lone = folder({ 'client.cert': 'CERT' });
    expect(thrown(() => readCertsDir(lone))).toMatchObject({
      code: 'FLUX_OCI_TLS_CONFIG',
      message: `missing key client.key for client certificate client.cert in ${lone}. Note that CA certificates should use the extension .crt`,
    });
    const key = folder({ 'me.key': 'KEY' }, path.join(dir, 'other'));
    expect(thrown(() => readCertsDir(key))).toBeInstanceOf(TlsConfigError);
    expect(thrown(() => readCertsDir(key)).message).toBe(`missing client certificate me.cert for key me.key in ${key}`);
  });

  test('a .crt that is not PEM names the file, and never quotes it', () => {
    const certs = folder({ 'ca.crt': 'binary-der-here' });
    const error = thrown(() => readCertsDir(certs));
    expect(error.message).toBe(`${path.join(certs, 'ca.crt')} holds no PEM certificate ('-----BEGIN CERTIFICATE-----'); a CA in a certs.d folder must be PEM, or removed`);
  });
});

describe('which folders apply to a host', () => {
  const host = 'registry.example.com:5000';

  test('the first of ~/.config/containers/certs.d, then the system folders, that exists wins; the others are not read', () => {
    const home = path.join(dir, 'home');
    const system = [path.join(dir, 'etc-containers'), path.join(dir, 'etc-docker')];
    const options = { env: { HOME: home }, systemCertsDirs: system };
    expect(containersCertsDir(host, options)).toBeUndefined();
    folder({ 'ca.crt': CA_B }, path.join(system[1], host));
    expect(containersCertsDir(host, options)).toBe(path.join(system[1], host));
    folder({ 'ca.crt': CA_A }, path.join(system[0], host));
    expect(containersCertsDir(host, options)).toBe(path.join(system[0], host));
    // An empty folder in HOME still wins, as it does for podman and skopeo: it trusts nothing extra.
    mkdirSync(path.join(home, '.config', 'containers', 'certs.d', host), { recursive: true });
    expect(localTrustFor(host, options).ca).toEqual([]);
  });

  test('SSL_CERT_FILE, the CA stored at login and the containers folder add up', async () => {
    const home = path.join(dir, 'home');
    const bundle = path.join(dir, 'bundle.pem');
    writeFileSync(bundle, CA_A);
    const env = { HOME: home, DOCKER_CONFIG: path.join(dir, 'docker'), SSL_CERT_FILE: bundle };
    const stored = await storeLoginCa(host, CA_B, { env });
    expect(stored).toBe(path.join(dir, 'docker', 'certs.d', host, 'ca.crt'));
    expect(stored).toBe(path.join(loginCertsDir(host, { env }), 'ca.crt'));
    expect((statSync(stored).mode % 0o1000).toString(8)).toBe('644'); // a CA is public
    folder({ 'ca.crt': CA_A }, path.join(home, '.config', 'containers', 'certs.d', host));
    const trust = localTrustFor(host, { env, systemCertsDirs: [] });
    expect(trust.ca).toEqual([CA_A, CA_B, CA_A]);
    expect(trust.sources).toEqual([bundle, stored, path.join(home, '.config', 'containers', 'certs.d', host, 'ca.crt')]);
    // Other hosts get only the bundle.
    expect(localTrustFor('other.example.com', { env, systemCertsDirs: [] }).ca).toEqual([CA_A]);
  });

  test('an SSL_CERT_FILE that cannot be read is an error naming the variable', () => {
    const error = thrown(() => localTrustFor(host, { env: { HOME: dir, SSL_CERT_FILE: path.join(dir, 'missing.pem') }, systemCertsDirs: [] }));
    expect(error).toMatchObject({ code: 'FLUX_OCI_TLS_CONFIG', source: 'SSL_CERT_FILE' });
    expect(error.message).toContain('SSL_CERT_FILE names');
  });
});

describe('mutual TLS: a client pair in certs.d is presented', () => {
  let server: Server;
  let host: string;
  let tls: Awaited<ReturnType<typeof createTlsFiles>>;
  let client: { cert: string; key: string };

  beforeAll(async () => {
    const pki = mkdtempSync(path.join(os.tmpdir(), 'flux-oci-mtls-'));
    tls = await createTlsFiles(pki);
    // A self-signed client certificate for TLS client auth, which the server trusts as is.
    const keyFile = path.join(pki, 'client.key');
    const certFile = path.join(pki, 'client.cert');
    const made = await runCommand('openssl', ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes',
      '-keyout', keyFile, '-out', certFile, '-subj', '/CN=flux-oci test client', '-days', '2',
      '-addext', 'keyUsage=critical,digitalSignature', '-addext', 'extendedKeyUsage=clientAuth']);
    expect(made.exitCode).toBe(0);
    client = { cert: readFileSync(certFile, 'utf8'), key: readFileSync(keyFile, 'utf8') };
    server = createServer({
      cert: readFileSync(tls.certFile), key: readFileSync(tls.keyFile), ca: [client.cert], requestCert: true, rejectUnauthorized: true,
    }, (req, res) => {
      res.setHeader('content-type', 'application/json');
      res.end(req.url?.split('?')[0] === '/v2/charts/web/tags/list' ? '{"name":"charts/web","tags":["1.0.0"]}' : '{}');
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    host = `127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    await new Promise<void>((r) => { server.closeAllConnections(); server.close(() => r()); });
  });

  const clientWith = (files: Record<string, string>): RegistryClient => {
    const home = path.join(dir, 'home');
    folder(files, path.join(home, '.config', 'containers', 'certs.d', host));
    const trust = localTrustFor(host, { env: { HOME: home }, systemCertsDirs: [] });
    return new RegistryClient({ env: {}, ca: [...trust.ca], clientCertificate: trust.clientCertificate, retry: { maxAttempts: 1 } });
  };

  test('with ca.crt, client.cert and client.key the registry lets the client in', async () => {
    const registry = clientWith({ 'ca.crt': tls.caPem, 'client.cert': client.cert, 'client.key': client.key });
    try {
      expect(await registry.listTags(`oci://${host}/charts/web`)).toEqual(['1.0.0']);
    } finally {
      await registry.close();
    }
  });

  test('with the CA alone the server refuses the handshake', async () => {
    const registry = clientWith({ 'ca.crt': tls.caPem });
    try {
      const error = await rejected(registry.listTags(`oci://${host}/charts/web`));
      expect(error).not.toBeInstanceOf(RegistryTlsError); // the server's certificate was fine
      expect(error.message).toContain(host);
    } finally {
      await registry.close();
    }
  });
});
