/**
 * For tests that turn the registry check on (test/support/resolve-off.ts
 * turns it off for every test file): before each test, FLUX_OCI_RESOLVE is
 * unset, so the app's settings decide, and the process warnings with
 * `code` are captured synchronously (emitWarning itself is asynchronous)
 * into the returned list, emptied before each test; both are restored
 * after it.
 */
export function registryCheckWithWarnings(code: string): string[] {
  const warnings: string[] = [];
  const emitWarning = process.emitWarning;
  let savedMode: string | undefined;
  beforeEach(() => {
    savedMode = process.env.FLUX_OCI_RESOLVE;
    delete process.env.FLUX_OCI_RESOLVE;
    warnings.length = 0;
    process.emitWarning = ((message: string, options?: { code?: string }) => {
      if (options?.code === code) warnings.push(message);
    }) as typeof process.emitWarning;
  });
  afterEach(() => {
    process.env.FLUX_OCI_RESOLVE = savedMode;
    process.emitWarning = emitWarning;
  });
  return warnings;
}
