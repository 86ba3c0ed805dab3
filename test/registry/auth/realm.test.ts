import { RegistryProtocolError } from '../../../src/registry';
import { checkedRealm } from '../../../src/registry/auth/realm';

// go-containerregistry v0.21.4+ `validateRealmURL` (pkg/v1/remote/transport/bearer.go), which Flux runs.
describe('checkedRealm: the token realm a registry may name', () => {
  const secure = { registry: 'reg.example', registryInsecure: false };
  const insecure = { registry: '127.0.0.1:5000', registryInsecure: true };

  test.each([
    ['https://auth.example/token', secure],
    ['https://auth.example:8443/token', secure],
    ['http://localhost:5001/token', insecure], // a name is not resolved, as in ggcr
    ['http://127.0.0.1:5000/token', insecure], // the registry's own host:port
    ['https://reg.example/token', secure],
    ['https://reg.example:443/token', secure],
    ['https://10.1.2.3:5000/token', { registry: '10.1.2.3:5000', registryInsecure: false }],
  ])('%s is accepted', (realm, ctx) => {
    expect(checkedRealm(realm, ctx).href).toBe(new URL(realm).href);
  });

  test.each([
    ['http://auth.example/token', secure, 'is served over HTTPS but named the plain-HTTP token realm http://auth.example/token'],
    ['http://127.0.0.1:40123/token', secure, 'is served over HTTPS but named the plain-HTTP token realm'],
    ['ftp://auth.example/token', secure, "with scheme 'ftp:'; only https (or http for an insecure registry) is accepted"],
    ['file:///etc/passwd', insecure, "with scheme 'file:'"],
    ['https://127.0.0.1:40123/token', secure, 'a loopback, private or link-local address'],
    ['http://127.0.0.1:5001/token', insecure, 'a loopback, private or link-local address'], // another port of the registry's IP
    ['https://169.254.169.254/latest/meta-data', secure, 'a loopback, private or link-local address'],
    ['https://192.168.1.1/token', secure, 'a loopback, private or link-local address'],
    ['https://172.20.0.1/token', secure, 'a loopback, private or link-local address'],
    ['https://[::1]:8443/token', secure, 'a loopback, private or link-local address'],
    ['https://[fd00:ec2::254]/token', secure, 'a loopback, private or link-local address'],
    ['https://[fe80::1]/token', secure, 'a loopback, private or link-local address'],
    ['https://[::ffff:127.0.0.1]/token', secure, 'a loopback, private or link-local address'],
    ['https://2130706433/token', secure, 'a loopback, private or link-local address'], // 127.0.0.1 in decimal
    ['https://0.0.0.0/token', secure, 'a loopback, private or link-local address'],
    ['not a url', secure, 'named a token realm that is not a URL'],
  ])('%s is refused', (realm, ctx, message) => {
    let error: unknown;
    try {
      checkedRealm(realm, ctx);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(RegistryProtocolError);
    expect((error as Error).message).toContain(message);
    expect(error).toMatchObject({ fault: 'registry', host: ctx.registry });
  });

  test('userinfo in the realm is dropped, never sent nor shown', () => {
    expect(checkedRealm('https://user:pw@auth.example/token', secure).href).toBe('https://auth.example/token');
    expect(() => checkedRealm('http://user:pw@auth.example/token', secure)).toThrow(/realm http:\/\/auth\.example\/token;/);
  });
});
