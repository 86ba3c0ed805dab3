import { resolve } from 'node:path';
import { removeLogin } from '../../registry/credentials/login';
import { Command, parseCommandArgs, println } from '../command';
import { CliIo } from '../io';
import { registryHostArgument } from '../registry-options';

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
  async run(args: readonly string[], io: CliIo): Promise<number> {
    const { values, positionals } = parseCommandArgs(args, { config: { type: 'string' }, json: { type: 'boolean' } }, {
      min: 1, max: 1, names: 'the registry host',
    });
    const host = registryHostArgument(positionals[0]);
    const removed = await removeLogin(host, {
      configPath: values.config === undefined ? undefined : resolve(io.cwd, values.config),
      env: io.env,
      homedir: io.env.HOME,
    });
    if (values.json) println(io, JSON.stringify({ host, configPath: removed.configPath, removed: removed.removed }));
    else println(io, removed.removed ? `Removing login credentials for ${host}` : `Not logged in to ${host}`);
    return 0;
  },
};
