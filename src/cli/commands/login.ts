import { Command } from '../command';
import { registryUsage } from '../registry-flags';

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
  run: (args, io) => import('./login-run').then((m) => m.run(args, io)),
};
