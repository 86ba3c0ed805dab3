/**
 * A Flux Kustomization's `spec.healthChecks`, as kustomize-controller runs
 * them (fluxcd/kustomize-controller at 186fb3b:
 * internal/controller/kustomization_controller.go `checkHealth`,
 * internal/inventory/inventory.go `ReferenceToObjMetadataSet`):
 *
 * - only without `spec.wait: true` (which checks every object applied and
 *   leaves the list unread);
 * - each entry is looked up by its apiVersion (`apps/v1` when empty, for
 *   v1beta1 objects), kind, name and namespace as written: the namespace
 *   does not default to the Kustomization's;
 * - an entry naming the Kustomization itself is skipped.
 *
 * So an entry whose apiVersion the targeted Flux no longer serves
 * (`helm.toolkit.fluxcd.io/v2beta2 HelmRelease` after Flux 2.7), or does
 * not serve yet (`helm.toolkit.fluxcd.io/v2` before Flux 2.3, with
 * `--flux-version`), cannot be mapped to a resource, and the health check
 * fails; and an entry naming a Flux object that is not in the files waits
 * for it until `spec.timeout` (a warning: it may exist in the cluster).
 * Entries of other kinds (Deployments, CRDs a chart installs) are seldom in
 * the files and are not looked for.
 */
import type { Finding } from './finding';
import type { ManifestObject } from './manifest-object';
import { apiGroup, describeObject, fieldAt, identityOf, isFluxKustomization, isFluxObject, ObjectIndex, stringAt } from './object-index';
import { CheckTarget, notYetServedApi, removedApi } from './validate-objects';
import { fluxVariablesIn } from '../../model/flux-variables';
import { removedIn } from '../../model/served-apis';

/** The apiVersion kustomize-controller gives an entry without one. */
const DEFAULT_API_VERSION = 'apps/v1';

/** The findings of every Flux Kustomization's health checks; `notApplied` indexes the objects of files the sync never reaches. */
export function healthCheckFindings(
  objects: readonly ManifestObject[], index: ObjectIndex, target: CheckTarget, notApplied?: ObjectIndex,
): Finding[] {
  const findings: Finding[] = [];
  for (const kustomization of objects) {
    if (!isFluxKustomization(kustomization) || fieldAt(kustomization.value, 'spec', 'wait') === true) continue;
    const checks = fieldAt(kustomization.value, 'spec', 'healthChecks');
    (Array.isArray(checks) ? checks : []).forEach((entry, i) => {
      const apiVersion = stringAt(entry, 'apiVersion') ?? DEFAULT_API_VERSION;
      const kind = stringAt(entry, 'kind');
      const name = stringAt(entry, 'name');
      const namespace = stringAt(entry, 'namespace');
      if (kind === undefined || name === undefined || [apiVersion, name, namespace ?? ''].some((s) => fluxVariablesIn(s).length > 0)) return;
      const pointer = `/spec/healthChecks/${i}`;
      const at = { location: kustomization.locate(pointer), object: identityOf(kustomization), pointer };
      const entryName = `${describeObject(kustomization)} spec.healthChecks[${i}]`;
      const removed = removedApi(apiVersion, kind, target);
      if (removed) {
        const { api, servedByTarget: served } = removed;
        findings.push({
          ...at,
          rule: 'api-version',
          severity: served ? 'warning' : 'error',
          message: `${entryName} names ${apiVersion} ${kind}, which `
            + (served ? `Flux ${target.fluxVersion} (--flux-version) serves but Flux ${removedIn(api)} or newer does not: there kustomize-controller cannot look the object up `
              + 'by it, and the health check fails'
              : `Flux ${removedIn(api)} or newer does not serve (last served by Flux ${api.until}.x): kustomize-controller cannot look the object up by it, so the health check fails`)
            + `; use ${api.replacement}`,
        });
        return;
      }
      const notYet = notYetServedApi(apiVersion, kind, target);
      if (notYet) {
        findings.push({
          ...at,
          rule: 'api-version',
          severity: 'error',
          message: `${entryName} names ${apiVersion} ${kind}, which Flux ${target.fluxVersion} (--flux-version) does not serve (served from Flux ${notYet.since}): `
            + 'kustomize-controller cannot look the object up by it, so the health check fails; use the version that release serves or raise --flux-version',
        });
        return;
      }
      if (!isFluxObject({ apiVersion }) || namespace === undefined) return;
      if (kind === kustomization.kind && name === kustomization.name && namespace === kustomization.appliedNamespace) return;
      const group = apiGroup(apiVersion);
      if (index.find(group, kind, name, namespace)) return;
      const elsewhere = notApplied?.find(group, kind, name, namespace);
      const others = index.named(group, kind, name).map((o) => o.appliedNamespace).filter((n): n is string => n !== undefined);
      findings.push({
        ...at,
        rule: 'reference',
        severity: 'warning',
        message: `${entryName} names ${describeObject({ kind, name, namespace })}, which `
          + (elsewhere ? `is in ${elsewhere.location.file}:${elsewhere.location.line}, a file no Flux Kustomization's build holds, so Flux never applies it`
            : `is not in the files checked${others.length > 0 ? ` (${kind} ${name} is in namespace ${[...new Set(others)].join(', ')}; a health check's namespace does not default to the Kustomization's)` : ''}`)
          + ` (fine if it exists in the cluster; until it does, kustomize-controller's health check fails after spec.timeout: "timeout waiting for: [${kind}/${namespace}/${name} status: 'NotFound']")`,
      });
    });
  }
  return findings;
}
