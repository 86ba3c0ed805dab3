/**
 * What a command may touch of the process: streams, environment, working
 * directory. Tests pass their own; `nodeIo()` is the real process.
 */
export interface CliIo {
  readonly stdout: NodeJS.WritableStream & { isTTY?: boolean };
  readonly stderr: NodeJS.WritableStream & { isTTY?: boolean };
  /** `isTTY`/`setRawMode` are there when stdin is a terminal (password prompt). */
  readonly stdin: NodeJS.ReadableStream & { isTTY?: boolean; setRawMode?: (raw: boolean) => unknown };
  readonly env: NodeJS.ProcessEnv;
  readonly cwd: string;
}

/** The real process's streams, environment and working directory. */
export function nodeIo(): CliIo {
  toleratePipeClosed(process.stdout);
  toleratePipeClosed(process.stderr);
  return { stdout: process.stdout, stderr: process.stderr, stdin: process.stdin, env: process.env, cwd: process.cwd() };
}

/**
 * A reader that stops early (`flux-oci tags … | head -1`) closes the pipe,
 * and Node reports the next write as an EPIPE error event, which would
 * crash the process. The reader got what it wanted: later writes are
 * dropped and the command finishes with its own exit code (0 when it
 * succeeded), so a `lock` whose output is cut still writes its lockfile.
 */
function toleratePipeClosed(stream: NodeJS.WriteStream): void {
  stream.on('error', (e: NodeJS.ErrnoException) => {
    if (e.code === 'EPIPE' || e.code === 'ERR_STREAM_DESTROYED') return;
    throw e;
  });
}

/** Reads all of stdin as UTF-8 (for `--password-stdin`). */
export async function readAll(stream: NodeJS.ReadableStream): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(typeof chunk === 'string' ? Buffer.from(chunk) : chunk);
  return Buffer.concat(chunks).toString('utf8');
}
