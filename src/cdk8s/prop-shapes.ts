import { IssueList } from '../foundation/issues';
import { CHART_VERIFICATION_SHAPE } from '../model/chart-verification';
import { isReadyExprDependency } from '../model/dependencies';
import { checkShape, component, listOf, required, Shape, STRING } from '../model/shapes';

/**
 * The constructs cdk8s props take, as shapes for the model's type guards
 * (`checkShape`): what the prop must be and the methods flux-oci calls on
 * it. A name given as a string where a construct is expected is refused with
 * the `fromSecretName` form to use, for every Secret prop alike.
 */

export const HELM_SOURCE = required(component('an OciHelmSource (or OciHelmSource.fromHelmRepositoryName())', ['_spec', '_useStrategy', '_registryAccess']));
export const ARTIFACT_SOURCE = required(component('an OciArtifactSource (or OciArtifactSource.fromOCIRepositoryName())', ['_sourceRef']));
export const RELEASE_DEPENDENCY = component('a ChartRelease (or ChartRelease.fromHelmReleaseName())', []);
export const KUSTOMIZATION_DEPENDENCY = component('a FluxKustomization (or FluxKustomization.fromKustomizationName())', []);
const REGISTRY_SECRET = component("a PrivateRegistrySecret (or PrivateRegistrySecret.fromSecretName(scope, id, 'name') for an existing Secret)", ['_checkCredentials']);
const TLS_SECRET = component("a RegistryTlsSecret (or RegistryTlsSecret.fromSecretName(scope, id, 'name') for an existing Secret)", []);
const PROXY_SECRET = component("a RegistryProxySecret (or RegistryProxySecret.fromSecretName(scope, id, 'name') for an existing Secret)", []);

/** The construct-valued registry access props of a source: `secret`, `certSecret`, `proxySecret`, `verify`. */
export function checkRegistryAccessComponents(issues: IssueList, props: object): boolean {
  const p = props as Record<string, unknown>;
  return [
    checkShape(issues, 'secret', p.secret, REGISTRY_SECRET),
    checkShape(issues, 'certSecret', p.certSecret, TLS_SECRET),
    checkShape(issues, 'proxySecret', p.proxySecret, PROXY_SECRET),
    checkShape(issues, 'verify', p.verify, CHART_VERIFICATION_SHAPE),
  ].every(Boolean);
}

/** `fluxDependsOn` entries from index `offset` on: each the construct `shape` names, or `{ dependency, readyExpr }` with one. */
export function checkDependencies(issues: IssueList, entries: unknown, shape: Shape, offset = 0): boolean {
  if (!Array.isArray(entries)) return checkShape(issues, 'fluxDependsOn', entries, listOf(shape));
  return entries.map((entry, i) => {
    const field = `fluxDependsOn[${offset + i}]`;
    if (!isReadyExprDependency(entry)) return checkShape(issues, field, entry, required(shape));
    return checkShape(issues, `${field}.dependency`, entry.dependency, required(shape)) && checkShape(issues, `${field}.readyExpr`, entry.readyExpr, required(STRING));
  }).every(Boolean);
}
