import { IssueList } from '../foundation/issues';
import { CHART_VERIFICATION_SHAPE } from '../model/chart-verification';
import { checkShape, component, required } from '../model/shapes';

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
