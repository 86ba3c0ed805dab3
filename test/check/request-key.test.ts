import { accessKey, ChartRequest, requestKey } from '../../src/check/request';
import { FLUX_VERSIONS } from '../../src/model/flux-version';

// Lockfile keys: unchanged for the newest Flux rules, so lockfiles written
// before per-release rules keep working; older Flux releases select
// differently and get entries of their own.
describe('requestKey', () => {
  const base: ChartRequest = { path: 'app', reference: 'oci://r.example/charts/web', version: '~1.2', ruleSet: 'oci-repository' };

  test('the newest rules (no fluxVersion, 2.8, 2.9) keep the key format of lockfile version 1', () => {
    const key = 'oci://r.example/charts/web oci-repository ~1.2';
    expect(requestKey(base)).toBe(key);
    expect(requestKey({ ...base, fluxVersion: '2.8' })).toBe(key);
    expect(requestKey({ ...base, fluxVersion: '2.9' })).toBe(key);
    expect(requestKey({ ...base, version: '', semverFilter: '^1' })).toBe('oci://r.example/charts/web oci-repository * filter=^1');
  });

  test.each(FLUX_VERSIONS.filter((v) => v !== '2.8' && v !== '2.9'))('Flux %s, which selects differently, has its own key', (fluxVersion) => {
    expect(requestKey({ ...base, fluxVersion })).toBe(`oci://r.example/charts/web oci-repository flux=${fluxVersion} ~1.2`);
  });

  test('a literal tag or digest is looked up as written by every release', () => {
    expect(requestKey({ ...base, version: 'latest', literal: true, fluxVersion: '2.2' })).toBe('oci://r.example/charts/web ref=latest');
  });
});

describe('accessKey: requests reaching a registry the same way share a key, others do not', () => {
  test('no access, an empty one and insecure: false are one way; insecure is another', () => {
    const secure = accessKey(undefined);
    expect(accessKey({})).toBe(secure);
    expect(accessKey({ insecure: false })).toBe(secure);
    expect(accessKey({ insecure: true })).not.toBe(secure);
    expect(accessKey({ insecure: true })).toBe(accessKey({ insecure: true }));
  });

  test('credentials, a CA or a login choice make their own key, without the password in it', () => {
    const plain = accessKey({ insecure: true });
    const withCredentials = accessKey({ insecure: true, credentials: { username: 'u', password: 'hunter2' } });
    expect(withCredentials).not.toBe(plain);
    expect(withCredentials).not.toContain('hunter2');
    expect(accessKey({ insecure: true, credentials: { username: 'u', password: 'other' } })).not.toBe(withCredentials);
    expect(accessKey({ caPem: 'pem' })).not.toBe(accessKey(undefined));
    expect(accessKey({ login: false })).not.toBe(accessKey(undefined));
  });
});
