import { execFile } from 'node:child_process';
import { chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { promisify } from 'node:util';
import { CredentialHelperError, processHelperRunner, runCredentialHelper, runCredentialHelperSync } from '../../../src/registry';
import { rejected, thrown } from '../support';

// A real helper program, as registry.md §8 describes, run through the default child-process runner.
let dir: string;
let env: NodeJS.ProcessEnv;
beforeAll(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'flux-oci-helper-'));
  const script = `#!/bin/sh
[ "$1" = get ] || exit 1
read server
echo "$# $1 $server" >> "${dir}/calls.log"
case "$server" in
  127.0.0.1:5001|http://127.0.0.1:5001|https://127.0.0.1:5001) printf '{"ServerURL":"%s","Username":"testuser","Secret":"testpass"}' "$server" ;;
  *) echo "credentials not found in native keychain"; exit 1 ;;
esac
`;
  writeFileSync(path.join(dir, 'docker-credential-testcreds'), script);
  chmodSync(path.join(dir, 'docker-credential-testcreds'), 0o755);
  env = { PATH: `${dir}:/usr/bin:/bin` };
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

test('async and sync runs get the credential, with "get" as the only argument and the server on stdin', async () => {
  const runner = processHelperRunner({ env });
  const cred = await runCredentialHelper('testcreds', '127.0.0.1:5001', runner);
  expect([cred?.username, cred?.password]).toEqual(['testuser', 'testpass']);
  expect(runCredentialHelperSync('testcreds', '127.0.0.1:5001', runner)?.password).toBe('testpass');
  expect(readFileSync(path.join(dir, 'calls.log'), 'utf8').trim().split('\n')).toEqual(['1 get 127.0.0.1:5001', '1 get 127.0.0.1:5001']);
});

test('"credentials not found in native keychain" is no credential', async () => {
  const runner = processHelperRunner({ env });
  expect(await runCredentialHelper('testcreds', 'other:1', runner)).toBeUndefined();
  expect(runCredentialHelperSync('testcreds', 'other:1', runner)).toBeUndefined();
});

test('a helper that is not on PATH is a clear error, sync and async', async () => {
  const runner = processHelperRunner({ env });
  const e1 = await rejected(runCredentialHelper('absent', 'reg.io', runner));
  const e2 = thrown(() => runCredentialHelperSync('absent', 'reg.io', runner));
  for (const e of [e1, e2]) {
    expect(e).toBeInstanceOf(CredentialHelperError);
    expect(e.message).toMatch(/^credential helper docker-credential-absent is not installed or not on PATH/);
  }
});

test('server strings with shell metacharacters are passed verbatim (no shell)', async () => {
  const runner = processHelperRunner({ env });
  expect(await runCredentialHelper('testcreds', '$(touch pwned); reg.io', runner)).toBeUndefined();
  expect(readFileSync(path.join(dir, 'calls.log'), 'utf8')).toContain('$(touch pwned); reg.io');
});

test('a helper that is not installed leaves nothing running: the process exits without waiting for the helper timeout', async () => {
  // A 10-minute helper timeout: if its timer outlived the failed spawn, the child would be killed by execFile's 60 s limit instead.
  const program = `require('./src/registry/credentials/helper').runCredentialHelper('absent', 'reg.io',
    require('./src/registry/credentials/helper').processHelperRunner({ env: { PATH: '/nonexistent' }, timeoutMs: 600000 })).catch(() => process.stdout.write('failed as expected'));`;
  const { stdout } = await promisify(execFile)(process.execPath, ['-r', 'ts-node/register/transpile-only', '-e', program], {
    cwd: path.join(__dirname, '..', '..', '..'), timeout: 60_000,
  });
  expect(stdout).toBe('failed as expected');
});

test('a helper that hangs is stopped after timeoutMs and reported as failing', async () => {
  // Longer than the test's own timeout: only the kill lets this test finish.
  writeFileSync(path.join(dir, 'docker-credential-hangs'), '#!/bin/sh\nexec sleep 600\n');
  chmodSync(path.join(dir, 'docker-credential-hangs'), 0o755);
  const error = await rejected(runCredentialHelper('hangs', 'reg.io', processHelperRunner({ env, timeoutMs: 300 })));
  expect(error).toBeInstanceOf(CredentialHelperError);
  expect(error.message).toContain('docker-credential-hangs');
});
