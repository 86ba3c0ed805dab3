import { PrivateRegistrySecret } from '../../src/cdk8s';
import { FluxOciError, ValidationError } from '../../src/foundation';
import { CANARY, canaryPassword } from '../support/registry';
import { testChart } from '../support/synth';

// Issue 17 §6: a password given as props is masked in every later message of the process.
test('a PrivateRegistrySecret password is masked in any flux-oci error, even one quoting a registry', () => {
  const { chart } = testChart();
  const password = canaryPassword();
  const emitted = jest.spyOn(process, 'emitWarning').mockImplementation(() => undefined);
  try {
    new PrivateRegistrySecret(chart, 'creds', { registry: 'ghcr.io', username: 'bot', password });
  } finally {
    emitted.mockRestore();
  }
  expect(new FluxOciError(`registry ghcr.io answered 403: bad password ${password}`).message).toBe('registry ghcr.io answered 403: bad password ***');
});

test('a password typed into registry is not echoed by the invalid-host error', () => {
  const { chart } = testChart();
  const password = canaryPassword();
  let error: unknown;
  try {
    new PrivateRegistrySecret(chart, 'creds', { registry: `bot:${password}@ghcr.io`, username: 'bot', password: 'other-secret' });
  } catch (e) {
    error = e;
  }
  expect(error).toBeInstanceOf(ValidationError);
  expect((error as Error).message).toBe("[test/creds] registry: the registry host has a username or password before it ('…@'); give only 'ghcr.io' here and the credentials as username/password");
  expect(JSON.stringify((error as ValidationError).issues)).not.toContain(CANARY);
});
