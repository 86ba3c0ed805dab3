import { inspect } from 'node:util';
import { registerSecret } from '../../foundation/secrets';

/**
 * Registry credentials. At most one kind is used: a registry token is sent
 * as the bearer token itself; an identity (refresh) token goes to the token
 * service's OAuth2 endpoint; username and password go to the token service
 * (Bearer registries) or the registry itself (Basic registries).
 */
export interface Credential {
  /** @default - none */
  readonly username?: string;
  /** @default - none */
  readonly password?: string;
  /** OAuth2 refresh token (docker config `identitytoken`). @default - none */
  readonly identityToken?: string;
  /** Bearer token sent as is (docker config `registrytoken`). @default - none */
  readonly registryToken?: string;
}

const FIELDS = ['username', 'password', 'identityToken', 'registryToken'] as const;

/**
 * A {@link Credential} whose values stay out of `util.inspect`,
 * `console.log`, `JSON.stringify`, `Object.keys` and spreads: only which
 * fields are set is shown.
 */
class SealedCredential implements Credential {
  readonly #values: Credential;

  constructor(values: Credential) {
    this.#values = Object.freeze({ ...values });
  }

  get username(): string | undefined { return this.#values.username; }
  get password(): string | undefined { return this.#values.password; }
  get identityToken(): string | undefined { return this.#values.identityToken; }
  get registryToken(): string | undefined { return this.#values.registryToken; }

  public toJSON(): Record<string, string> {
    return redactedFields(this.#values);
  }

  public toString(): string {
    return `Credential ${JSON.stringify(this.toJSON())}`;
  }

  [inspect.custom](): string {
    return this.toString();
  }
}

/**
 * Wraps credential values so they do not leak through logging or
 * serialisation, and registers them for masking in every error and log
 * text (foundation/secrets.ts). Empty strings count as unset. Returns
 * undefined when no field is set.
 * @internal
 */
export function sealCredential(values: Credential | undefined): Credential | undefined {
  if (!values) return undefined;
  const clean: { -readonly [K in keyof Credential]: string } = {};
  for (const field of FIELDS) {
    const v = values[field];
    if (typeof v === 'string' && v !== '') clean[field] = v;
  }
  if (Object.keys(clean).length === 0) return undefined;
  registerCredentialSecrets(clean);
  return new SealedCredential(clean);
}

/**
 * Registers a credential's secret values for masking: password and tokens,
 * and the `base64(user:password)` of a Basic header or docker config `auth`
 * (the username alone is not secret).
 */
export function registerCredentialSecrets(values: Credential): void {
  registerSecret(values.password);
  registerSecret(values.identityToken);
  registerSecret(values.registryToken);
  if (values.password) registerSecret(Buffer.from(`${values.username ?? ''}:${values.password}`, 'utf8').toString('base64'));
}

/** `{ username: '<redacted>', … }` for the fields that are set. @internal */
export function redactedFields(values: Credential): Record<string, string> {
  const out: Record<string, string> = {};
  for (const field of FIELDS) if (values[field]) out[field] = '<redacted>';
  return out;
}
