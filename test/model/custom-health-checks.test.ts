import { customHealthCheckProblems } from '../../src/model/custom-health-checks';

/**
 * healthCheckExprs entries as each Flux release's controllers take them
 * (fluxcd/pkg runtime/cel): up to 2.7 a second entry of a GroupKind is
 * skipped unread, from 2.8 it is refused; up to 2.8 the CRDs require
 * `kind`, from 2.9 an entry without one covers its whole API group.
 */

const certificate = { apiVersion: 'cert-manager.io/v1', kind: 'Certificate', current: "status.conditions.all(c, c.status == 'True')" };
const summary = (checks: unknown[], fluxVersion: '2.7' | '2.8' | '2.9') =>
  customHealthCheckProblems(checks, fluxVersion).map((p) => `${p.severity} ${p.index}${p.field ? `.${p.field}` : ''}: ${p.message}`);

test('a second entry of a GroupKind: refused from Flux 2.8, skipped unread before (its broken expression never parsed)', () => {
  const checks = [certificate, { ...certificate, apiVersion: 'cert-manager.io/v1beta1', current: 'status.ready ==' }];
  expect(summary(checks, '2.9')).toEqual([
    'error 1: a second health check for Certificate of API group cert-manager.io (the first is entry 0): Flux 2.9 refuses it ("duplicate custom health check for '
      + 'GroupKind") and stalls the object before anything is applied; merge the two',
    expect.stringMatching(/^error 1\.current: Flux's CEL parser \(cel-go\) refuses it: .* \(at column 16 of the expression\)/),
  ]);
  expect(summary(checks, '2.7')).toEqual([
    'warning 1: a second health check for Certificate of API group cert-manager.io (the first is entry 0): Flux 2.7 reads only the first, so these expressions '
      + 'never run (from Flux 2.8 the object is stalled instead); merge the two',
  ]);
});

test('kind: required by the CRDs up to Flux 2.8; from 2.9 an entry without one is the API group, and a second such entry a duplicate', () => {
  const group = { apiVersion: 'cert-manager.io/v1', current: 'true' };
  expect(summary([group], '2.9')).toEqual([]);
  expect(summary([group], '2.8')).toEqual([
    "error 0.kind: Flux 2.8's CRD requires kind, so the API server refuses the object; an entry without one covers every kind of its API group from Flux 2.9",
  ]);
  expect(summary([group, { ...group, apiVersion: 'cert-manager.io/v1beta1' }], '2.9')).toEqual([
    expect.stringMatching(/^error 1: a second health check for \(every kind\) of API group cert-manager\.io \(the first is entry 0\)/),
  ]);
  // The core group is '' in the GroupKind: v1 Pods twice are one GroupKind.
  expect(summary([{ apiVersion: 'v1', kind: 'Pod', current: 'true' }, { apiVersion: 'v1', kind: 'Pod', current: 'false' }], '2.9')).toEqual([
    expect.stringMatching(/^error 1: a second health check for Pod of the core API group/),
  ]);
});

test('current must be an expression; every expression read is parsed, none of a skipped entry', () => {
  expect(summary([{ ...certificate, current: '' }], '2.9')).toEqual([
    'error 0.current: the expression is empty, and Flux refuses a health check without one ("expression Current not specified")',
  ]);
  expect(summary([{ ...certificate, inProgress: "status.phase == 'Pending", failed: 'has(status)' }], '2.9')).toEqual([
    expect.stringMatching(/^error 0\.inProgress: Flux's CEL parser \(cel-go\) refuses it: .*string.* \(at column 17 of the expression\)/),
    expect.stringMatching(/^error 0\.failed: Flux's CEL parser \(cel-go\) refuses it: has\(\) expects a field selection/),
  ]);
  // Entries as YAML may hold anything: no exception for a missing or odd field.
  expect(summary([null, { apiVersion: 7, kind: ['x'] }], '2.9')).toEqual([
    expect.stringMatching(/^error 1: a second health check for \(every kind\) of the core API group/),
  ]);
});
