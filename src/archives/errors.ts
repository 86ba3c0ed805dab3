import { FluxOciError, FluxOciErrorOptions } from '../foundation/errors';

/**
 * Errors raised while packaging a chart or building a Flux artifact. Each
 * names the file (and, for Chart.yaml, the field), the value found and what
 * would be valid.
 */

const kChartError = Symbol.for('flux-oci.error.INVALID_CHART');
const kArtifactError = Symbol.for('flux-oci.error.INVALID_ARTIFACT');

/** Where and why a chart is not packageable. */
export interface ChartErrorDetails {
  /** The file at fault (absolute path, or `<archive>:<entry>` inside a subchart archive). */
  readonly file: string;
  /** The Chart.yaml field, e.g. `version` or `dependencies[1].alias`. @default - the file as a whole */
  readonly field?: string;
  /** What was wrong and what would be valid. */
  readonly reason: string;
}

/**
 * A chart directory that Helm would refuse to package, or that cannot be
 * published as a Helm 3 OCI chart (`apiVersion: v2`, strict SemVer version).
 */
export class ChartError extends FluxOciError {
  static [Symbol.hasInstance](x: unknown): boolean {
    return typeof x === 'object' && x !== null && (x as any)[kChartError] === true;
  }

  public readonly code: string = 'FLUX_OCI_INVALID_CHART';
  public readonly file: string;
  public readonly field?: string;
  public readonly reason: string;

  constructor(details: ChartErrorDetails, options?: FluxOciErrorOptions) {
    super(`${details.file}${details.field ? `: ${details.field}` : ''}: ${details.reason}`, options);
    this.name = 'ChartError';
    this.file = details.file;
    this.field = details.field;
    this.reason = details.reason;
  }

  get [kChartError](): boolean {
    return true;
  }
}

/** A directory or annotation set that cannot become a Flux OCI artifact. */
export class ArtifactError extends FluxOciError {
  static [Symbol.hasInstance](x: unknown): boolean {
    return typeof x === 'object' && x !== null && (x as any)[kArtifactError] === true;
  }

  public readonly code: string = 'FLUX_OCI_INVALID_ARTIFACT';
  /** The path or annotation at fault. */
  public readonly subject: string;

  constructor(subject: string, reason: string, options?: FluxOciErrorOptions) {
    super(`${subject}: ${reason}`, options);
    this.name = 'ArtifactError';
    this.subject = subject;
  }

  get [kArtifactError](): boolean {
    return true;
  }
}

const kTarError = Symbol.for('flux-oci.error.INVALID_TAR');

/** An archive that cannot be written (a field does not fit) or read (truncated, bad checksum, not gzip). */
export class TarError extends FluxOciError {
  static [Symbol.hasInstance](x: unknown): boolean {
    return typeof x === 'object' && x !== null && (x as any)[kTarError] === true;
  }

  public readonly code: string = 'FLUX_OCI_INVALID_TAR';

  constructor(message: string, options?: FluxOciErrorOptions) {
    super(message, options);
    this.name = 'TarError';
  }

  get [kTarError](): boolean {
    return true;
  }
}

/** Thrown for a pattern Go rejects with `filepath.ErrBadPattern`. */
export class BadPatternError extends Error {
  constructor(pattern: string) {
    super(`syntax error in pattern ${JSON.stringify(pattern)}`);
    this.name = 'BadPatternError';
  }
}

/** A `.helmignore` line Helm refuses. */
export class HelmIgnoreSyntaxError extends Error {
  constructor(readonly line: number, readonly rule: string, readonly reason: string) {
    super(`line ${line}: ${JSON.stringify(rule)}: ${reason}`);
    this.name = 'HelmIgnoreSyntaxError';
  }
}
