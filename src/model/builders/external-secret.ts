import { KubeManifest, compact, meta } from '../kube-object';
import type { RegistrySecretFormat } from '../secret-ref';
import type { ObjectType } from './heads';
import type { SecretMeta } from './secrets';

/** The ExternalSecret API the builder writes. @internal */
export const EXTERNAL_SECRET_TYPE: ObjectType = { apiVersion: 'external-secrets.io/v1', kind: 'ExternalSecret' };

/** Where the External Secrets Operator reads registry credentials. */
export interface ExternalSecretSource {
  /** Name of the SecretStore or ClusterSecretStore. */
  readonly storeName: string;
  /**
   * Kind of the store: namespaced or cluster-wide.
   * @default 'SecretStore'
   */
  readonly storeKind?: 'SecretStore' | 'ClusterSecretStore';
  /** Key of the entry in the external store, e.g. `registry/gitlab`. */
  readonly remoteKey: string;
  /**
   * Property of the entry holding the username.
   * @default 'username'
   */
  readonly usernameProperty?: string;
  /**
   * Property of the entry holding the password or token.
   * @default 'password'
   */
  readonly passwordProperty?: string;
  /**
   * How often the External Secrets Operator refreshes the Secret.
   * @default '1h'
   */
  readonly refreshInterval?: string;
}

/**
 * An `external-secrets.io/v1` ExternalSecret that renders the registry
 * Secret in the cluster, so no credential is written to Git.
 * @internal
 */
export function buildExternalSecret(m: SecretMeta, registry: string, format: RegistrySecretFormat, src: ExternalSecretSource): KubeManifest {
  const templateData: Record<string, string> = format === 'dockerconfigjson'
    ? {
      '.dockerconfigjson': JSON.stringify({
        auths: {
          [registry]: {
            username: '{{ .username }}',
            password: '{{ .password }}',
            auth: '{{ printf "%s:%s" .username .password | b64enc }}',
          },
        },
      }),
    }
    : { username: '{{ .username }}', password: '{{ .password }}' };
  return {
    ...EXTERNAL_SECRET_TYPE,
    metadata: meta(m.name, m.namespace),
    spec: {
      refreshInterval: src.refreshInterval ?? '1h',
      secretStoreRef: { name: src.storeName, kind: src.storeKind ?? 'SecretStore' },
      target: {
        name: m.name,
        creationPolicy: 'Owner',
        template: {
          type: secretType(format),
          engineVersion: 'v2',
          data: templateData,
        },
      },
      data: [
        { secretKey: 'username', remoteRef: compact({ key: src.remoteKey, property: src.usernameProperty ?? 'username' }) },
        { secretKey: 'password', remoteRef: compact({ key: src.remoteKey, property: src.passwordProperty ?? 'password' }) },
      ],
    },
  };
}

/** The Kubernetes Secret `type` for a registry secret format. @internal */
export function secretType(format: RegistrySecretFormat): string {
  switch (format) {
    case 'dockerconfigjson': return 'kubernetes.io/dockerconfigjson';
    case 'basic-auth': return 'kubernetes.io/basic-auth';
    case 'opaque': return 'Opaque';
  }
}
