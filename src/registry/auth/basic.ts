import { Credential } from '../credentials/credential';

/** `Basic base64(user:password)`, or undefined when the credential has no username. */
export function basicAuthorization(credential: Credential | undefined): string | undefined {
  if (!credential?.username) return undefined;
  return `Basic ${Buffer.from(`${credential.username}:${credential.password ?? ''}`, 'utf8').toString('base64')}`;
}
