import { Command } from '../command';

/** `flux-oci logout <host>`: `docker logout`. */
export const logoutCommand: Command = {
  name: ['logout'],
  summary: 'remove stored registry credentials (like helm registry logout)',
  usage: `Usage: flux-oci logout <host> [--config <file>] [--json]

Removes the host's credentials from the credential helper the config names
and from the config file's auths.

  --config <file>    docker-format config (default: $DOCKER_CONFIG/config.json or ~/.docker/config.json)
  --json             print {"host","configPath","removed"}
                     (schemas/cli/logout.schema.json)`,
  run: (args, io) => import('./logout-run').then((m) => m.run(args, io)),
};
