import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { rootCertificates } from 'node:tls';
import { InvalidOptionError, Transport } from '../../../src/registry';
import { trustedCertificates } from '../../../src/registry/transport/tls';
import { thrown } from '../support';

// Any well-formed PEM certificate serves: a root from Node's own store.
const PEM = rootCertificates[0];

let dir: string;
beforeEach(() => { dir = mkdtempSync(path.join(os.tmpdir(), 'flux-oci-tls-')); });
afterEach(() => rmSync(dir, { recursive: true, force: true }));

/** Runs `fn` with NODE_EXTRA_CA_CERTS set to `value` (unset for undefined). */
function withNodeExtraCerts<T>(value: string | undefined, fn: () => T): T {
  const saved = process.env.NODE_EXTRA_CA_CERTS;
  if (value === undefined) delete process.env.NODE_EXTRA_CA_CERTS;
  else process.env.NODE_EXTRA_CA_CERTS = value;
  try {
    return fn();
  } finally {
    if (saved === undefined) delete process.env.NODE_EXTRA_CA_CERTS;
    else process.env.NODE_EXTRA_CA_CERTS = saved;
  }
}

test('extra CAs (PEM text, Buffer, file path) are added to the default roots', () => {
  const file = path.join(dir, 'ca.crt');
  writeFileSync(file, PEM);
  const marker = `${PEM}`;
  withNodeExtraCerts(undefined, () => {
    for (const input of [marker, Buffer.from(marker), file, [file, marker]]) {
      const trusted = trustedCertificates(input as any);
      expect(trusted.length).toBe(rootCertificates.length + (Array.isArray(input) ? 2 : 1));
      expect(trusted.slice(0, rootCertificates.length)).toEqual([...rootCertificates]);
      expect(trusted[trusted.length - 1]).toBe(PEM);
    }
  });
});

test("NODE_EXTRA_CA_CERTS stays trusted when a CA is given (Node drops it from a socket's 'ca')", () => {
  const extra = path.join(dir, 'extra.pem');
  const other = rootCertificates[1];
  writeFileSync(extra, other);
  const trusted = withNodeExtraCerts(extra, () => trustedCertificates(PEM));
  expect(trusted).toEqual([...rootCertificates, other, PEM]);
  // Node only warns about an unreadable NODE_EXTRA_CA_CERTS; so does nothing here.
  expect(withNodeExtraCerts(path.join(dir, 'missing.pem'), () => trustedCertificates(PEM))).toEqual([...rootCertificates, PEM]);
});

test('an unreadable file or non-PEM content is an InvalidOptionError naming the option', () => {
  const missing = thrown(() => trustedCertificates(path.join(dir, 'nope.crt')));
  expect(missing).toBeInstanceOf(InvalidOptionError);
  expect(missing).toMatchObject({ code: 'FLUX_OCI_INVALID_OPTION', option: 'ca' });
  expect(missing.message).toBe(`cannot read the CA file '${path.join(dir, 'nope.crt')}' (ENOENT); pass PEM text, a Buffer, or the path of a readable PEM file`);
  const notPem = path.join(dir, 'x.txt');
  writeFileSync(notPem, 'hello');
  expect(thrown(() => trustedCertificates(notPem)).message).toContain("holds no PEM certificate ('-----BEGIN CERTIFICATE-----')");
  // The transport reads the CA at construction, so a bad option fails early.
  expect(() => new Transport({ ca: path.join(dir, 'nope.crt') })).toThrow(InvalidOptionError);
});
