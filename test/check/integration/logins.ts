import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * An environment in which the user has no registry logins: every config
 * location flux-oci reads points into an empty temp folder, so the
 * developer's own `~/.docker` or helm logins can never answer for a test.
 * `more` is laid over it (e.g. a DOCKER_CONFIG holding a test login).
 */
export function withoutLogins(more: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  const empty = mkdtempSync(join(tmpdir(), 'flux-oci-nologins-'));
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    HOME: empty,
    DOCKER_CONFIG: join(empty, 'docker'),
    HELM_REGISTRY_CONFIG: join(empty, 'helm', 'config.json'),
    REGISTRY_AUTH_FILE: join(empty, 'containers', 'auth.json'),
    XDG_CONFIG_HOME: join(empty, 'config'),
    XDG_RUNTIME_DIR: join(empty, 'run'),
  };
  delete env.DOCKER_AUTH_CONFIG;
  // As on a user's machine: jest's setup turns the registry check off through FLUX_OCI_RESOLVE, which wins over a Resolver's mode.
  delete env.FLUX_OCI_RESOLVE;
  delete env.HELM_CONFIG_HOME;
  return { ...env, ...more };
}
