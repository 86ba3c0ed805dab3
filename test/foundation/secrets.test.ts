import { inspect } from 'node:util';
import { FluxOciError, InvalidReferenceError, maskSecrets, printable, registerSecret, ValidationError } from '../../src/foundation';
import { canaryPassword, CANARY } from '../support/registry';

describe('maskSecrets: every credential the process knows, whatever the text', () => {
  test('a registered value, and its URL-encoded and JSON-escaped forms, become ***', () => {
    const secret = `${canaryPassword()}/"+&`;
    registerSecret(secret);
    expect(maskSecrets(`a ${secret} b`)).toBe('a *** b');
    expect(maskSecrets(`password=${encodeURIComponent(secret)}&x=1`)).toBe('password=***&x=1');
    expect(maskSecrets(JSON.stringify({ message: `echo ${secret}` }))).toBe('{"message":"echo ***"}');
  });

  test('a longer secret containing a shorter one is masked whole', () => {
    registerSecret('abcd-short');
    registerSecret('abcd-short-and-long');
    expect(maskSecrets('x abcd-short-and-long y abcd-short')).toBe('x *** y ***');
  });

  test('values shorter than 4 characters and non-strings are ignored', () => {
    registerSecret('abc');
    registerSecret(12345);
    registerSecret(undefined);
    expect(maskSecrets('abc 12345')).toBe('abc 12345');
  });

  test('every flux-oci error is masked at construction: message, stack, fields', () => {
    const secret = canaryPassword();
    registerSecret(secret);
    const plain = new FluxOciError(`registry said: bad password ${secret}`);
    const validation = new ValidationError([{ path: 'app/x', field: 'registry', message: `'${secret}' is not a host` }]);
    const reference = new InvalidReferenceError(`oci://${secret}`, 'host', 'bad');
    for (const error of [plain, validation, reference]) {
      expect(inspect(error, { depth: Infinity, showHidden: true })).not.toContain(CANARY);
      expect(error.stack).not.toContain(CANARY);
    }
    expect(plain.message).toBe('registry said: bad password ***');
  });
});

describe('printable: registry text without control characters', () => {
  test.each([
    ['plain 1.0.0_b', 'plain 1.0.0_b'],
    ['\u001b[31mred', '\\x1b[31mred'],
    ['a\nb\r\tc', 'a\\nb\\r\\tc'],
    ['\u0007\u007f\u009b', '\\x07\\x7f\\x9b'],
    ['\u2028\u202e\u2066', '\\u2028\\u202e\\u2066'],
    ['back\\slash ünïcode 漢字', 'back\\slash ünïcode 漢字'],
  ])('%j → %j', (input, expected) => {
    expect(printable(input)).toBe(expected);
  });
});
