import { RegistryProtocolError, RegistryTlsError, RegistryUnavailableError } from '../../../src/registry';
import { classifyNetworkError, FailureContext } from '../../../src/registry/transport/failures';

const ctx: FailureContext = { host: 'reg.example', method: 'GET', url: 'https://reg.example/v2/', timeoutMs: 1000 };
const err = (code: string, message = code): Error => Object.assign(new Error(message), { code });

test.each([
  ['UNABLE_TO_VERIFY_LEAF_SIGNATURE', 'untrusted-certificate', "is not signed by a trusted CA (UNABLE_TO_VERIFY_LEAF_SIGNATURE); pass the registry's CA certificate with the 'ca' option (in the cluster: a certSecret with 'ca.crt')"],
  ['SELF_SIGNED_CERT_IN_CHAIN', 'untrusted-certificate', "with the 'ca' option"],
  ['DEPTH_ZERO_SELF_SIGNED_CERT', 'untrusted-certificate', "with the 'ca' option"],
  ['ERR_TLS_CERT_ALTNAME_INVALID', 'name-mismatch', "is not valid for the name 'reg.example' (hostname mismatch)"],
  ['CERT_HAS_EXPIRED', 'certificate-dates', 'is expired'],
  ['ERR_SSL_WRONG_VERSION_NUMBER', 'not-tls', 'does not speak TLS on this port (ERR_SSL_WRONG_VERSION_NUMBER); if it serves plain HTTP, mark the host as insecure'],
])('TLS failure %s is a RegistryTlsError (%s), not retried', (code, problem, message) => {
  const failure = classifyNetworkError(err(code), 'connect', false, ctx);
  expect(failure.retryable).toBe(false);
  const error = failure.toError(1);
  expect(error).toBeInstanceOf(RegistryTlsError);
  expect(error).toMatchObject({ code: 'FLUX_OCI_TLS', tlsCode: code, problem, fault: 'registry', host: 'reg.example' });
  expect(error.message).toContain(message);
});

test("EPROTO with OpenSSL's 'wrong version number' is TLS spoken to a plain-HTTP port; another EPROTO is not a TLS verdict", () => {
  const plain = classifyNetworkError(err('EPROTO', 'write EPROTO 40B7:error:0A00010B:SSL routines:ssl3_get_record:wrong version number'), 'connect', false, ctx).toError(1);
  expect(plain).toMatchObject({ tlsCode: 'EPROTO', problem: 'not-tls' });
  expect(classifyNetworkError(err('EPROTO', 'write EPROTO something else'), 'connect', false, ctx).toError(1)).toBeInstanceOf(RegistryUnavailableError);
});

test('TLS codes are found on a wrapped cause too', () => {
  const wrapped = Object.assign(new Error('fetch failed'), { cause: err('UNABLE_TO_GET_ISSUER_CERT_LOCALLY') });
  expect(classifyNetworkError(wrapped, 'connect', false, ctx).toError(1)).toBeInstanceOf(RegistryTlsError);
});

test.each([
  ['ECONNREFUSED', 'connection-refused', false],
  ['ENOTFOUND', 'dns', false],
  ['EAI_AGAIN', 'dns', true],
  ['ECONNRESET', 'connection-reset', true],
  ['UND_ERR_SOCKET', 'connection-reset', true],
  ['UND_ERR_CONNECT_TIMEOUT', 'timeout', true],
  ['UND_ERR_HEADERS_TIMEOUT', 'timeout', true],
  ['EHOSTUNREACH', 'network', false],
  ['EWHATEVER', 'network', false],
])('%s → %s (retryable: %s)', (code, reason, retryable) => {
  const failure = classifyNetworkError(err(code), 'connect', false, ctx);
  expect(failure.retryable).toBe(retryable);
  const error = failure.toError(3);
  expect(error).toBeInstanceOf(RegistryUnavailableError);
  expect(error).toMatchObject({ reason, attempts: 3 });
});

test('a body that breaks off is a retryable truncation, reported as a protocol error', () => {
  const failure = classifyNetworkError(err('UND_ERR_SOCKET', 'other side closed'), 'body', false, { ...ctx, bodyBytes: { received: 10, expected: 100 } });
  expect(failure.retryable).toBe(true);
  const error = failure.toError(2);
  expect(error).toBeInstanceOf(RegistryProtocolError);
  expect(error.message).toBe('registry reg.example ended the response body early after 10 of 100 bytes (GET https://reg.example/v2/, 2 attempts); the response was truncated');
});

test('our own timer firing is a timeout whatever the error says', () => {
  expect(classifyNetworkError(err('UND_ERR_ABORTED'), 'body', true, ctx).toError(1)).toMatchObject({ reason: 'timeout' });
});

test('a connect timeout names the connect timeout, not the whole-request one (a black hole is not a slow registry)', () => {
  const error = classifyNetworkError(err('UND_ERR_CONNECT_TIMEOUT'), 'connect', false, { ...ctx, timeoutMs: 60_000, connectMs: 10_000 }).toError(4);
  expect(error.message).toBe('registry reg.example accepted no connection within the 10000 ms connect timeout; check the host, port and firewall (GET https://reg.example/v2/, 4 attempts)');
  const injected = classifyNetworkError(err('UND_ERR_CONNECT_TIMEOUT'), 'connect', false, ctx).toError(1);
  expect(injected.message).toBe('registry reg.example accepted no connection before the connect timeout; check the host, port and firewall (GET https://reg.example/v2/)');
});
