/**
 * Every credential value this process has been given — props
 * (`PrivateRegistrySecret`), logins, docker/helm/podman configs, credential
 * helpers, tokens — so that any text it prints or throws can be masked,
 * whatever produced the text (a registry that echoes a password in its
 * error body, a message that quotes user input). Values enter through
 * {@link registerSecret} where credentials are read; {@link maskSecrets}
 * runs in the error base class, warnings, the request log and the CLI.
 *
 * Values shorter than {@link MIN_SECRET_LENGTH} are not masked: replacing
 * every `ab` in a message would garble it while hiding nothing a guess
 * would not find.
 */

/** Shortest value that is masked. */
export const MIN_SECRET_LENGTH = 4;

/** What a masked value is replaced with. */
export const SECRET_MASK = '***';

const known = new Set<string>();
/** Longest first, so a value containing another is masked whole. */
let ordered: string[] = [];

/**
 * Remembers a credential value (and its URL-encoded and JSON-escaped forms,
 * as a registry may echo a form field or a JSON string) for
 * {@link maskSecrets}. Ignores anything that is not a string of at least
 * {@link MIN_SECRET_LENGTH} characters.
 */
export function registerSecret(value: unknown): void {
  if (typeof value !== 'string' || value.length < MIN_SECRET_LENGTH) return;
  const before = known.size;
  for (const form of [value, encodeURIComponent(value), JSON.stringify(value).slice(1, -1)]) known.add(form);
  if (known.size !== before) ordered = [...known].sort((a, b) => b.length - a.length);
}

/** `text` with every registered credential value replaced by {@link SECRET_MASK}. */
export function maskSecrets(text: string): string {
  let out = text;
  for (const secret of ordered) if (out.includes(secret)) out = out.split(secret).join(SECRET_MASK);
  return out;
}
