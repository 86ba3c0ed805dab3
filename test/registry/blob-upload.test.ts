import { parseOciReference } from '../../src/foundation';
import { RegistryProtocolError } from '../../src/registry';
import { uploadLocation, withQuery } from '../../src/registry/blob-upload';

const repo = parseOciReference('oci://registry.example/charts/app');
const request = new URL('https://registry.example/v2/charts/app/blobs/uploads/');

describe('uploadLocation', () => {
  test('an absolute Location is used as given, query and all', () => {
    const url = uploadLocation({ location: 'https://uploads.example:8443/v2/charts/app/blobs/uploads/u1?_state=a%2Fb%3D%3D' }, request, repo);
    expect(url.href).toBe('https://uploads.example:8443/v2/charts/app/blobs/uploads/u1?_state=a%2Fb%3D%3D');
  });

  test('a relative Location resolves against the request URL', () => {
    expect(uploadLocation({ location: '/v2/charts/app/blobs/uploads/u2?_state=x' }, request, repo).href)
      .toBe('https://registry.example/v2/charts/app/blobs/uploads/u2?_state=x');
    expect(uploadLocation({ location: 'u3' }, request, repo).href).toBe('https://registry.example/v2/charts/app/blobs/uploads/u3');
  });

  test('no Location is a protocol error naming the reference', () => {
    expect(() => uploadLocation({}, request, repo)).toThrow(RegistryProtocolError);
    expect(() => uploadLocation({}, request, repo)).toThrow(/oci:\/\/registry\.example\/charts\/app without a Location/);
  });
});

describe('withQuery', () => {
  const digest = 'sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef';

  test('appends with & after the registry\'s own parameters, leaving them byte for byte', () => {
    const url = withQuery(new URL('https://r.example/up/u1?_state=a%2Fb%3D%3D&x=1'), 'digest', digest);
    expect(url.href).toBe(`https://r.example/up/u1?_state=a%2Fb%3D%3D&x=1&digest=${encodeURIComponent(digest)}`);
  });

  test('starts the query with ? when there is none (or only a bare ?)', () => {
    expect(withQuery(new URL('https://r.example/up/u1'), 'digest', digest).search).toBe(`?digest=${encodeURIComponent(digest)}`);
    expect(withQuery(new URL('https://r.example/up/u1?'), 'digest', digest).search).toBe(`?digest=${encodeURIComponent(digest)}`);
  });
});
