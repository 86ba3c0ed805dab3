import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { InvalidResolveModeError, LockfileError, ManifestReadError } from '../../check/errors';
import { LOCKFILE_NAME } from '../../check/lockfile';
import { checkManifests, CheckProgress, readManifestSources } from '../../check/manifests';
import { countFindings, formatCheckJson, formatCheckSarif, formatCheckText } from '../check-output';
import { parseCommandArgs, println } from '../command';
import { UsageError } from '../errors';
import { fluxVersionOption } from '../flux-version-option';
import { CliIo } from '../io';
import { refuseProgramPaths } from '../program-paths';

const FORMATS = ['text', 'json', 'sarif'] as const;
type Format = typeof FORMATS[number];

/** Trees smaller than this finish before a progress line would help. */
const PROGRESS_FILES = 50;

/** Runs `flux-oci check`; its usage is in ./check.ts. */
export async function run(args: readonly string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseCommandArgs(args, {
    'format': { type: 'string' },
    'json': { type: 'boolean' },
    'flux-version': { type: 'string' },
    'lockfile': { type: 'string' },
    'offline': { type: 'boolean' },
    'ignore-paths': { type: 'string', multiple: true },
  }, { min: 1, max: Number.POSITIVE_INFINITY, names: "a file, folder or '-' to check" });
  refuseProgramPaths(positionals, () => "YAML: check reads what a program writes; synthesize it first (e.g. 'cdk8s synth') and check its output folder (dist/)");
  const format = formatOf(values.format, values.json);
  const fluxVersion = fluxVersionOption(values['flux-version']);
  const lockfile = values.lockfile !== undefined ? resolve(io.cwd, values.lockfile)
    : existsSync(join(io.cwd, LOCKFILE_NAME)) ? join(io.cwd, LOCKFILE_NAME) : false;
  const progress = progressLine(io);

  try {
    const stdin = io.stdin as AsyncIterable<Buffer>;
    const sources = await readManifestSources(positionals, { cwd: io.cwd, stdin, ignorePaths: values['ignore-paths'], onFile: (n) => progress.files(n) });
    const report = await checkManifests(sources, {
      ...(fluxVersion ? { fluxVersion } : {}),
      resolver: { lockfile, env: values.offline ? { ...io.env, FLUX_OCI_RESOLVE: 'off' } : io.env },
      onProgress: (p) => progress.step(p, sources.length),
    });
    progress.done();
    println(io, format === 'json' ? formatCheckJson(report) : format === 'sarif' ? formatCheckSarif(report) : formatCheckText(report));
    return countFindings(report.findings).errors > 0 ? 1 : 0;
  } catch (e) {
    progress.done();
    if (e instanceof ManifestReadError || e instanceof LockfileError || e instanceof InvalidResolveModeError) {
      io.stderr.write(`flux-oci check: ${e.message}\n`);
      return 2;
    }
    throw e;
  }
}

function formatOf(format: string | undefined, json: boolean | undefined): Format {
  if (format !== undefined && !(FORMATS as readonly string[]).includes(format)) {
    throw new UsageError(`--format '${format}' is not one of ${FORMATS.join(', ')}`);
  }
  if (json && format !== undefined && format !== 'json') throw new UsageError(`--json and --format ${format} contradict each other; pass one`);
  return json ? 'json' : (format as Format | undefined) ?? 'text';
}

/** One `\r`-rewritten line on a terminal's stderr for a large tree; nothing otherwise. */
function progressLine(io: CliIo): { files(n: number): void; step(p: CheckProgress, files: number): void; done(): void } {
  let shown = false;
  const draw = (text: string): void => {
    shown = true;
    io.stderr.write(`\r${text}\u001b[K`);
  };
  const enabled = io.stderr.isTTY === true;
  return {
    files: (n) => { if (enabled && n >= PROGRESS_FILES && n % 25 === 0) draw(`reading files: ${n}`); },
    step: (p, files) => {
      if (!enabled || files < PROGRESS_FILES) return;
      draw(p.phase === 'validate' ? `checked ${p.objects} objects in ${files} files` : `looking up ${p.lookups} charts and artifacts…`);
    },
    done: () => { if (shown) io.stderr.write('\r\u001b[K'); },
  };
}
