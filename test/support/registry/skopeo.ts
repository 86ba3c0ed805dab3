import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { redact } from './credentials';
import { basicAuthEntry, writeDockerConfig } from './docker-config';
import { RegistryHarnessError } from './errors';
import { OciManifest } from './media-types';
import { CommandResult, runCommand } from './processes';
import type { TestRegistry } from './registry';

/** Options for {@link skopeo}. */
export interface SkopeoOptions {
  /**
   * Credentials: `'registry'` uses the registry's own user (written to a
   * temporary authfile, never argv), `'none'` an empty authfile, an object
   * other credentials (same handling). Ignored when `authfile` is set.
   * @default 'registry'
   */
  readonly credentials?: 'registry' | 'none' | { readonly username: string; readonly password: string };
  /** Use this authfile (e.g. one with `credHelpers`) as is. @default - generated from `credentials` */
  readonly authfile?: string;
  /** Extra environment, e.g. a `PATH` with a credential helper first. @default - none */
  readonly env?: NodeJS.ProcessEnv;
  /** @default 60000 */
  readonly timeoutMs?: number;
}

/** Subcommands whose registry flags come in `--src-`/`--dest-` pairs. */
const TWO_SIDED = new Set(['copy', 'sync']);

/**
 * Runs `skopeo <args[0]> <registry flags> <args[1..]>`: TLS flags
 * (`--tls-verify=false` for HTTP, `--cert-dir` with the test CA for TLS)
 * and `--authfile` are inserted after the subcommand. HOME and XDG dirs
 * point into the registry's temp folder so the caller's own credentials
 * never leak in. Never throws on a non-zero exit; check `exitCode`.
 *
 * The token server's realm is `localhost` (https for a TLS registry, signed
 * by the same CA), which skopeo reaches with the same cert dir.
 */
export async function skopeo(registry: TestRegistry, args: readonly string[], options: SkopeoOptions = {}): Promise<CommandResult> {
  if (args.length === 0) throw new RegistryHarnessError('skopeo needs a subcommand, got []');
  const work = mkdtempSync(path.join(registry.dir, 'skopeo-'));
  try {
    const authfile = options.authfile ?? writeAuthfile(work, registry, options.credentials ?? 'registry');
    const [subcommand, ...rest] = args;
    const sides = TWO_SIDED.has(subcommand) ? ['--src-', '--dest-'] : ['--'];
    const flags: string[] = ['--authfile', authfile];
    for (const side of sides) {
      if (registry.tls) flags.push(`${side}cert-dir`, registry.certDir!);
      else flags.push(`${side}tls-verify=false`);
    }
    const home = path.join(work, 'home');
    mkdirSync(home);
    const result = await runCommand('skopeo', [subcommand, ...flags, ...rest], {
      env: {
        ...withoutCredentialEnv(process.env),
        HOME: home,
        XDG_RUNTIME_DIR: path.join(work, 'run'),
        XDG_CONFIG_HOME: path.join(work, 'config'),
        ...options.env,
      },
      timeoutMs: options.timeoutMs,
    });
    const secrets = [registry.password, typeof options.credentials === 'object' ? options.credentials.password : undefined];
    return { ...result, stdout: redact(result.stdout, secrets), stderr: redact(result.stderr, secrets) };
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

/** Tags of `repository` as skopeo lists them (registry order, unsorted). */
export async function skopeoListTags(registry: TestRegistry, repository: string, options?: SkopeoOptions): Promise<string[]> {
  const result = await skopeo(registry, ['list-tags', `docker://${registry.host}/${repository}`], options);
  checkExit(result, `skopeo list-tags ${registry.host}/${repository}`);
  return (JSON.parse(result.stdout) as { Tags: string[] | null }).Tags ?? [];
}

/** The manifest of `reference` (`repo:tag` or `repo@sha256:…`), via `skopeo inspect --raw`. */
export async function skopeoInspectRaw(registry: TestRegistry, reference: string, options?: SkopeoOptions): Promise<OciManifest> {
  const result = await skopeo(registry, ['inspect', '--raw', `docker://${registry.host}/${reference}`], options);
  checkExit(result, `skopeo inspect --raw ${registry.host}/${reference}`);
  return JSON.parse(result.stdout) as OciManifest;
}

function checkExit(result: CommandResult, what: string): void {
  if (result.exitCode !== 0) {
    throw new RegistryHarnessError(`${what} failed (exit ${result.exitCode}): ${result.stderr.trim()}`);
  }
}

function writeAuthfile(dir: string, registry: TestRegistry, credentials: NonNullable<SkopeoOptions['credentials']>): string {
  const creds = credentials === 'none' ? undefined
    : credentials === 'registry' ? (registry.username ? { username: registry.username, password: registry.password! } : undefined)
      : credentials;
  if (!creds) {
    const file = path.join(dir, 'auth.json');
    writeFileSync(file, '{"auths":{}}\n', { mode: 0o600 });
    return file;
  }
  return writeDockerConfig(dir, { auths: { [registry.host]: basicAuthEntry(creds.username, creds.password) } });
}

function withoutCredentialEnv(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  const dropped = new Set(['REGISTRY_AUTH_FILE', 'DOCKER_CONFIG', 'DOCKER_AUTH_CONFIG', 'XDG_RUNTIME_DIR', 'XDG_CONFIG_HOME']);
  return Object.fromEntries(Object.entries(env).filter(([k]) => !dropped.has(k)));
}
