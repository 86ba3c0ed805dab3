import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** Replaces the first `from` in `dir/file` with `to`; throws when the file has no `from`, so an edit never silently misses. */
export function edit(dir: string, file: string, from: string, to: string): void {
  const text = readFileSync(join(dir, file), 'utf8');
  if (!text.includes(from)) throw new Error(`${file} has no ${from}`);
  writeFileSync(join(dir, file), text.replace(from, to));
}

/** The 1-based line of `dir/file` that first holds `needle` (0 when none does). */
export function lineOf(dir: string, file: string, needle: string): number {
  return readFileSync(join(dir, file), 'utf8').split('\n').findIndex((l) => l.includes(needle)) + 1;
}

/** A `kubernetes.io/dockerconfigjson` pull Secret's YAML with the registry's login, as Flux sources and ImageRepositories read it. */
export function pullSecretYaml(name: string, namespace: string, registry: { host: string; username?: string; password?: string }): string {
  const auths = { auths: { [registry.host]: { username: registry.username, password: registry.password } } };
  return `apiVersion: v1
kind: Secret
metadata:
  name: ${name}
  namespace: ${namespace}
type: kubernetes.io/dockerconfigjson
data:
  .dockerconfigjson: ${Buffer.from(JSON.stringify(auths)).toString('base64')}
`;
}
