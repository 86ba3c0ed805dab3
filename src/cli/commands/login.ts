import { resolve } from 'node:path';
import { RegistryClient } from '../../registry/client';
import { storeLogin } from '../../registry/credentials/login';
import { StaticCredentials } from '../../registry/credentials/store';
import { storeLoginCa } from '../../registry/trust/login-ca';
import { Command, parseCommandArgs, println } from '../command';
import { UsageError } from '../errors';
import { CliIo, readAll } from '../io';
import { readCaFile, REGISTRY_OPTIONS, registryHostArgument, registryTlsOptions } from '../registry-options';

/** `flux-oci login <host>`: `docker login` / `helm registry login`. */
export const loginCommand: Command = {
  name: ['login'],
  summary: 'check and store registry credentials (like helm registry login)',
  usage: `Usage: flux-oci login <host> --username <user> --password-stdin [--config <file>] [--json]

Checks the credentials against the registry (GET /v2/), then stores them as
'docker login' does: in the credential helper the config names for the host
(credHelpers, credsStore), else as an auths entry of the config file.
With --ca-file the CA is stored too, next to the config, in
certs.d/<host>/ca.crt (Docker Desktop's layout; a CA is no secret), and
every later command and synth-time check trusts it for that host.

  -u, --username <user>  the user name
  --password-stdin       read the password (or token) from stdin
  --config <file>        docker-format config to write (default: $DOCKER_CONFIG/config.json or ~/.docker/config.json)
  --insecure             reach the registry over plain HTTP
  --ca-file <file>       trust this PEM CA bundle for the host, now and from now on
  --json                 print {"host","configPath","helper","caFile"}`,
  async run(args: readonly string[], io: CliIo): Promise<number> {
    const { values, positionals } = parseCommandArgs(args, {
      ...REGISTRY_OPTIONS,
      'username': { type: 'string', short: 'u' },
      'password-stdin': { type: 'boolean' },
      'config': { type: 'string' },
      'json': { type: 'boolean' },
    }, { min: 1, max: Number.MAX_SAFE_INTEGER, names: 'the registry host' });
    // Not echoed: an extra argument is most likely a password typed on the command line.
    if (positionals.length > 1) throw new UsageError('takes one registry host; give the password on stdin with --password-stdin, never as an argument');
    if (!values.username) throw new UsageError('--username is required');
    if (!values['password-stdin']) throw new UsageError('--password-stdin is required: pipe the password in, e.g. echo "$TOKEN" | flux-oci login ghcr.io -u me --password-stdin');
    const password = (await readAll(io.stdin)).replace(/\n$/, '').replace(/\r$/, '');
    if (password === '') throw new UsageError('the password read from stdin is empty');
    const host = registryHostArgument(positionals[0]);

    const configPath = values.config === undefined ? undefined : resolve(io.cwd, values.config);
    const ca = values.insecure ? undefined : readCaFile(io, values['ca-file']);
    const client = new RegistryClient({
      credentials: new StaticCredentials({ [host]: { username: values.username, password } }),
      ...registryTlsOptions(io, host, values),
    });
    try {
      await client.ping(host);
    } finally {
      await client.close();
    }
    const stored = await storeLogin(host, values.username, password, { configPath, env: io.env, homedir: io.env.HOME });
    const caFile = ca === undefined ? undefined : await storeLoginCa(host, ca, { configPath: stored.configPath });
    if (values.json) println(io, JSON.stringify({ host, configPath: stored.configPath, helper: stored.helper, caFile }));
    else println(io, caFile ? `Login Succeeded (CA stored in ${caFile})` : 'Login Succeeded');
    return 0;
  },
};
