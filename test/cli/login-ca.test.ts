import { mkdirSync, mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { CliIo } from '../../src/cli/io';
import { runCli } from '../../src/cli/run';
import { CANARY, pushTestChart, startRegistry, TestRegistry } from '../support/registry';

/**
 * The CA a user already set up is used by every command: one stored by
 * `flux-oci login --ca-file`, or one in containers-certs.d; no command
 * needs `--ca-file` again.
 */

/** Runs `flux-oci <args>` in-process in the given HOME, with `stdin` as standard input. */
async function cli(args: string[], home: string, stdin = '') {
  const out = new PassThrough();
  const err = new PassThrough();
  const input = new PassThrough();
  input.end(stdin);
  const chunks = { stdout: [] as Buffer[], stderr: [] as Buffer[] };
  out.on('data', (c) => chunks.stdout.push(c));
  err.on('data', (c) => chunks.stderr.push(c));
  const io: CliIo = { stdout: out, stderr: err, stdin: input, env: { PATH: process.env.PATH, HOME: home }, cwd: home };
  const code = await runCli(args, io);
  return { code, stdout: Buffer.concat(chunks.stdout).toString(), stderr: Buffer.concat(chunks.stderr).toString() };
}

let registry: TestRegistry;
beforeAll(async () => {
  registry = await startRegistry({ mode: 'tls', auth: 'htpasswd' });
  await pushTestChart(registry, { repository: 'charts/web', version: '1.0.0' });
});
afterAll(() => registry?.stop());

test('login --ca-file stores the CA next to the login (a plain file); tags then trusts it without --ca-file', async () => {
  const home = mkdtempSync(join(tmpdir(), 'flux-oci-home-'));
  const before = await cli(['tags', `oci://${registry.host}/charts/web`], home);
  expect(before.code).toBe(1);
  expect(before.stderr).toMatch(/CA/);

  const login = await cli(['login', registry.host, '-u', registry.username!, '--password-stdin', '--ca-file', registry.caFile!, '--json'], home, registry.password);
  expect(login.stderr).toBe('');
  expect(login.code).toBe(0);
  const caFile = join(home, '.docker', 'certs.d', registry.host, 'ca.crt');
  expect(JSON.parse(login.stdout)).toEqual({ host: registry.host, configPath: join(home, '.docker', 'config.json'), helper: null, caFile });
  expect(readFileSync(caFile, 'utf8')).toBe(registry.caPem);
  expect((statSync(caFile).mode % 0o1000).toString(8)).toBe('644');

  const tags = await cli(['tags', `oci://${registry.host}/charts/web`], home);
  expect(tags).toMatchObject({ code: 0, stdout: '1.0.0\n', stderr: '' });
  expect([login.stdout, login.stderr, tags.stdout].join('')).not.toContain(CANARY);
});

test('a CA in $HOME/.config/containers/certs.d/<host>/ca.crt is trusted by every command', async () => {
  const home = mkdtempSync(join(tmpdir(), 'flux-oci-home-'));
  const certs = join(home, '.config', 'containers', 'certs.d', registry.host);
  mkdirSync(certs, { recursive: true });
  writeFileSync(join(certs, 'ca.crt'), registry.caPem!);
  const login = await cli(['login', registry.host, '-u', registry.username!, '--password-stdin'], home, registry.password);
  expect(login).toMatchObject({ code: 0, stdout: 'Login Succeeded\n' });
  const shown = await cli(['show', `oci://${registry.host}/charts/web`, '--version', '1.0.0', '--json'], home);
  expect(shown.code).toBe(0);
  expect(JSON.parse(shown.stdout).metadata).toMatchObject({ name: 'web', version: '1.0.0' });
});
