import { execFile } from 'node:child_process';
import { chmod, cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

const execFileAsync = promisify(execFile);

export const FIXTURES = join(__dirname, 'fixtures');

/** Temporary directories made by a test file, removed by `cleanup()`. */
export class TempDirs {
  private readonly dirs: string[] = [];

  async make(prefix = 'flux-oci-package-'): Promise<string> {
    const dir = await mkdtemp(join(tmpdir(), prefix));
    this.dirs.push(dir);
    return dir;
  }

  async cleanup(): Promise<void> {
    await Promise.all(this.dirs.splice(0).map((d) => rm(d, { recursive: true, force: true })));
  }
}

/** Runs a program (never through a shell) in UTC with the C locale, so `tar -v` prints stable dates. */
export async function run(program: string, args: readonly string[], cwd?: string): Promise<string> {
  const { stdout } = await execFileAsync(program, [...args], {
    cwd,
    env: { ...process.env, TZ: 'UTC', LC_ALL: 'C' },
    maxBuffer: 16 * 1024 * 1024,
  });
  return stdout;
}

/**
 * The webapp fixture chart in a fresh directory named `web-src`, completed
 * with what git cannot hold reliably: the executable bit on scripts/run.sh, a
 * UTF-8 BOM on templates/_helpers.tpl, and charts/redis-6.1.0.tgz packed by
 * the system tar (an independent producer) from fixtures/redis.
 */
export async function makeWebappChart(temp: TempDirs): Promise<string> {
  const base = await temp.make();
  const chart = join(base, 'web-src');
  await cp(join(FIXTURES, 'web-src'), chart, { recursive: true });
  await chmod(join(chart, 'scripts', 'run.sh'), 0o755);
  const helpers = join(chart, 'templates', '_helpers.tpl');
  await writeFile(helpers, Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), await readFile(helpers)]));
  const staging = join(base, 'staging');
  await cp(join(FIXTURES, 'redis'), join(staging, 'redis'), { recursive: true });
  await run('tar', ['--sort=name', '-czf', join(chart, 'charts', 'redis-6.1.0.tgz'), '-C', staging, 'redis']);
  return chart;
}

/** One line of `tar -tv` output. */
export interface TarListing {
  readonly mode: string;
  readonly owner: string;
  readonly size: number;
  readonly date: string;
  readonly name: string;
}

/** `tar -tzvf` of a file, parsed (GNU tar's verbose format). */
export async function listWithSystemTar(file: string): Promise<TarListing[]> {
  const out = await run('tar', ['--quoting-style=literal', '-tzvf', file]);
  return out.trim().split('\n').map((line) => {
    const m = /^(\S+) (\S+)\s+(\d+) (\d{4}-\d{2}-\d{2} \d{2}:\d{2}) (.*)$/.exec(line);
    if (!m) throw new Error(`unexpected tar -tv line: ${line}`);
    return { mode: m[1], owner: m[2], size: Number(m[3]), date: m[4], name: m[5] };
  });
}
