import { rejected } from './support';
import { parseOciReference } from '../../src/foundation';
import { FluxOciError } from '../../src/foundation/errors';
import { BlobNotFoundError, ManifestNotFoundError, parseRegistryErrors, RegistryDeniedError, RegistryError, RegistryProtocolError, RegistryRateLimitedError, RegistryUnauthorizedError, RegistryUnavailableError, RepositoryNotFoundError } from '../../src/registry';
import { responseError, ResponseErrorContext } from '../../src/registry/response-mapping';
import { errorBody, JSON_HEADERS, useMockRegistry } from '../support/mock-registry';

const ctx = (over: Partial<ResponseErrorContext> = {}): ResponseErrorContext => ({
  host: 'reg.example',
  method: 'GET',
  url: new URL('https://reg.example/v2/charts/app/manifests/1.0.0'),
  target: 'manifest',
  repository: 'charts/app',
  reference: 'oci://reg.example/charts/app:1.0.0',
  version: '1.0.0',
  ...over,
});
const res = (statusCode: number, body = '', headers: Record<string, string> = {}) => ({ statusCode, headers, body: Buffer.from(body), attempts: 1 });

describe('responseError', () => {
  test.each([
    [404, errorBody('NAME_UNKNOWN'), RepositoryNotFoundError, 'FLUX_OCI_REPOSITORY_NOT_FOUND', 'path'],
    [404, errorBody('MANIFEST_UNKNOWN'), ManifestNotFoundError, 'FLUX_OCI_MANIFEST_NOT_FOUND', 'version'],
    [404, errorBody('BLOB_UNKNOWN'), BlobNotFoundError, 'FLUX_OCI_BLOB_NOT_FOUND', 'registry'],
    [401, errorBody('UNAUTHORIZED'), RegistryUnauthorizedError, 'FLUX_OCI_UNAUTHORIZED', 'credentials'],
    [403, errorBody('DENIED'), RegistryDeniedError, 'FLUX_OCI_DENIED', 'credentials'],
    [403, '', RegistryDeniedError, 'FLUX_OCI_DENIED', 'credentials'],
    [429, errorBody('TOOMANYREQUESTS'), RegistryRateLimitedError, 'FLUX_OCI_RATE_LIMITED', 'registry'],
    [429, 'You have reached your pull rate limit.', RegistryRateLimitedError, 'FLUX_OCI_RATE_LIMITED', 'registry'],
    [500, '', RegistryUnavailableError, 'FLUX_OCI_REGISTRY_UNAVAILABLE', 'registry'],
    [503, errorBody('UNAVAILABLE'), RegistryUnavailableError, 'FLUX_OCI_REGISTRY_UNAVAILABLE', 'registry'],
    [400, errorBody('NAME_INVALID'), RegistryError, 'FLUX_OCI_REGISTRY', 'path'],
    [400, errorBody('UNSUPPORTED'), RegistryError, 'FLUX_OCI_REGISTRY', 'registry'],
  ])('%i %s → %p', (status, body, type, code, fault) => {
    const error = responseError(res(status, body, body.startsWith('{') ? JSON_HEADERS : { 'content-type': 'text/plain' }), ctx());
    expect(error).toBeInstanceOf(type);
    expect(error).toBeInstanceOf(RegistryError);
    expect(error).toBeInstanceOf(FluxOciError);
    expect(error.code).toBe(code);
    expect(error.fault).toBe(fault);
    expect(error.statusCode).toBe(status);
    expect(error.host).toBe('reg.example');
    expect(error.reference).toBe('oci://reg.example/charts/app:1.0.0');
  });

  test('subclass brands do not leak: a RegistryError is not a ManifestNotFoundError', () => {
    const generic = responseError(res(400, errorBody('UNSUPPORTED'), JSON_HEADERS), ctx());
    expect(generic).not.toBeInstanceOf(ManifestNotFoundError);
    expect(generic).not.toBeInstanceOf(RepositoryNotFoundError);
    expect(responseError(res(404, errorBody('NAME_UNKNOWN'), JSON_HEADERS), ctx())).not.toBeInstanceOf(ManifestNotFoundError);
  });

  test("distribution's text/plain router miss is a path fault", () => {
    const error = responseError(res(404, '404 page not found\n', { 'content-type': 'text/plain; charset=utf-8' }), ctx({ repository: 'Charts/App' }));
    expect(error).toBeInstanceOf(RepositoryNotFoundError);
    expect(error.registryCode).toBeUndefined();
    expect(error.message).toBe("registry reg.example has no API route for GET /v2/charts/app/manifests/1.0.0 (404 page not found); the repository path 'Charts/App' is not valid there");
  });

  test('a bare 404 on tags is the repository, on a manifest the version (with a caveat)', () => {
    expect(responseError(res(404), ctx({ target: 'tags' }))).toBeInstanceOf(RepositoryNotFoundError);
    const m = responseError(res(404), ctx());
    expect(m).toBeInstanceOf(ManifestNotFoundError);
    expect(m.message).toContain('so the repository may not exist either');
  });

  test('JSON error bodies with a non-JSON content type are still read; garbage is ignored', () => {
    expect(parseRegistryErrors({ 'content-type': 'text/plain' }, Buffer.from(errorBody('DENIED')))).toEqual([{ code: 'DENIED', message: 'denied' }]);
    expect(parseRegistryErrors(JSON_HEADERS, Buffer.from('{"errors": "nope"}'))).toEqual([]);
    expect(parseRegistryErrors(JSON_HEADERS, Buffer.from('{not json'))).toEqual([]);
    expect(parseRegistryErrors({}, Buffer.from('404 page not found'))).toEqual([]);
  });

  test('plain HTTP sent to an HTTPS port says so', () => {
    const error = responseError(res(400, 'Client sent an HTTP request to an HTTPS server.\n'), ctx());
    expect(error).toBeInstanceOf(RegistryProtocolError);
    expect(error.message).toBe('registry reg.example serves HTTPS, but the request was plain HTTP; do not mark reg.example as insecure');
  });

  test('the 403 message depends on whether credentials were sent', () => {
    expect(responseError(res(403), ctx({ auth: { scheme: 'basic', credentialsSent: true } })).message)
      .toBe("access to repository 'charts/app' on reg.example was denied (403); the credentials for reg.example lack permission for it");
    expect(responseError(res(403), ctx()).message)
      .toBe("anonymous access to repository 'charts/app' on reg.example was denied (403); provide credentials for reg.example");
  });

  test('registry messages are quoted on one line, bounded, with auth header values masked', () => {
    const body = JSON.stringify({ errors: [{ code: 'DENIED', message: `nope\nsent Authorization: Bearer abc.def.ghi and Basic dTpw ${'x'.repeat(300)}` }] });
    const error = responseError(res(403, body, JSON_HEADERS), ctx());
    expect(error.message).not.toContain('abc.def.ghi');
    expect(error.message).not.toContain('dTpw');
    expect(error.message).not.toContain('\n');
    expect(error.message).toContain('Bearer ***');
    expect(error.message.length).toBeLessThan(400);
  });
});

describe('through the client', () => {
  const mock = useMockRegistry();

  test('uppercase path is rejected before any request; a router miss from the registry is a path fault', async () => {
    const { client } = mock.client();
    await expect(client.listTags('oci://reg.example/Charts/App')).rejects.toThrow(/contains uppercase letters/);
    mock.agent.get('https://reg.example').intercept({ path: '/v2/charts/app/tags/list?n=1000' }).reply(404, '404 page not found\n', { headers: { 'content-type': 'text/plain; charset=utf-8' } });
    const error = await rejected(client.listTags(parseOciReference('oci://reg.example/charts/app')));
    expect(error).toMatchObject({ code: 'FLUX_OCI_REPOSITORY_NOT_FOUND', fault: 'path', method: 'GET' });
  });
});
