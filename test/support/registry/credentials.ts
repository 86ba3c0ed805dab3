import { randomBytes } from 'node:crypto';

/**
 * A marker that every default test password contains. Assert that output
 * (errors, logs, snapshots, lockfiles) does not contain it to prove that no
 * credential leaked.
 */
export const CANARY = 'fluxocicanary7q3z';

/** Username used when a test does not pick one. */
export const DEFAULT_USERNAME = 'testuser';

/**
 * A fresh password containing {@link CANARY}. Only letters, digits and `-`,
 * so it survives Basic auth, htpasswd, shell-free argv and JSON unchanged.
 */
export function canaryPassword(): string {
  return `pw-${CANARY}-${randomBytes(6).toString('hex')}`;
}

/** Replaces every occurrence of each secret with `***` (a safety net for error messages). */
export function redact(text: string, secrets: readonly (string | undefined)[]): string {
  let out = text;
  for (const secret of secrets) {
    if (secret) out = out.split(secret).join('***');
  }
  return out.split(CANARY).join('***');
}

/** `Basic <base64(user:password)>` for an Authorization header. */
export function basicAuthorization(username: string, password: string): string {
  return `Basic ${Buffer.from(`${username}:${password}`).toString('base64')}`;
}
