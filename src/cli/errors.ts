import { FluxOciError } from '../foundation/errors';

/** Bad command-line input: printed with the command's synopsis, exit code 2. */
export class UsageError extends FluxOciError {
  public readonly code = 'FLUX_OCI_USAGE';
}

/** The app program failed; its own output already says why. */
export class AppFailedError extends FluxOciError {
  public readonly code: string = 'FLUX_OCI_APP_FAILED';
}

/** The user pressed Ctrl-C (or Ctrl-D) at a prompt. */
export class PromptCancelledError extends FluxOciError {
  public readonly code = 'FLUX_OCI_PROMPT_CANCELLED';

  constructor() {
    super('cancelled at the prompt; nothing was stored');
  }
}

/** A `--version` range no tag of the repository satisfies; names the nearest versions there are. */
export class NoMatchingVersionError extends FluxOciError {
  public readonly code = 'FLUX_OCI_NO_MATCHING_VERSION';

  constructor(reference: string, range: string, nearest: readonly string[]) {
    super(`no version of ${reference} matches '${range}'${nearest.length ? `; there are ${nearest.join(', ')}` : ''}`);
  }
}
