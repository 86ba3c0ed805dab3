import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import {
  CredentialHelperRunner,
  defaultCredentialStore,
  dockerConfigPath,
  helmRegistryConfigPath,
  podmanAuthPaths,
  readCredentialForHost,
} from '../../../src/registry';

const b64 = (s: string): string => Buffer.from(s).toString('base64');
const noHelpers: CredentialHelperRunner = {
  run: async () => { throw new Error('no helper expected'); },
  runSync: () => { throw new Error('no helper expected'); },
};

let home: string;
beforeEach(() => { home = mkdtempSync(path.join(os.tmpdir(), 'flux-oci-home-')); });
afterEach(() => rmSync(home, { recursive: true, force: true }));

function write(file: string, auths: Record<string, object>): void {
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, JSON.stringify({ auths }));
}

describe('paths', () => {
  test('helm: HELM_REGISTRY_CONFIG, HELM_CONFIG_HOME, XDG_CONFIG_HOME/helm, ~/.config/helm', () => {
    expect(helmRegistryConfigPath({ env: { HELM_REGISTRY_CONFIG: '/x/reg.json' }, homedir: home })).toBe('/x/reg.json');
    expect(helmRegistryConfigPath({ env: { HELM_CONFIG_HOME: '/h' }, homedir: home })).toBe('/h/registry/config.json');
    expect(helmRegistryConfigPath({ env: { XDG_CONFIG_HOME: '/xdg' }, homedir: home })).toBe('/xdg/helm/registry/config.json');
    expect(helmRegistryConfigPath({ env: {}, homedir: home })).toBe(path.join(home, '.config/helm/registry/config.json'));
  });

  test('docker: DOCKER_CONFIG, else ~/.docker', () => {
    expect(dockerConfigPath({ env: { DOCKER_CONFIG: '/d' }, homedir: home })).toBe('/d/config.json');
    expect(dockerConfigPath({ env: {}, homedir: home })).toBe(path.join(home, '.docker/config.json'));
  });

  test('podman: REGISTRY_AUTH_FILE alone, else XDG_RUNTIME_DIR then XDG_CONFIG_HOME (or ~/.config)', () => {
    expect(podmanAuthPaths({ env: { REGISTRY_AUTH_FILE: '/a.json', XDG_RUNTIME_DIR: '/run' }, homedir: home })).toEqual(['/a.json']);
    expect(podmanAuthPaths({ env: { XDG_RUNTIME_DIR: '/run/u', XDG_CONFIG_HOME: '/cfg' }, homedir: home }))
      .toEqual(['/run/u/containers/auth.json', '/cfg/containers/auth.json']);
    expect(podmanAuthPaths({ env: {}, homedir: home })).toEqual([path.join(home, '.config/containers/auth.json')]);
  });
});

describe('defaultCredentialStore', () => {
  test('Helm first, then DOCKER_AUTH_CONFIG, then the docker file, then podman', async () => {
    const env: NodeJS.ProcessEnv = { XDG_RUNTIME_DIR: path.join(home, 'run') };
    write(path.join(home, '.config/helm/registry/config.json'), { 'a.io': { auth: b64('helm:x') } });
    write(path.join(home, '.docker/config.json'), { 'a.io': { auth: b64('docker:x') }, 'b.io': { auth: b64('docker:x') }, 'c.io': { auth: b64('docker:x') } });
    write(path.join(home, 'run/containers/auth.json'), { 'b.io': { auth: b64('podman:x') }, 'd.io': { auth: b64('podman:x') } });
    env.DOCKER_AUTH_CONFIG = JSON.stringify({ auths: { 'c.io': { auth: b64('env:x') } } });
    const store = defaultCredentialStore({ env, homedir: home, runner: noHelpers });
    expect((await store.get('a.io'))?.username).toBe('helm');
    expect((await store.get('b.io'))?.username).toBe('docker');
    expect((await store.get('c.io'))?.username).toBe('env');
    expect((await store.get('d.io'))?.username).toBe('podman');
    expect(await store.get('e.io')).toBeUndefined();
  });
});

describe('readCredentialForHost', () => {
  test('returns the one entry, where it came from and what was searched', () => {
    const env: NodeJS.ProcessEnv = { DOCKER_CONFIG: path.join(home, 'docker') };
    write(path.join(home, 'docker/config.json'), { 'https://ghcr.io': { auth: b64('me:tok') }, 'other.io': { auth: b64('no:no') } });
    const result = readCredentialForHost('oci://ghcr.io/acme/charts', { env, homedir: home, runner: noHelpers });
    expect([result.credential?.username, result.credential?.password]).toEqual(['me', 'tok']);
    expect(result.foundIn).toBe(path.join(home, 'docker/config.json'));
    expect(result.searched).toEqual([path.join(home, '.config/helm/registry/config.json'), path.join(home, 'docker/config.json')]);
    expect(JSON.stringify(result)).not.toContain('tok');
    expect(JSON.stringify(result)).not.toContain('other.io');
  });

  test('source and file restrict where it looks', () => {
    write(path.join(home, '.config/helm/registry/config.json'), { 'reg.io': { auth: b64('helm:x') } });
    write(path.join(home, '.docker/config.json'), { 'reg.io': { auth: b64('docker:x') } });
    const custom = path.join(home, 'custom.json');
    write(custom, { 'reg.io': { auth: b64('custom:x') } });
    const options = { env: {}, homedir: home, runner: noHelpers };
    expect(readCredentialForHost('reg.io', options).credential?.username).toBe('helm');
    expect(readCredentialForHost('reg.io', { ...options, source: 'auto' }).credential?.username).toBe('helm');
    expect(readCredentialForHost('reg.io', { ...options, source: 'docker' }).credential?.username).toBe('docker');
    expect(readCredentialForHost('reg.io', { ...options, source: 'podman' })).toEqual({ searched: [path.join(home, '.config/containers/auth.json')] });
    expect(readCredentialForHost('reg.io', { ...options, file: custom }).credential?.username).toBe('custom');
  });

  test('Docker Hub under any name', () => {
    write(path.join(home, '.docker/config.json'), { 'https://index.docker.io/v1/': { auth: b64('hub:x') } });
    for (const host of ['docker.io', 'index.docker.io', 'registry-1.docker.io', 'https://index.docker.io/v1/']) {
      expect(readCredentialForHost(host, { env: {}, homedir: home, source: 'docker', runner: noHelpers }).credential?.username).toBe('hub');
    }
  });
});
