import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Agent, Dispatcher, request } from 'undici';
import { canaryPassword, DEFAULT_USERNAME, redact } from './credentials';
import { writeDistributionConfig } from './distribution-config';
import { RegistryHarnessError } from './errors';
import { createClientTlsFiles, createTlsFiles } from './pki';
import { ManagedProcess, runCommand, spawnManaged } from './processes';
import { startTokenServer, TestTokenServer, TokenServerOptions } from './token-server';

/**
 * How the registry is reached:
 * - `anonymous`: plain HTTP, no auth.
 * - `htpasswd`: plain HTTP, Basic auth against a bcrypt htpasswd file.
 * - `token`: plain HTTP, Bearer tokens from a test token server (plain HTTP too).
 * - `tls`: HTTPS with a throwaway CA; auth chosen by `auth` (a token server then serves HTTPS with the same certificate).
 */
export type RegistryMode = 'anonymous' | 'htpasswd' | 'token' | 'tls';

/** Auth a registry enforces. */
export type RegistryAuth = 'none' | 'htpasswd' | 'token';

/** Options for {@link startRegistry}. */
export interface StartRegistryOptions {
  readonly mode: RegistryMode;
  /** Auth for `mode: 'tls'`; the other modes imply their auth and reject a different one. @default 'none' */
  readonly auth?: RegistryAuth;
  /** @default 'testuser' */
  readonly username?: string;
  /** @default - canaryPassword(): fresh, contains CANARY */
  readonly password?: string;
  /** Token server behaviour (token auth only). @default - RS256, x5c, 300 s */
  readonly tokenServer?: TokenServerOptions;
  /**
   * `mode: 'tls'` only: require a client certificate signed by a throwaway
   * client CA (mutual TLS); the registry's `clientCertFile`/`clientKeyFile`
   * hold one, and its `certDir` has them as `client.cert`/`client.key`.
   * @default false
   */
  readonly clientCertificates?: boolean;
  /**
   * Deep-merged over the generated distribution config, e.g.
   * `{ http: { relativeurls: true } }` for relative upload `Location`s.
   * @default - none
   */
  readonly extraConfig?: Readonly<Record<string, unknown>>;
  /** Give up waiting for `GET /v2/` after this long. @default 20000 */
  readonly startTimeoutMs?: number;
  /**
   * Storage folder to serve and keep: `stop()` leaves it, so a benchmark's
   * seeded registry can be reused by the next run.
   * @default - a fresh folder that `stop()` removes
   */
  readonly dataDir?: string;
}

/** A running CNCF Distribution registry on 127.0.0.1. */
export interface TestRegistry {
  readonly mode: RegistryMode;
  readonly auth: RegistryAuth;
  readonly tls: boolean;
  /** `127.0.0.1:<port>`, the registry host as it appears in references. */
  readonly host: string;
  readonly port: number;
  /** `http://127.0.0.1:<port>` or `https://127.0.0.1:<port>`. */
  readonly url: string;
  /** Set when auth is on. */
  readonly username?: string;
  /** Set when auth is on; contains CANARY unless a password was given. */
  readonly password?: string;
  /** CA certificate (PEM) that signed the server certificate; TLS only. */
  readonly caPem?: string;
  /** Path of {@link caPem}; TLS only. */
  readonly caFile?: string;
  /** A folder holding `ca.crt` (and with client certificates `client.cert`/`client.key`), for `skopeo --cert-dir` / `docker certs.d`; TLS only. */
  readonly certDir?: string;
  /** A client certificate the registry accepts (PEM file); with `clientCertificates` only. */
  readonly clientCertFile?: string;
  /** Its private key (PEM file). */
  readonly clientKeyFile?: string;
  /** Server certificate (for 127.0.0.1 and localhost) and key, PEM files; TLS only. */
  readonly certFile?: string;
  readonly keyFile?: string;
  /** The token server; token auth only. */
  readonly tokenServer?: TestTokenServer;
  /** Temp folder with config, data and log; removed by `stop()`. */
  readonly dir: string;
  /** undici dispatcher that trusts the CA (TLS) — for the harness and for plain-request assertions. */
  readonly dispatcher: Dispatcher;
  /** The registry's log so far (stdout and stderr). */
  log(): string;
  /** Stops the registry and token server and deletes {@link dir}; safe to call twice. */
  stop(): Promise<void>;
}

/**
 * Starts `docker-registry serve` (CNCF Distribution 2.8) on a free
 * 127.0.0.1 port in a fresh temp folder and waits until `GET /v2/` answers
 * 200 or 401. Several can run at once (one per jest worker or more).
 *
 * @example
 * const registry = await startRegistry({ mode: 'htpasswd' });
 * try { ... } finally { await registry.stop(); }
 */
export async function startRegistry(options: StartRegistryOptions): Promise<TestRegistry> {
  const tls = options.mode === 'tls';
  if (options.clientCertificates && !tls) throw new RegistryHarnessError(`clientCertificates needs mode 'tls', not '${options.mode}'`);
  if (!tls && options.auth !== undefined && options.auth !== (options.mode === 'anonymous' ? 'none' : options.mode)) {
    throw new RegistryHarnessError(`auth '${options.auth}' conflicts with mode '${options.mode}'; set auth only with mode 'tls'`);
  }
  const auth: RegistryAuth = tls ? options.auth ?? 'none'
    : options.mode === 'anonymous' ? 'none'
      : options.mode;
  const username = auth === 'none' ? undefined : options.username ?? DEFAULT_USERNAME;
  const password = auth === 'none' ? undefined : options.password ?? canaryPassword();
  const dir = mkdtempSync(path.join(os.tmpdir(), 'flux-oci-registry-'));
  const logFile = path.join(dir, 'registry.log');
  let tokenServer: TestTokenServer | undefined;
  let proc: ManagedProcess | undefined;
  let dispatcher: Agent | undefined;

  const readLog = (): string => (existsSync(logFile) ? readFileSync(logFile, 'utf8') : '');
  const cleanup = async (): Promise<void> => {
    await proc?.stop();
    await tokenServer?.stop();
    await dispatcher?.destroy();
    rmSync(dir, { recursive: true, force: true });
  };

  try {
    const tlsFiles = tls ? await createTlsFiles(path.join(dir, 'tls')) : undefined;
    const clientFiles = options.clientCertificates ? await createClientTlsFiles(path.join(dir, 'client-tls')) : undefined;
    let certDir: string | undefined;
    if (tlsFiles) {
      certDir = path.join(dir, 'certs.d');
      mkdirSync(certDir);
      copyFileSync(tlsFiles.caFile, path.join(certDir, 'ca.crt'));
      if (clientFiles) {
        copyFileSync(clientFiles.certFile, path.join(certDir, 'client.cert'));
        copyFileSync(clientFiles.keyFile, path.join(certDir, 'client.key'));
      }
    }
    const htpasswdFile = auth === 'htpasswd' ? await writeHtpasswd(dir, username!, password!) : undefined;
    if (auth === 'token') {
      tokenServer = await startTokenServer({
        ...options.tokenServer,
        username: username!,
        password: password!,
        dir: path.join(dir, 'token'),
        tls: tlsFiles,
      });
    }
    const dataDir = options.dataDir ?? path.join(dir, 'data');
    mkdirSync(dataDir, { recursive: true });
    const configFile = writeDistributionConfig(dir, {
      dataDir,
      tls: tlsFiles,
      clientCaFiles: clientFiles ? [clientFiles.caFile] : undefined,
      htpasswdFile,
      token: tokenServer,
      extraConfig: options.extraConfig,
    });

    proc = await spawnManaged('docker-registry', ['serve', configFile], { cwd: dir, env: registryEnv(), logFile, orphanDir: dir });
    dispatcher = new Agent(tlsFiles ? {
      connect: {
        ca: tlsFiles.caPem,
        ...(clientFiles ? { cert: readFileSync(clientFiles.certFile, 'utf8'), key: readFileSync(clientFiles.keyFile, 'utf8') } : {}),
      },
    } : {});
    const port = await waitUntilServing(proc, readLog, tls, dispatcher, options.startTimeoutMs ?? 20_000, [password]);

    const host = `127.0.0.1:${port}`;
    let stopped: Promise<void> | undefined;
    let finalLog: string | undefined;
    const registry: TestRegistry = {
      mode: options.mode,
      auth,
      tls,
      host,
      port,
      url: `${tls ? 'https' : 'http'}://${host}`,
      username,
      password,
      caPem: tlsFiles?.caPem,
      caFile: tlsFiles?.caFile,
      certDir,
      clientCertFile: clientFiles?.certFile,
      clientKeyFile: clientFiles?.keyFile,
      certFile: tlsFiles?.certFile,
      keyFile: tlsFiles?.keyFile,
      tokenServer,
      dir,
      dispatcher,
      log: () => finalLog ?? readLog(),
      stop: () => {
        stopped ??= (async () => {
          await proc!.stop();
          finalLog = readLog();
          await cleanup();
        })();
        return stopped;
      },
    };
    return registry;
  } catch (err) {
    const logTail = tail(redact(readLog(), [password]));
    await cleanup();
    if (err instanceof RegistryHarnessError) throw err;
    throw new RegistryHarnessError(`could not start a '${options.mode}' test registry: ${(err as Error).message}`, { cause: err, logTail });
  }
}

/** Distribution reads `REGISTRY_*` variables as config overrides; a stray one in CI must not leak in. */
function registryEnv(): NodeJS.ProcessEnv {
  return Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('REGISTRY_') && !k.startsWith('OTEL_')));
}

/** bcrypt entry via `htpasswd -niB` (apr1 entries are rejected by distribution); the password goes through stdin, not argv. */
async function writeHtpasswd(dir: string, username: string, password: string): Promise<string> {
  const result = await runCommand('htpasswd', ['-niB', username], { input: password });
  if (result.exitCode !== 0) {
    throw new RegistryHarnessError(`htpasswd failed (exit ${result.exitCode}): ${redact(result.stderr.trim(), [password])}`);
  }
  const file = path.join(dir, 'htpasswd');
  writeFileSync(file, result.stdout.trim() + '\n', { mode: 0o600 });
  return file;
}

async function waitUntilServing(
  proc: ManagedProcess,
  readLog: () => string,
  tls: boolean,
  dispatcher: Dispatcher,
  timeoutMs: number,
  secrets: readonly (string | undefined)[],
): Promise<number> {
  const deadline = Date.now() + timeoutMs;
  let port: number | undefined;
  let lastProblem = 'no "listening on" line in the log yet';
  while (Date.now() < deadline) {
    if (proc.hasExited()) {
      const code = await proc.exited;
      throw failure(`docker-registry exited (${code}) during startup`, readLog, secrets);
    }
    port ??= listeningPort(readLog());
    if (port !== undefined) {
      try {
        const res = await request(`${tls ? 'https' : 'http'}://127.0.0.1:${port}/v2/`, {
          dispatcher,
          headersTimeout: 2000,
          bodyTimeout: 2000,
        });
        await res.body.dump();
        if (res.statusCode === 200 || res.statusCode === 401) return port;
        lastProblem = `GET /v2/ answered ${res.statusCode}`;
      } catch (err) {
        lastProblem = `GET /v2/ failed: ${(err as Error).message}`;
      }
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  throw failure(`docker-registry did not answer GET /v2/ with 200 or 401 within ${timeoutMs} ms (${lastProblem})`, readLog, secrets);
}

function listeningPort(log: string): number | undefined {
  const match = /listening on 127\.0\.0\.1:(\d+)/.exec(log);
  return match ? Number(match[1]) : undefined;
}

function failure(message: string, readLog: () => string, secrets: readonly (string | undefined)[]): RegistryHarnessError {
  const logTail = tail(redact(readLog(), secrets));
  return new RegistryHarnessError(`${message}; registry log tail:\n${logTail}`, { logTail });
}

function tail(text: string, lines = 20): string {
  return text.trimEnd().split('\n').slice(-lines).join('\n');
}
