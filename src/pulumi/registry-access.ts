import * as pulumi from '@pulumi/pulumi';
import { IRegistrySecret, RegistryCredentials } from './private-registry-secret';
import { caCertOf, SecretReference, secretDependencies } from './secret-reference';
import type { SecretForCheck } from '../check/source-access';
import { IssueList } from '../foundation/issues';
import { ObjectRef } from '../model/kube-object';
import { registryHostOf } from '../model/registry-host';
import { RegistrySecretRef } from '../model/secret-ref';

/**
 * The Secrets through which a source reaches its registry, as both source
 * components take them: the pull Secret, the TLS Secret, the proxy Secret.
 */
export interface RegistryAccessArgs {
  readonly secret?: IRegistrySecret;
  readonly certSecret?: SecretReference;
  readonly proxySecret?: SecretReference;
}

/** The Secrets as the model's references, still Inputs: components and classes stay out of what Pulumi unwraps. */
export function accessRefs(args: RegistryAccessArgs): {
  secret?: pulumi.Input<RegistrySecretRef>;
  certSecretRef?: pulumi.Input<ObjectRef>;
  proxySecretRef?: pulumi.Input<ObjectRef>;
} {
  const ref = (s: SecretReference | undefined) => s && ({ name: s.name, namespace: s.namespace } as pulumi.Input<ObjectRef>);
  return { secret: args.secret?._secretRef(), certSecretRef: ref(args.certSecret), proxySecretRef: ref(args.proxySecret) };
}

/** What a source's objects must wait for: the components creating its Secrets. */
export function accessDependencies(args: RegistryAccessArgs): pulumi.Resource[] {
  return [...args.secret?._dependencies() ?? [], ...secretDependencies(args.certSecret), ...secretDependencies(args.proxySecret)];
}

/** The pull credentials (a secret Output) and the CA of `certSecret`, for the registry check. */
export function accessForCheck(args: RegistryAccessArgs): {
  credentials: pulumi.Output<RegistryCredentials | undefined>;
  caCert: pulumi.Input<string | undefined>;
} {
  return { credentials: args.secret?._credentials() ?? pulumi.output(undefined), caCert: caCertOf(args.certSecret) };
}

/**
 * The Secret's values (or the login they come from) when the Secret is for
 * the URL's host: Flux looks credentials up by host, so the check does too.
 */
export function secretForUrl(url: string, c: RegistryCredentials | undefined): SecretForCheck {
  if (!c || c.registry !== registryHostOf(url, new IssueList(''), 'url')) return {};
  return { ...(c.credentials ? { credentials: c.credentials } : {}), ...(c.login ? { login: c.login } : {}) };
}
