import { mkdtempSync, mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { CliIo } from '../../src/cli/io';
import { runCli } from '../../src/cli/run';
import { writeChartDir, writeManifestDir } from '../publish/fixtures';
import { startRegistry, TestRegistry } from '../support/registry';

/** What `package` and `push artifact` say about symbolic links, and how a non-UTF-8 name fails: a message, not an internal error. */

async function cli(args: string[]) {
  const out = new PassThrough();
  const err = new PassThrough();
  const chunks = { stdout: [] as Buffer[], stderr: [] as Buffer[] };
  out.on('data', (c) => chunks.stdout.push(c));
  err.on('data', (c) => chunks.stderr.push(c));
  const home = mkdtempSync(join(tmpdir(), 'home-'));
  const stdin = new PassThrough();
  stdin.end();
  const io: CliIo = { stdout: out, stderr: err, stdin, env: { PATH: process.env.PATH, HOME: home, DOCKER_CONFIG: join(home, '.docker') }, cwd: home };
  const code = await runCli(args, io);
  return { code, stdout: Buffer.concat(chunks.stdout).toString(), stderr: Buffer.concat(chunks.stderr).toString() };
}

describe('package', () => {
  test('reports each followed link in Helm\'s words; a link outside the chart fails unless --allow-external-symlinks', async () => {
    const chart = writeChartDir('linked', '1.0.0', { 'files/real.yaml': 'a: 1\n' });
    symlinkSync('../files/real.yaml', join(chart, 'templates', 'inside.yaml'));
    const out = mkdtempSync(join(tmpdir(), 'out-'));
    const inside = await cli(['package', chart, '-d', out]);
    expect(inside.code).toBe(0);
    expect(inside.stderr).toBe(`found symbolic link in path: ${join(chart, 'templates', 'inside.yaml')} resolves to ${join(chart, 'files', 'real.yaml')}. Contents of linked file included and used\n`);

    const secret = join(mkdtempSync(join(tmpdir(), 'home-')), 'config.json');
    writeFileSync(secret, '{"auths":{}}');
    symlinkSync(secret, join(chart, 'templates', 'x.yaml'));
    const refused = await cli(['package', chart, '-d', out]);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain(`flux-oci package: ${join(chart, 'templates', 'x.yaml')}: symbolic link resolves to ${secret}, outside the chart directory`);
    expect(refused.stderr).not.toContain('internal error');

    const allowed = await cli(['package', chart, '-d', out, '--allow-external-symlinks', '--json']);
    expect(allowed.code).toBe(0);
    expect(JSON.parse(allowed.stdout)).toMatchObject({ name: 'linked', version: '1.0.0' });
    expect(allowed.stderr).toContain(`found symbolic link in path: ${join(chart, 'templates', 'x.yaml')} resolves to ${secret}.`);
  });

  test('a name that is not UTF-8 is named, not an internal ENOENT', async () => {
    const chart = writeChartDir('bytes', '1.0.0');
    writeFileSync(Buffer.concat([Buffer.from(join(chart, 'templates', 'a')), Buffer.from([0xff]), Buffer.from('.yaml')]), 'x: 1\n');
    const result = await cli(['package', chart, '-d', mkdtempSync(join(tmpdir(), 'out-'))]);
    expect(result).toMatchObject({ code: 1, stdout: '' });
    expect(result.stderr).toContain(`${join(chart, 'templates', 'a\\xff.yaml')}: the file name is not valid UTF-8`);
  });
});

describe('push artifact', () => {
  let registry: TestRegistry;
  beforeAll(async () => { registry = await startRegistry({ mode: 'anonymous' }); });
  afterAll(() => registry?.stop());

  test('reports the links it leaves out, as Flux leaves them out', async () => {
    const dir = writeManifestDir({ 'app.yaml': 'kind: ConfigMap\n' });
    symlinkSync('app.yaml', join(dir, 'alias.yaml'));
    mkdirSync(join(dir, 'sub'));
    symlinkSync('/etc', join(dir, 'sub', 'etc'));
    const pushed = await cli(['push', 'artifact', dir, `oci://${registry.host}/links/app:v1`, '--insecure', '--json',
      '--source', 'https://github.com/acme/app', '--revision', 'main@sha1:abc123']);
    expect(pushed.code).toBe(0);
    expect(JSON.parse(pushed.stdout)).toMatchObject({ files: 1 });
    expect(pushed.stderr).toBe(
      'skipped symbolic link alias.yaml: Flux artifacts carry no links; copy the target in to include it\n' +
      'skipped symbolic link sub/etc: Flux artifacts carry no links; copy the target in to include it\n');
  });
});
