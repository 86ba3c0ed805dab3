/**
 * Warnings go through Node's process warnings: printed once to stderr by
 * default, observable with `process.on('warning')`, silenced with
 * `--no-warnings`. They never contain a credential (see secrets.ts).
 */
import { maskSecrets } from './secrets';

export type WarningCode = 'FLUX_OCI_PLAINTEXT_SECRET' | 'FLUX_OCI_SECRET_NOT_WRITTEN' | 'FLUX_OCI_INVALID_TAGS' | 'FLUX_OCI_VALUES' | 'FLUX_OCI_ARTIFACT_PATH';

export function warn(code: WarningCode, message: string): void {
  process.emitWarning(maskSecrets(message), { code, type: 'FluxOciWarning' });
}

export function warnPlaintext(message: string): void {
  warn('FLUX_OCI_PLAINTEXT_SECRET', message);
}
