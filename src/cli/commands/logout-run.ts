import { resolve } from 'node:path';
import { removeLogin } from '../../registry/credentials/login';
import { parseCommandArgs, println } from '../command';
import { CliIo } from '../io';
import { registryHostArgument } from '../registry-options';

/** Runs `flux-oci logout`; its usage is in ./logout.ts. */
export async function run(args: readonly string[], io: CliIo): Promise<number> {
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
}
