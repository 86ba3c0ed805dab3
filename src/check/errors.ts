import type { ResolutionFailure } from './outcome';
import { FluxOciError, FluxOciErrorOptions } from '../foundation/errors';

/** The cause and request of a failure, without the path: cdk8s and Pulumi prefix their own. */
export function describeFailure(failure: ResolutionFailure): string {
  const asked = failure.literal ? `${failure.version.includes(':') ? 'digest' : 'tag'} '${failure.version}'` : `version '${failure.version || '*'}'`;
  return `${failure.subject ?? 'chart'} ${failure.reference} ${asked} failed the registry check (${failure.cause}): ${failure.message}`;
}

/** A `FLUX_OCI_RESOLVE` value that is not a mode. */
export class InvalidResolveModeError extends FluxOciError {
  public readonly code: string = 'FLUX_OCI_INVALID_RESOLVE_MODE';
}

/** The lockfile cannot be read or does not hold lock entries. */
export class LockfileError extends FluxOciError {
  public readonly code: string = 'FLUX_OCI_LOCKFILE';
  constructor(public readonly file: string, message: string, options?: FluxOciErrorOptions) {
    super(`${file}: ${message}`, options);
    this.name = 'LockfileError';
  }
}

/** Another process kept the lockfile's lock (`<file>.lock`) longer than flux-oci waits. */
export class LockfileBusyError extends LockfileError {
  public readonly code: string = 'FLUX_OCI_LOCKFILE_BUSY';
  constructor(
    file: string,
    /** The lock file. */
    public readonly lockPath: string,
    /** Who holds it, as its lock file says. */
    public readonly holder: { readonly pid: number; readonly host: string } | undefined,
    waitedMs: number,
  ) {
    super(file, `another process (${holder ? `pid ${holder.pid} on ${holder.host}` : 'unknown'}) held ${lockPath} for ${Math.round(waitedMs / 1000)} s while this one waited to write; if no flux-oci synth is running, delete ${lockPath}`);
    this.name = 'LockfileBusyError';
  }
}

/** Every failed lookup of one run, reported together. */
export class ResolutionError extends FluxOciError {
  public readonly code: string = 'FLUX_OCI_RESOLUTION';

  constructor(public readonly failures: readonly ResolutionFailure[]) {
    super(failures.length === 1
      ? `[${failures[0].path}] ${describeFailure(failures[0])}`
      : `${failures.length} ${failures.some((f) => f.subject) ? 'lookups' : 'chart versions'} failed the registry check:\n${failures.map((f) => `  [${f.path}] ${describeFailure(f)}`).join('\n')}`);
    this.name = 'ResolutionError';
  }
}

/** The worker did not answer in time, or failed in a way that is not a lookup failure. */
export class SyncBridgeError extends FluxOciError {
  public readonly code: string = 'FLUX_OCI_SYNC_BRIDGE';
}

const kManifestRead = Symbol.for('flux-oci.error.MANIFEST_READ');

/** A manifest file, folder or stdin that `flux-oci check` cannot read. */
export class ManifestReadError extends FluxOciError {
  static [Symbol.hasInstance](x: unknown): boolean {
    return typeof x === 'object' && x !== null && (x as any)[kManifestRead] === true;
  }
  public readonly code: string = 'FLUX_OCI_MANIFEST_READ';
  constructor(public readonly file: string, reason: string, options?: FluxOciErrorOptions) {
    super(`${file}: ${reason}`, options);
    this.name = 'ManifestReadError';
  }
  get [kManifestRead](): boolean {
    return true;
  }
}
