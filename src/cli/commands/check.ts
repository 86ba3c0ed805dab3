import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { InvalidResolveModeError, LockfileError, ManifestReadError } from '../../check/errors';
import { LOCKFILE_NAME } from '../../check/lockfile';
import { checkManifests, CheckProgress, readManifestSources } from '../../check/manifests';
import { FLUX_VERSIONS, FluxVersion, isFluxVersion } from '../../model/flux-version';
import { countFindings, formatCheckJson, formatCheckSarif, formatCheckText } from '../check-output';
import { Command, parseCommandArgs, println } from '../command';
import { UsageError } from '../errors';
import { CliIo } from '../io';

const FORMATS = ['text', 'json', 'sarif'] as const;
type Format = typeof FORMATS[number];

/** Trees smaller than this finish before a progress line would help. */
const PROGRESS_FILES = 50;

/**
 * `flux-oci check <files|dirs|->`: Flux YAML checked as a synth is (CRD
 * schemas, apiVersions, references, the registry check); exit 0 clean, 1
 * findings, 2 usage or I/O error.
 */
export const checkCommand: Command = {
  name: ['check'],
  summary: 'check Flux YAML: CRD schemas, apiVersions, references, charts in the registry',
  usage: `Usage: flux-oci check [options] <file|folder|->...

Reads YAML files and folders (every *.yaml and *.yml below, hidden folders
skipped; '-' reads stdin, e.g. 'kustomize build . | flux-oci check -') and
checks every Flux object in them:
  - against the CRD schema and CEL rules of its apiVersion, and whether
    current Flux still serves that apiVersion (what replaces it, which
    fields change);
  - its references inside the files (chartRef, chart.spec.sourceRef,
    sourceRef, secretRef, certSecretRef): a dangling one is a warning;
  - every OCI chart and artifact against its registry, with Flux's rules for
    HelmRepository or OCIRepository, the lockfile, and the source's
    credentials (a Secret in the files is read for this only, never printed;
    a SOPS-encrypted one is skipped, and your own login is used).
Other kinds are skipped.

  --format <f>          text (default), json, or sarif (SARIF 2.1.0 for code scanning)
  --json                the same as --format json: {"flux","summary","findings"}
                        (schemas/cli/check.schema.json)
  --flux-version <v>    the Flux release the files are for (${FLUX_VERSIONS[0]}-${FLUX_VERSIONS[FLUX_VERSIONS.length - 1]}): its tag rules and
                        CRDs apply, an apiVersion it still serves is a warning
                        (default: the newest release serving every apiVersion used)
  --lockfile <file>     use this lockfile (default: ./${LOCKFILE_NAME} when it exists)
  --offline             no registry lookups (lockfile entries still count)

Exit status: 0 no errors (warnings and notes allowed), 1 errors found,
2 bad usage or a file that cannot be read. FLUX_OCI_RESOLVE=locked checks
against the lockfile only.`,
  async run(args: readonly string[], io: CliIo): Promise<number> {
    const { values, positionals } = parseCommandArgs(args, {
      'format': { type: 'string' },
      'json': { type: 'boolean' },
      'flux-version': { type: 'string' },
      'lockfile': { type: 'string' },
      'offline': { type: 'boolean' },
    }, { min: 1, max: Number.POSITIVE_INFINITY, names: "a file, folder or '-' to check" });
    const format = formatOf(values.format, values.json);
    const fluxVersion = fluxVersionOf(values['flux-version']);
    const lockfile = values.lockfile !== undefined ? resolve(io.cwd, values.lockfile)
      : existsSync(join(io.cwd, LOCKFILE_NAME)) ? join(io.cwd, LOCKFILE_NAME) : false;
    const progress = progressLine(io);

    try {
      const stdin = io.stdin as AsyncIterable<Buffer>;
      const sources = await readManifestSources(positionals, { cwd: io.cwd, stdin, onFile: (n) => progress.files(n) });
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
  },
};

function formatOf(format: string | undefined, json: boolean | undefined): Format {
  if (format !== undefined && !(FORMATS as readonly string[]).includes(format)) {
    throw new UsageError(`--format '${format}' is not one of ${FORMATS.join(', ')}`);
  }
  if (json && format !== undefined && format !== 'json') throw new UsageError(`--json and --format ${format} contradict each other; pass one`);
  return json ? 'json' : (format as Format | undefined) ?? 'text';
}

function fluxVersionOf(value: string | undefined): FluxVersion | undefined {
  if (value === undefined) return undefined;
  if (!isFluxVersion(value)) throw new UsageError(`--flux-version '${value}' is not a Flux release flux-oci knows; use one of ${FLUX_VERSIONS.join(', ')}`);
  return value;
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
