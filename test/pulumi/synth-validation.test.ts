import { runProgram } from './mocks';

test('a builder that emits a field its CRD lacks fails the resource with the object, the pointer and the schema\'s words', () => {
  const run = runProgram('builder-emits-bad-field');
  const failure = run.failures.find((f) => f.code === 'FLUX_OCI_INVALID_BUILT_OBJECT');
  expect(failure?.message).toContain('[web] the object as built fails its CRD');
  expect(failure?.message).toContain('helm.toolkit.fluxcd.io/v2 HelmRelease flux-system/web /spec/chartt: unknown field: not in the helm.toolkit.fluxcd.io/v2 HelmRelease schema');
  // The OCIRepository, built right, is registered; the HelmRelease is not.
  expect(run.resources.map((r) => r.type)).toContain('kubernetes:source.toolkit.fluxcd.io/v1:OCIRepository');
  expect(run.resources.map((r) => r.type)).not.toContain('kubernetes:helm.toolkit.fluxcd.io/v2:HelmRelease');
});
