import { isLoopbackHost, proxySettings, usesProxy } from '../../../src/registry';

test.each([
  ['localhost', true], ['LOCALHOST', true], ['reg.localhost', true], ['127.0.0.1', true], ['127.255.0.9', true],
  ['[::1]', true], ['::1', true], ['::ffff:127.0.0.1', true],
  ['128.0.0.1', false], ['10.0.0.1', false], ['ghcr.io', false], ['localhost.example.com', false], ['[::2]', false],
])('isLoopbackHost(%s) = %s', (host, expected) => {
  expect(isLoopbackHost(host)).toBe(expected);
});

test('no proxy variables: nothing is proxied', () => {
  expect(proxySettings({})).toBeUndefined();
  expect(usesProxy(new URL('https://ghcr.io'), proxySettings({}))).toBe(false);
});

test('EnvHttpProxyAgent rules for other hosts; loopback is never proxied', () => {
  const settings = proxySettings({ HTTPS_PROXY: 'http://proxy:3128', NO_PROXY: 'internal.example, .corp.example,*.svc.example,registry.example:5000' });
  const proxied = (u: string): boolean => usesProxy(new URL(u), settings);
  expect(proxied('https://ghcr.io/v2/')).toBe(true);
  expect(proxied('http://ghcr.io/v2/')).toBe(false); // no HTTP_PROXY
  expect(proxied('https://internal.example/v2/')).toBe(false);
  expect(proxied('https://a.internal.example/v2/')).toBe(false);
  expect(proxied('https://x.corp.example/v2/')).toBe(false);
  expect(proxied('https://x.svc.example/v2/')).toBe(false);
  expect(proxied('https://registry.example:5000/v2/')).toBe(false);
  expect(proxied('https://registry.example:5001/v2/')).toBe(true);
  expect(proxied('https://127.0.0.1:5000/v2/')).toBe(false);
  expect(proxied('https://localhost/v2/')).toBe(false);
  expect(proxied('https://[::1]:5000/v2/')).toBe(false);
});

test('lowercase variables win; HTTPS falls back to the http proxy; NO_PROXY=* disables', () => {
  expect(proxySettings({ https_proxy: 'http://a', HTTPS_PROXY: 'http://b' })?.httpsProxy).toBe('http://a');
  expect(usesProxy(new URL('https://ghcr.io'), proxySettings({ HTTP_PROXY: 'http://p' }))).toBe(true);
  expect(usesProxy(new URL('https://ghcr.io'), proxySettings({ HTTP_PROXY: 'http://p', NO_PROXY: '*' }))).toBe(false);
});
