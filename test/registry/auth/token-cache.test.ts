import { TokenCache } from '../../../src/registry';

function cacheAt(start: number): { cache: TokenCache; clock: { now: number } } {
  const clock = { now: start };
  return { cache: new TokenCache({ now: () => clock.now, marginMs: 5_000 }), clock };
}

const T0 = Date.parse('2025-01-01T00:00:00Z');
const SCOPES = ['repository:charts/app:pull'];

test('a token is served until its lifetime (minus the margin) has passed', () => {
  const { cache, clock } = cacheAt(T0);
  cache.set('reg.io', SCOPES, { token: 'tok', expiresIn: 300 });
  clock.now = T0 + 294_000;
  expect(cache.get('reg.io', SCOPES)).toBe('tok');
  clock.now = T0 + 295_000;
  expect(cache.get('reg.io', SCOPES)).toBeUndefined();
});

test('expires_in below 60 s, or missing, counts as 60 s', () => {
  for (const expiresIn of [undefined, 0, 10]) {
    const { cache, clock } = cacheAt(T0);
    cache.set('reg.io', SCOPES, { token: 'tok', expiresIn });
    clock.now = T0 + 54_000;
    expect(cache.get('reg.io', SCOPES)).toBe('tok');
    clock.now = T0 + 56_000;
    expect(cache.get('reg.io', SCOPES)).toBeUndefined();
  }
});

test('issued_at starts the lifetime; a future or implausibly old one falls back to the local clock', () => {
  const { cache, clock } = cacheAt(T0);
  cache.set('reg.io', SCOPES, { token: 'old', expiresIn: 120, issuedAt: new Date(T0 - 100_000).toISOString() });
  clock.now = T0 + 16_000;
  expect(cache.get('reg.io', SCOPES)).toBeUndefined();

  clock.now = T0;
  cache.set('reg.io', SCOPES, { token: 'future', expiresIn: 60, issuedAt: new Date(T0 + 3_600_000).toISOString() });
  clock.now = T0 + 50_000;
  expect(cache.get('reg.io', SCOPES)).toBe('future');

  clock.now = T0;
  cache.set('reg.io', SCOPES, { token: 'skewed', expiresIn: 60, issuedAt: '2000-01-01T00:00:00Z' });
  expect(cache.get('reg.io', SCOPES)).toBe('skewed');
});

test('entries are keyed by host and the scope set, in any order', () => {
  const { cache } = cacheAt(T0);
  cache.set('reg.io', ['repository:b:pull', 'repository:a:pull'], { token: 'ab', expiresIn: 300 });
  expect(cache.get('REG.io', ['repository:a:pull', 'repository:b:pull'])).toBe('ab');
  expect(cache.get('other.io', ['repository:a:pull', 'repository:b:pull'])).toBeUndefined();
  expect(cache.get('reg.io', ['repository:a:pull'])).toBeUndefined();
  cache.delete('reg.io', ['repository:a:pull', 'repository:b:pull']);
  expect(cache.get('reg.io', ['repository:a:pull', 'repository:b:pull'])).toBeUndefined();
});
