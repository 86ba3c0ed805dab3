import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { parse } from 'yaml';
import { CliIo } from '../../src/cli/io';
import { runCli } from '../../src/cli/run';
import {
  CANARY,
  MEDIA_TYPES,
  pushBlob,
  pushRawManifest,
  pushTestChart,
  RegistryFront,
  startHostileFront,
  startRegistry,
  TestRegistry,
} from '../support/registry';

/**
 * Issue 17: what `flux-oci tags` and `show` print of a hostile registry's
 * data — no raw control character on stdout or stderr (terminal escapes,
 * `::error::` lines in a CI log), no echoed password.
 */

const CONTROL = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/;
const NASTY = '\u001b]0;owned\u0007\u001b[2J\n::error::forged\u009b31m\u202eevil';

async function cli(args: string[], env: NodeJS.ProcessEnv = {}): Promise<{ code: number; stdout: string; stderr: string }> {
  const out = new PassThrough();
  const err = new PassThrough();
  const chunks = { stdout: [] as Buffer[], stderr: [] as Buffer[] };
  out.on('data', (c) => chunks.stdout.push(c));
  err.on('data', (c) => chunks.stderr.push(c));
  const io: CliIo = { stdout: out, stderr: err, stdin: new PassThrough(), env: { PATH: process.env.PATH, HOME: mkdtempSync(join(tmpdir(), 'home-')), ...env }, cwd: process.cwd() };
  const code = await runCli(args, io);
  return { code, stdout: Buffer.concat(chunks.stdout).toString(), stderr: Buffer.concat(chunks.stderr).toString() };
}

/** Every line, minus the newline that ends it, has no control character. */
function expectClean(text: string): void {
  for (const line of text.split('\n')) expect(line).not.toMatch(CONTROL);
  expect(text).not.toMatch(/^::error::/m);
}

let anonymous: TestRegistry;
let htpasswd: TestRegistry;
const fronts: RegistryFront[] = [];
beforeAll(async () => {
  [anonymous, htpasswd] = await Promise.all([startRegistry({ mode: 'anonymous' }), startRegistry({ mode: 'htpasswd' })]);
  await Promise.all([
    pushTestChart(anonymous, { repository: 'charts/nasty', version: '1.0.0', description: NASTY }),
    pushTestChart(htpasswd, { repository: 'charts/app', version: '1.0.0' }),
  ]);
});
afterAll(async () => {
  await Promise.all(fronts.map((f) => f.stop()));
  await Promise.all([anonymous?.stop(), htpasswd?.stop()]);
});

test('show: Chart.yaml fields with terminal escapes and newlines are printed escaped; --json keeps the value, not the raw bytes', async () => {
  const ref = `oci://${anonymous.host}/charts/nasty`;
  const text = await cli(['show', ref, '--version', '1.0.0', '--insecure']);
  expect(text.code).toBe(0);
  expectClean(text.stdout);
  expect(parse(text.stdout).description).toBe('\\x1b]0;owned\\x07\\x1b[2J\\n::error::forged\\x9b31m\\u202eevil');

  const json = await cli(['show', ref, '--version', '1.0.0', '--insecure', '--json']);
  expect(json.code).toBe(0);
  expectClean(json.stdout);
  expect(JSON.parse(json.stdout).metadata.description).toBe(NASTY);
});

test('show: a config media type with control characters is escaped in the error', async () => {
  const config = await pushBlob(anonymous, 'charts/odd', Buffer.from('{}'), 'application/octet-stream');
  const layer = await pushBlob(anonymous, 'charts/odd', Buffer.from('layer'), 'application/octet-stream');
  await pushRawManifest(anonymous, 'charts/odd', '1.0.0', {
    schemaVersion: 2,
    mediaType: MEDIA_TYPES.ociManifest,
    config: { ...config, mediaType: 'application/x\u001b[31m\n::error::forged' },
    layers: [layer],
  });
  const shown = await cli(['show', `oci://${anonymous.host}/charts/odd:1.0.0`, '--insecure']);
  expect(shown.code).toBe(1);
  expectClean(shown.stderr.replace(/\n$/, ''));
  expect(shown.stderr).toContain("its config media type is 'application/x\\x1b[31m\\n::error::forged'");
});

test('tags: only valid OCI tags are printed, whatever the registry lists', async () => {
  const hostile = await startHostileFront(anonymous, { tags: ['1.0.0', `2.0.0${NASTY}`, 'x'.repeat(200)] });
  fronts.push(hostile);
  const emitted = jest.spyOn(process, 'emitWarning').mockImplementation(() => undefined);
  try {
    const listed = await cli(['tags', `oci://${hostile.host}/charts/nasty`, '--insecure']);
    expect(listed).toMatchObject({ code: 0, stdout: '1.0.0\n', stderr: '' });
    expect(String(emitted.mock.calls[0][0])).toContain('listed 2 tags');
    expectClean(String(emitted.mock.calls[0][0]));
  } finally {
    emitted.mockRestore();
  }
});

test('a registry echoing the password: the CLI prints it masked', async () => {
  const hostile = await startHostileFront(htpasswd, { echoPassword: true });
  fronts.push(hostile);
  const auth = Buffer.from(`${htpasswd.username}:${htpasswd.password}`).toString('base64');
  const result = await cli(['tags', `oci://${hostile.host}/charts/app`, '--insecure'], { DOCKER_AUTH_CONFIG: JSON.stringify({ auths: { [hostile.host]: { auth } } }) });
  expect(result.code).toBe(1);
  expect(result.stderr).toContain('with password *** may not do this');
  expect(result.stderr).not.toContain(CANARY);
});

test('a password typed into the reference is refused without being echoed', async () => {
  const result = await cli(['tags', `oci://bot:pw-${CANARY}@${anonymous.host}/charts/app`, '--insecure']);
  expect(result.code).toBe(1);
  expect(result.stderr).toBe(`flux-oci tags: 'oci://***@${anonymous.host}/charts/app' has a username or password before the host ('…@'); `
    + `a registry reference carries no credentials: write 'oci://${anonymous.host}/charts/app' and give the credentials separately (a PrivateRegistrySecret, or 'flux-oci login')\n`);
});
