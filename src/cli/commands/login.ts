import { resolve } from 'node:path';
import { RegistryClient } from '../../registry/client';
import { storeLogin } from '../../registry/credentials/login';
import { StaticCredentials } from '../../registry/credentials/store';
import { storeLoginCa } from '../../registry/trust/login-ca';
import { Command, parseCommandArgs, println } from '../command';
import { UsageError } from '../errors';
import { CliIo, readAll } from '../io';
import { prompt } from '../prompt';
import { plainHttp, readCaFile, REGISTRY_OPTIONS, registryHostArgument, registryUsage, registryTlsOptions } from '../registry-options';

/** `flux-oci login <host>`: `docker login` / `helm registry login`. */
export const loginCommand: Command = {
  name: ['login'],
  summary: 'check and store registry credentials (like helm registry login)',
  usage: `Usage: flux-oci login <host> [-u <user>] [--password-stdin | -p <password>] [options]

Checks the credentials against the registry (GET /v2/), then stores them as
'docker login' does: in the credential helper the config names for the host
(credHelpers, credsStore), else as an auths entry of the config file.
Without --password-stdin or -p, asks for the user name (unless -u is given)
and the password on the terminal, without echo.
With --ca-file the CA is stored too, next to the config, in
certs.d/<host>/ca.crt (Docker Desktop's layout; a CA is no secret), and
every later command and synth-time check trusts it for that host.

  -u, --username <user>  the user name
  --password-stdin       read the password (or token) from stdin
  -p, --password <pw>    the password (or token); insecure: it lands in shell
                         history and the process list, so a warning is printed
  --config <file>        docker-format config to write (default: $DOCKER_CONFIG/config.json or ~/.docker/config.json)
  --json                 print {"host","configPath","helper","caFile"}
                         (schemas/cli/login.schema.json)

${registryUsage(undefined, { 'ca-file': 'trust this PEM CA bundle for the host, now and from now on' })}`,
  async run(args: readonly string[], io: CliIo): Promise<number> {
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
  },
};

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
