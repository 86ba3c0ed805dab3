import { resolve } from 'node:path';
import { RegistryClient } from '../../registry/client';
import { storeLogin } from '../../registry/credentials/login';
import { StaticCredentials } from '../../registry/credentials/store';
import { storeLoginCa } from '../../registry/trust/login-ca';
import { parseCommandArgs, println } from '../command';
import { UsageError } from '../errors';
import { CliIo, readAll } from '../io';
import { prompt } from '../prompt';
import { REGISTRY_OPTIONS } from '../registry-flags';
import { plainHttp, readCaFile, registryHostArgument, registryTlsOptions } from '../registry-options';

/** Runs `flux-oci login`; its usage is in ./login.ts. */
export async function run(args: readonly string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseCommandArgs(args, {
    ...REGISTRY_OPTIONS,
    'username': { type: 'string', short: 'u' },
    'password': { type: 'string', short: 'p' },
    'password-stdin': { type: 'boolean' },
    'config': { type: 'string' },
    'json': { type: 'boolean' },
  }, { min: 1, max: Number.MAX_SAFE_INTEGER, names: 'the registry host' });
  // Not echoed: an extra argument is most likely a password typed on the command line.
  if (positionals.length > 1) throw new UsageError('takes one registry host; give the password with --password-stdin (or at the prompt), never as an argument');
  const host = registryHostArgument(positionals[0]);
  const { username, password } = await credentialsOf(io, values);

  const configPath = values.config === undefined ? undefined : resolve(io.cwd, values.config);
  const ca = plainHttp(values) ? undefined : readCaFile(io, values['ca-file']);
  const client = new RegistryClient({
    credentials: new StaticCredentials({ [host]: { username, password } }),
    ...registryTlsOptions(io, host, values),
  });
  try {
    await client.ping(host);
  } finally {
    await client.close();
  }
  const stored = await storeLogin(host, username, password, { configPath, env: io.env, homedir: io.env.HOME });
  const caFile = ca === undefined ? undefined : await storeLoginCa(host, ca, { configPath: stored.configPath });
  if (values.json) println(io, JSON.stringify({ host, configPath: stored.configPath, helper: stored.helper ?? null, caFile: caFile ?? null }));
  else println(io, caFile ? `Login Succeeded (CA stored in ${caFile})` : 'Login Succeeded');
  return 0;
}

/**
 * User name and password as `helm registry login` takes them: `-u`, then
 * the password from `--password-stdin` or `-p` (with Helm's warning), else
 * both asked on the terminal.
 */
async function credentialsOf(
  io: CliIo, values: { 'username'?: string; 'password'?: string; 'password-stdin'?: boolean },
): Promise<{ username: string; password: string }> {
  if (values.password !== undefined && values['password-stdin']) throw new UsageError('--password and --password-stdin are mutually exclusive');
  const interactive = values.password === undefined && !values['password-stdin'];
  if (interactive && !io.stdin.isTTY) {
    throw new UsageError('no password: pipe it in with --password-stdin, e.g. echo "$TOKEN" | flux-oci login ghcr.io -u me --password-stdin (stdin is not a terminal to ask on)');
  }
  const username = values.username ?? (interactive ? (await prompt(io, 'Username: ', { hidden: false })).trim() : undefined);
  if (!username) throw new UsageError('--username is required');
  let password: string;
  if (values.password !== undefined) {
    // Helm v3's wording (cmd/helm/registry_login.go, v3.17.0–v3.21.4).
    io.stderr.write('WARNING: Using --password via the CLI is insecure. Use --password-stdin.\n');
    password = values.password;
  } else if (values['password-stdin']) {
    password = (await readAll(io.stdin)).replace(/\n$/, '').replace(/\r$/, '');
    if (password === '') throw new UsageError('the password read from stdin is empty');
  } else {
    password = await prompt(io, 'Password: ', { hidden: true });
    if (password === '') throw new UsageError('password required');
  }
  return { username, password };
}
