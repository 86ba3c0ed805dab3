import { ChartRequest, requestKey } from '../../src/check/request';
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
