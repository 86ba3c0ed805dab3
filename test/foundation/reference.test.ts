import { InvalidReferenceError, isValidTag, OciReference, parseOciReference, validateDigest } from '../../src/foundation';
import { parseImageName } from '../../src/foundation/reference';
import { thrown } from '../registry/support';

const D = `sha256:${'a'.repeat(64)}`;

describe('parseOciReference', () => {
  test.each([
    ['oci://ghcr.io/acme/charts', { registryHost: 'ghcr.io', host: 'ghcr.io', repository: 'acme/charts', tag: undefined, digest: undefined }],
    ['oci://127.0.0.1:5000/charts/mychart:0.1.0', { registryHost: '127.0.0.1:5000', host: '127.0.0.1:5000', repository: 'charts/mychart', tag: '0.1.0' }],
    [`oci://ghcr.io/a/b@${D}`, { repository: 'a/b', tag: undefined, digest: D }],
    [`oci://ghcr.io/a/b:1.0.0@${D}`, { repository: 'a/b', tag: '1.0.0', digest: D }],
    ['oci://localhost:5000/x', { registryHost: 'localhost:5000', repository: 'x' }],
    ['oci://[::1]:5000/charts/app:1.0', { registryHost: '[::1]:5000', host: '[::1]:5000', repository: 'charts/app', tag: '1.0' }],
    ['oci://[2001:DB8::1]/charts', { registryHost: '[2001:db8::1]', repository: 'charts' }],
    ['oci://Registry.Example.COM/charts', { registryHost: 'registry.example.com', repository: 'charts' }],
    ['oci://myregistry/charts', { registryHost: 'myregistry', repository: 'charts' }],
    ['oci://reg.io/a.b/c_d/e__f/g--h', { repository: 'a.b/c_d/e__f/g--h' }],
    ['oci://reg.io/app:1.0.0_build.1', { tag: '1.0.0_build.1' }],
  ])('%s', (input, expected) => {
    expect(parseOciReference(input)).toMatchObject(expected);
  });

  test('Docker Hub: aliases map to registry-1.docker.io, one-component paths get library/', () => {
    for (const host of ['docker.io', 'index.docker.io', 'registry-1.docker.io']) {
      const ref = parseOciReference(`oci://${host}/nginx:1.25`);
      expect(ref.host).toBe('registry-1.docker.io');
      expect(ref.registryHost).toBe(host);
      expect(ref.repository).toBe('library/nginx');
      expect(ref.path).toBe('nginx');
      expect(ref.isDockerHub).toBe(true);
    }
    expect(parseOciReference('oci://docker.io/bitnamicharts/mysql').repository).toBe('bitnamicharts/mysql');
    // The chart name is appended to the path as written, not to library/<x>.
    expect(parseOciReference('oci://docker.io/bitnamicharts').child('mysql').repository).toBe('bitnamicharts/mysql');
    expect(parseOciReference('oci://ghcr.io/nginx').repository).toBe('nginx');
  });

  test('bare host/path only when allowed, and only with a host-like first component', () => {
    expect(() => parseOciReference('ghcr.io/acme/app')).toThrow("'ghcr.io/acme/app' has no scheme; write it as 'oci://ghcr.io/acme/app'");
    expect(parseOciReference('ghcr.io/acme/app:1.0', { allowBare: true })).toMatchObject({ host: 'ghcr.io', repository: 'acme/app', tag: '1.0' });
    expect(parseOciReference('localhost/app', { allowBare: true }).host).toBe('localhost');
    expect(parseOciReference('[::1]:5000/app', { allowBare: true }).host).toBe('[::1]:5000');
    expect(() => parseOciReference('nginx/app', { allowBare: true })).toThrow(/does not start with a registry host; write it as '<host>\/nginx\/app' \(for Docker Hub 'docker.io\/nginx\/app'\)/);
  });

  test.each([
    ['https://ghcr.io/acme', 'scheme', "uses the https:// scheme; charts in OCI registries are addressed as 'oci://ghcr.io/acme'"],
    ['OCI://ghcr.io/acme', 'scheme', "has the scheme in uppercase; write it as 'oci://ghcr.io/acme'"],
    ['oci://ghcr.io', 'repository', "has no repository path after the host; write it as 'oci://ghcr.io/<path>'"],
    ['oci://ghcr.io/', 'repository', 'has no repository path'],
    ['oci:///charts', 'host', 'has no registry host'],
    ['oci://ghcr.io/Acme/Charts', 'repository', "contains uppercase letters; registries accept lowercase paths only, so write 'acme/charts'"],
    ['oci://ghcr.io/acme//charts', 'repository', "has an empty component (a leading, trailing or double '/'); write it as 'acme/charts'"],
    ['oci://ghcr.io/acme/charts/', 'repository', 'empty component'],
    ['oci://ghcr.io/-acme', 'repository', "component '-acme'"],
    ['oci://ghcr.io/a_-b', 'repository', "component 'a_-b'"],
    ['oci://ghcr.io:0/a', 'port', "'0' is not a valid port"],
    ['oci://ghcr.io:99999/a', 'port', 'a port is a number from 1 to 65535'],
    ['oci://ghcr.io:http/a', 'port', "'http' is not a valid port"],
    ['oci://::1:5000/a', 'host', 'IPv6 addresses must be written in brackets'],
    ['oci://[::zz]:5000/a', 'host', 'not a valid IPv6 host'],
    ['oci://reg_istry.io/a', 'host', "'reg_istry.io' is not a valid registry host"],
    ['oci://ghcr.io/app:1.0.0+build.1', 'tag', "Helm stores version '1.0.0+build.1' under the tag '1.0.0_build.1'"],
    ['oci://ghcr.io/app:.hidden', 'tag', "tag '.hidden' is invalid"],
    [`oci://ghcr.io/app:${'x'.repeat(129)}`, 'tag', 'a tag is 1 to 128'],
    ['oci://ghcr.io/app@sha256:abc', 'digest', "a sha256 digest is 'sha256:' followed by 64 lowercase hex digits"],
    [`oci://ghcr.io/app@sha256:${'A'.repeat(64)}`, 'digest', 'lowercase hex'],
    ['oci://ghcr.io/app@nocolon', 'digest', "a digest is '<algorithm>:<hex>'"],
    ['oci://ghcr.io/a b', 'input', 'contains whitespace'],
    ['', 'input', 'got an empty string'],
  ])('rejects %s (%s)', (input, part, message) => {
    const error = thrown(() => parseOciReference(input));
    expect(error).toBeInstanceOf(InvalidReferenceError);
    expect((error as InvalidReferenceError).code).toBe('FLUX_OCI_INVALID_REFERENCE');
    expect((error as InvalidReferenceError).part).toBe(part);
    expect((error as InvalidReferenceError).input).toBe(input);
    expect((error as Error).message).toContain(message);
  });

  test('rejects names longer than 255 characters in total', () => {
    expect(() => parseOciReference(`oci://ghcr.io/${'a'.repeat(250)}`)).toThrow(/registries accept at most 255/);
  });

  test('tag and digest can be forbidden, with the corrected URL in the message', () => {
    const options = { allowTag: false, allowDigest: false };
    expect(parseOciReference('oci://ghcr.io/acme/charts', options).tag).toBeUndefined();
    expect(() => parseOciReference('oci://ghcr.io/acme/charts:1.0', options))
      .toThrow("'oci://ghcr.io/acme/charts:1.0' must not include a tag (':1.0'); the version is given separately, so write 'oci://ghcr.io/acme/charts'");
    expect(() => parseOciReference(`oci://ghcr.io/acme/charts@${D}`, options))
      .toThrow(`'oci://ghcr.io/acme/charts@${D}' must not include a digest ('@${D}'); the version is given separately, so write 'oci://ghcr.io/acme/charts'`);
    // A port is not a tag.
    expect(parseOciReference('oci://127.0.0.1:5000/charts', options).registryHost).toBe('127.0.0.1:5000');
    expect((thrown(() => parseOciReference('oci://ghcr.io/x:1', options)) as InvalidReferenceError).part).toBe('tag');
  });
});

describe('OciReference', () => {
  test('format round-trips and toString/toJSON use the oci:// form', () => {
    for (const input of ['oci://ghcr.io/a/b', 'oci://[::1]:5000/a:1', `oci://docker.io/nginx:1@${D}`, 'oci://127.0.0.1:5000/charts/mychart:0.1.0']) {
      const ref = parseOciReference(input);
      expect(ref.toString()).toBe(input);
      expect(JSON.stringify({ ref })).toBe(JSON.stringify({ ref: input }));
    }
    expect(parseOciReference('oci://ghcr.io/a/b:1').format({ scheme: false })).toBe('ghcr.io/a/b:1');
  });

  test('child, withRepository, withTag, withDigest, withoutVersion', () => {
    const source = parseOciReference('oci://ghcr.io/acme/charts', { allowTag: false });
    const chart = source.child('apache');
    expect(chart.toString()).toBe('oci://ghcr.io/acme/charts/apache');
    expect(chart.withTag('1.2.3').toString()).toBe('oci://ghcr.io/acme/charts/apache:1.2.3');
    expect(chart.withTag('1.2.3').withDigest(D).toString()).toBe(`oci://ghcr.io/acme/charts/apache:1.2.3@${D}`);
    expect(chart.withTag('1.2.3').withDigest(D).manifestReference).toBe(D);
    expect(chart.withTag('1.2.3').manifestReference).toBe('1.2.3');
    expect(chart.withTag('1.2.3').withoutVersion().toString()).toBe('oci://ghcr.io/acme/charts/apache');
    expect(source.withRepository('other/x').toString()).toBe('oci://ghcr.io/other/x');
    expect(chart.name).toBe('ghcr.io/acme/charts/apache');
    expect(() => source.child('Apache')).toThrow(InvalidReferenceError);
    expect(() => chart.withTag('1.0+x')).toThrow(/'1.0_x'/);
  });

  test('the constructor validates its parts', () => {
    expect(new OciReference({ registryHost: 'GHCR.io', path: 'a' }).registryHost).toBe('ghcr.io');
    expect(() => new OciReference({ registryHost: 'ghcr.io', path: 'A' })).toThrow(InvalidReferenceError);
    expect(() => new OciReference({ registryHost: 'ghcr.io', path: 'a', digest: 'sha256:x' })).toThrow(InvalidReferenceError);
    expect(OciReference.parse('oci://ghcr.io/a').host).toBe('ghcr.io');
  });
});

test('validateDigest accepts sha256/sha512 and other well-formed algorithms', () => {
  expect(validateDigest(D)).toBe(D);
  expect(validateDigest(`sha512:${'0'.repeat(128)}`)).toBe(`sha512:${'0'.repeat(128)}`);
  expect(() => validateDigest(`sha512:${'0'.repeat(64)}`)).toThrow(/128 lowercase hex/);
  expect(validateDigest('blake3:abcd')).toBe('blake3:abcd');
});

describe('userinfo in a reference is refused without echoing it', () => {
  test.each([
    ['oci://bot:pw-canary-secret@ghcr.io/acme/charts', 'oci://***@ghcr.io/acme/charts', 'oci://ghcr.io/acme/charts'],
    ['oci://bot:pw-canary-secret@127.0.0.1:5000/charts/app:1.0.0', 'oci://***@127.0.0.1:5000/charts/app:1.0.0', 'oci://127.0.0.1:5000/charts/app:1.0.0'],
    ['oci://token-only-secret@ghcr.io/x', 'oci://***@ghcr.io/x', 'oci://ghcr.io/x'],
    ['bot:pw-canary-secret@ghcr.io/acme/app', '***@ghcr.io/acme/app', 'ghcr.io/acme/app'],
    ['oci://bot:pw with space-secret@ghcr.io/x', 'oci://***@ghcr.io/x', 'oci://ghcr.io/x'],
  ])('%s', (input, shown, hint) => {
    let error: any;
    try {
      parseOciReference(input, { allowBare: true });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(InvalidReferenceError);
    expect(error).toMatchObject({ part: 'host', input: shown });
    expect(error.message).toContain(`'${shown}' has a username or password before the host`);
    expect(error.message).toContain(`write '${hint}'`);
    expect(JSON.stringify({ ...error, message: error.message, stack: error.stack })).not.toContain('secret');
  });

  test('a digest after the path is not userinfo', () => {
    expect(parseOciReference(`oci://ghcr.io/acme/app@sha256:${'a'.repeat(64)}`).digest).toBe(`sha256:${'a'.repeat(64)}`);
  });
});


test('isValidTag answers as the distribution grammar [a-zA-Z0-9_][a-zA-Z0-9._-]{0,127} does, for every short string and at the length bounds', () => {
  const grammar = /^[a-zA-Z0-9_][a-zA-Z0-9._-]{0,127}$/;
  // Every class the grammar tells apart, and their neighbours in the code table.
  const alphabet = ['a', 'z', 'A', 'Z', '0', '9', '_', '.', '-', '+', '/', ':', ' ', 'é', '\n', '@', '`', '[', '{', '~', '\u0000'];
  const strings: string[] = [''];
  for (let len = 1; len <= 3; len++) {
    for (const s of strings.filter((x) => x.length === len - 1)) for (const c of alphabet) strings.push(s + c);
  }
  strings.push('a'.repeat(127), 'a'.repeat(128), 'a'.repeat(129), `_${'-'.repeat(127)}`, `.${'a'.repeat(10)}`);
  const differing = strings.filter((s) => isValidTag(s) !== grammar.test(s));
  expect(differing).toEqual([]);
  expect(strings.length).toBeGreaterThan(9000);
});

describe('parseImageName reads an image name as docker and go-containerregistry do', () => {
  test.each([
    ['nginx', 'docker.io', 'registry-1.docker.io/library/nginx'],
    ['bitnami/redis', 'docker.io', 'registry-1.docker.io/bitnami/redis'],
    ['docker.io/nginx', 'docker.io', 'registry-1.docker.io/library/nginx'],
    ['ghcr.io/acme/web', 'ghcr.io', 'ghcr.io/acme/web'],
    ['localhost/web', 'localhost', 'localhost/web'],
    ['127.0.0.1:5000/acme/web', '127.0.0.1:5000', '127.0.0.1:5000/acme/web'],
    ['registry:5000/web', 'registry:5000', 'registry:5000/web'],
    ['[::1]:5000/web', '[::1]:5000', '[::1]:5000/web'],
  ])('%s is %s, API name %s', (image, registryHost, name) => {
    const ref = parseImageName(image);
    expect(ref.registryHost).toBe(registryHost);
    expect(ref.name).toBe(name);
  });

  test('a first component without . or : is a Docker Hub namespace, not a host', () => {
    expect(parseImageName('registry/web').name).toBe('registry-1.docker.io/registry/web');
  });

  test('tags and digests as the caller allows; bad names are refused', () => {
    expect(parseImageName('ghcr.io/acme/web:1.0').tag).toBe('1.0');
    expect(() => parseImageName('ghcr.io/acme/web:1.0', { allowTag: false })).toThrow(InvalidReferenceError);
    expect(() => parseImageName('ghcr.io/Acme/web')).toThrow(InvalidReferenceError);
  });
});
