/**
 * The `x-kubernetes-validations` rules of the CRDs under reference/, each
 * re-implemented as a predicate and keyed by its exact rule text. There is no
 * CEL interpreter here on purpose: a rule that is not in this table makes
 * schema compilation throw, so a CRD update cannot skip a check silently.
 *
 * Semantics follow CEL as the API server runs it: `has(self.f)` is false for
 * an absent field (and for null, which the server prunes from non-nullable
 * fields); reading an absent field is an evaluation error, which fails the
 * rule.
 */

/** `self` is the object at the schema node that carries the rule. */
export type CelPredicate = (self: Readonly<Record<string, unknown>>) => boolean;

function has(self: Readonly<Record<string, unknown>>, field: string): boolean {
  return Object.prototype.hasOwnProperty.call(self, field) && self[field] !== undefined && self[field] !== null;
}

/** `self.f == value`, where reading an absent `f` fails the rule as in CEL. */
function fieldEquals(self: Readonly<Record<string, unknown>>, field: string, value: string): boolean {
  return has(self, field) && self[field] === value;
}

function fieldNotEquals(self: Readonly<Record<string, unknown>>, field: string, value: string): boolean {
  return has(self, field) && self[field] !== value;
}

export const CEL_RULES: Readonly<Record<string, CelPredicate>> = {
  // HelmRelease v2 (and v2beta2 from helm-controller v1.3.0 on) spec
  '(has(self.chart) && !has(self.chartRef)) || (!has(self.chart) && has(self.chartRef))':
    (self) => has(self, 'chart') !== has(self, 'chartRef'),

  // HelmRelease v2 spec.upgrade.strategy
  '!has(self.retryInterval) || self.name == \'RetryOnFailure\'':
    (self) => !has(self, 'retryInterval') || fieldEquals(self, 'name', 'RetryOnFailure'),

  // HelmRelease v2 spec.install.strategy
  '!has(self.retryInterval) || self.name != \'RemediateOnFailure\'':
    (self) => !has(self, 'retryInterval') || fieldNotEquals(self, 'name', 'RemediateOnFailure'),

  // HelmRelease v2/v2beta2 and Kustomization v1 spec.kubeConfig: together the
  // two rules mean "exactly one of configMapRef, secretRef"
  'has(self.configMapRef) || has(self.secretRef)':
    (self) => has(self, 'configMapRef') || has(self, 'secretRef'),
  '!has(self.configMapRef) || !has(self.secretRef)':
    (self) => !has(self, 'configMapRef') || !has(self, 'secretRef'),

  // HelmChart v1 spec
  '!has(self.verify) || self.sourceRef.kind == \'HelmRepository\'':
    (self) => {
      if (!has(self, 'verify')) return true;
      const sourceRef = self.sourceRef;
      return typeof sourceRef === 'object' && sourceRef !== null
        && fieldEquals(sourceRef as Record<string, unknown>, 'kind', 'HelmRepository');
    },
};
