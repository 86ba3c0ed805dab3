import { parseChallenges } from '../../../src/registry';
import { authChallenge } from '../../../src/registry/auth/challenge';

describe('parseChallenges', () => {
  test('a Bearer challenge with realm, service and a scope holding commas', () => {
    expect(parseChallenges('Bearer realm="https://auth.docker.io/token",service="registry.docker.io",scope="repository:samalba/my-app:pull,push"'))
      .toEqual([{ scheme: 'bearer', params: { realm: 'https://auth.docker.io/token', service: 'registry.docker.io', scope: 'repository:samalba/my-app:pull,push' } }]);
  });

  test('error param and several space-separated scopes', () => {
    const [c] = parseChallenges('Bearer realm="http://127.0.0.1:5003/token",service="test-registry",scope="repository:public/y:pull,push repository:charts/mychart:pull",error="insufficient_scope"');
    expect(c.params.scope.split(' ')).toEqual(['repository:public/y:pull,push', 'repository:charts/mychart:pull']);
    expect(c.params.error).toBe('insufficient_scope');
  });

  test('several challenges in one header, unquoted values, escapes, odd spacing and case', () => {
    const challenges = parseChallenges('Newauth realm="apps", type=1, title="Login to \\"apps\\"", BASIC Realm="simple" ,  bearer   realm = "r" , service=s');
    expect(challenges).toEqual([
      { scheme: 'newauth', params: { realm: 'apps', type: '1', title: 'Login to "apps"' } },
      { scheme: 'basic', params: { realm: 'simple' } },
      { scheme: 'bearer', params: { realm: 'r', service: 's' } },
    ]);
  });

  test('several headers', () => {
    expect(parseChallenges(['Negotiate', 'Basic realm="basic-realm"']).map((c) => c.scheme)).toEqual(['negotiate', 'basic']);
  });

  test('malformed input does not loop or throw', () => {
    expect(parseChallenges('')).toEqual([]);
    expect(parseChallenges('"=,=')).toEqual([]);
    expect(parseChallenges('Bearer realm="unterminated')).toEqual([{ scheme: 'bearer', params: { realm: 'unterminated' } }]);
  });
});

test('authChallenge picks the first Basic or Bearer challenge', () => {
  expect(authChallenge({ 'www-authenticate': ['Negotiate abc', 'Bearer realm="x"', 'Basic realm="y"'] })?.scheme).toBe('bearer');
  expect(authChallenge({ 'www-authenticate': 'Negotiate, Basic realm="y"' })?.scheme).toBe('basic');
  expect(authChallenge({ 'www-authenticate': 'Negotiate' })).toBeUndefined();
  expect(authChallenge({})).toBeUndefined();
});
