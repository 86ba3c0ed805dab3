/**
 * Error classes shared by every layer.
 *
 * Like undici's errors: one base class, a stable `code` per subclass that
 * callers match on, context fields, `cause` passed through, and a
 * `Symbol.for` brand per class so `instanceof` works across copies of the
 * library. Messages say what was wrong, the value given, what would be
 * valid, and never carry a credential: every message passes through
 * `maskSecrets` (secrets.ts), so even text a registry sent or a user typed
 * cannot carry a credential the process knows.
 */

import { maskSecrets } from './secrets';
/**
 * What every flux-oci error constructor takes besides its own fields: the
 * standard `ErrorOptions`, declared here so the published types compile in
 * projects whose `lib` predates es2022 (the cdk8s template's es2016).
 */
export interface FluxOciErrorOptions {
  /** The error this one was caused by. */
  readonly cause?: unknown;
}

const kFluxOciError = Symbol.for('flux-oci.error');
const kValidationError = Symbol.for('flux-oci.error.VALIDATION');

export class FluxOciError extends Error {
  // Subclasses without a brand of their own inherit this: they get the
  // ordinary prototype check, not "any flux-oci error".
  static [Symbol.hasInstance](this: Function, x: unknown): boolean {
    if (this !== FluxOciError) return Function.prototype[Symbol.hasInstance].call(this, x);
    return typeof x === 'object' && x !== null && (x as any)[kFluxOciError] === true;
  }

  /** Stable machine-readable code, e.g. `FLUX_OCI_VALIDATION`. */
  public readonly code: string = 'FLUX_OCI_ERROR';

  constructor(message: string, options?: FluxOciErrorOptions) {
    super(maskSecrets(message), options);
    this.name = 'FluxOciError';
  }

  get [kFluxOciError](): boolean {
    return true;
  }
}

/** Where an invalid value was found: the construct path and the field. */
export interface ValidationIssue {
  /** Construct path (cdk8s) or resource name (Pulumi), e.g. `apps/apache`. */
  readonly path: string;
  /** Field as the user wrote it, e.g. `version` or `install.remediation.retries`. */
  readonly field: string;
  /** What was wrong and what would be valid; includes the (non-secret) bad value. */
  readonly message: string;
}

/** Props that Flux would reject, reported before anything is written. */
export class ValidationError extends FluxOciError {
  static [Symbol.hasInstance](x: unknown): boolean {
    return typeof x === 'object' && x !== null && (x as any)[kValidationError] === true;
  }

  public readonly code: string = 'FLUX_OCI_VALIDATION';
  public readonly issues: readonly ValidationIssue[];

  constructor(issues: readonly ValidationIssue[], options?: FluxOciErrorOptions) {
    super(formatIssues(issues), options);
    this.name = 'ValidationError';
    this.issues = issues.map((i) => ({ ...i, message: maskSecrets(i.message) }));
  }

  get [kValidationError](): boolean {
    return true;
  }
}

export function formatIssue(issue: ValidationIssue): string {
  return `[${issue.path}] ${issue.field}: ${issue.message}`;
}

function formatIssues(issues: readonly ValidationIssue[]): string {
  if (issues.length === 1) return formatIssue(issues[0]);
  return `${issues.length} invalid props:\n` + issues.map((i) => `  ${formatIssue(i)}`).join('\n');
}

const kInvalidReference = Symbol.for('flux-oci.error.INVALID_REFERENCE');

/** Which part of a reference is wrong. */
export type ReferencePart = 'input' | 'scheme' | 'host' | 'port' | 'repository' | 'tag' | 'digest';

/**
 * A registry reference (`oci://host/path[:tag][@digest]`) that cannot be
 * parsed, or that carries a tag or digest where none belongs. The message
 * names the part at fault, the value given and the accepted form.
 */
export class InvalidReferenceError extends FluxOciError {
  static [Symbol.hasInstance](x: unknown): boolean {
    return typeof x === 'object' && x !== null && (x as any)[kInvalidReference] === true;
  }

  public readonly code: string = 'FLUX_OCI_INVALID_REFERENCE';
  /** The reference as given. */
  public readonly input: string;
  /** The part that is wrong. */
  public readonly part: ReferencePart;

  constructor(input: string, part: ReferencePart, message: string, options?: FluxOciErrorOptions) {
    super(message, options);
    this.name = 'InvalidReferenceError';
    this.input = maskSecrets(input);
    this.part = part;
  }

  get [kInvalidReference](): boolean {
    return true;
  }
}
