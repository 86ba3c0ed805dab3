/**
 * `external-secrets.io/v1` ExternalSecret — HAND-WRITTEN, NOT THE UPSTREAM CRD.
 *
 * reference/ holds no external-secrets CRD, so this schema was written from
 * the external-secrets API reference (https://external-secrets.io/latest/api/externalsecret/
 * and https://external-secrets.io/latest/api/spec/) and checked against the
 * field markers of external-secrets/external-secrets
 * `apis/externalsecrets/v1/externalsecret_types.go`. It covers the spec
 * fields (store ref, target and template, data, dataFrom); provider-specific
 * generator specs are not modelled. Replace it with the upstream CRD YAML
 * once one is added to reference/.
 *
 * One deliberate tightening: `refreshInterval` is a `metav1.Duration`, a
 * plain string to the API server; here it must parse as a Go duration,
 * since the controller rejects anything else.
 */

const DNS1123_SUBDOMAIN = '^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$';
const SECRET_KEY = '^[-._a-zA-Z0-9]+$';

const objectName = { type: 'string', minLength: 1, maxLength: 253, pattern: DNS1123_SUBDOMAIN };
const stringMap = { type: 'object', additionalProperties: { type: 'string' } };
const conversionStrategy = { type: 'string', enum: ['Default', 'Unicode'] };
const decodingStrategy = { type: 'string', enum: ['Auto', 'Base64', 'Base64URL', 'None'] };

const secretStoreRef = {
  type: 'object',
  properties: {
    name: objectName,
    kind: { type: 'string', enum: ['SecretStore', 'ClusterSecretStore'] },
  },
};

const generatorRef = {
  type: 'object',
  required: ['kind', 'name'],
  properties: {
    apiVersion: { type: 'string' },
    kind: {
      type: 'string',
      enum: [
        'ACRAccessToken', 'ClusterGenerator', 'ECRAuthorizationToken', 'Fake', 'GCRAccessToken', 'GithubAccessToken',
        'QuayAccessToken', 'Password', 'SSHKey', 'STSSessionToken', 'UUID', 'VaultDynamicSecret', 'Webhook', 'Grafana', 'MFA',
      ],
    },
    name: objectName,
  },
};

const remoteRef = {
  type: 'object',
  required: ['key'],
  properties: {
    key: { type: 'string' },
    metadataPolicy: { type: 'string', enum: ['None', 'Fetch'] },
    property: { type: 'string' },
    version: { type: 'string' },
    conversionStrategy,
    decodingStrategy,
  },
};

const templateRef = {
  type: 'object',
  required: ['name', 'items'],
  properties: {
    name: objectName,
    items: {
      type: 'array',
      items: {
        type: 'object',
        required: ['key'],
        properties: {
          key: { type: 'string', minLength: 1, maxLength: 253, pattern: SECRET_KEY },
          templateAs: { type: 'string', enum: ['Values', 'KeysAndValues'] },
        },
      },
    },
  },
};

const template = {
  type: 'object',
  properties: {
    type: { type: 'string' },
    engineVersion: { type: 'string', enum: ['v2'] },
    metadata: { type: 'object', properties: { annotations: stringMap, labels: stringMap } },
    mergePolicy: { type: 'string', enum: ['Replace', 'Merge'] },
    data: stringMap,
    templateFrom: {
      type: 'array',
      items: {
        type: 'object',
        properties: {
          configMap: templateRef,
          secret: templateRef,
          target: { type: 'string', enum: ['Data', 'Annotations', 'Labels'] },
          literal: { type: 'string' },
        },
      },
    },
  },
};

const rewrite = {
  type: 'object',
  minProperties: 1,
  maxProperties: 1,
  properties: {
    merge: {
      type: 'object',
      properties: {
        into: { type: 'string' },
        priority: { type: 'array', items: { type: 'string' } },
        conflictPolicy: { type: 'string', enum: ['Ignore', 'Error'] },
        strategy: { type: 'string', enum: ['Extract', 'JSON'] },
      },
    },
    regexp: {
      type: 'object',
      required: ['source', 'target'],
      properties: { source: { type: 'string' }, target: { type: 'string' } },
    },
    transform: {
      type: 'object',
      required: ['template'],
      properties: { template: { type: 'string' } },
    },
  },
};

export const EXTERNAL_SECRET_SCHEMA = {
  type: 'object',
  required: ['apiVersion', 'kind', 'metadata', 'spec'],
  properties: {
    apiVersion: { type: 'string' },
    kind: { type: 'string' },
    // ObjectMeta is checked by src/model/crd/metadata.ts for every kind
    metadata: { 'type': 'object', 'x-kubernetes-preserve-unknown-fields': true },
    spec: {
      type: 'object',
      properties: {
        secretStoreRef,
        target: {
          type: 'object',
          properties: {
            name: objectName,
            creationPolicy: { type: 'string', enum: ['Owner', 'Orphan', 'Merge', 'None'] },
            deletionPolicy: { type: 'string', enum: ['Delete', 'Merge', 'Retain'] },
            template,
            immutable: { type: 'boolean' },
          },
        },
        refreshPolicy: { type: 'string', enum: ['CreatedOnce', 'Periodic', 'OnChange'] },
        refreshInterval: { type: 'string', format: 'duration' },
        data: {
          type: 'array',
          items: {
            type: 'object',
            required: ['secretKey', 'remoteRef'],
            properties: {
              secretKey: { type: 'string', minLength: 1, maxLength: 253, pattern: SECRET_KEY },
              remoteRef,
              sourceRef: {
                type: 'object',
                minProperties: 1,
                maxProperties: 1,
                properties: { storeRef: secretStoreRef, generatorRef },
              },
            },
          },
        },
        dataFrom: {
          type: 'array',
          items: {
            type: 'object',
            properties: {
              extract: remoteRef,
              find: {
                type: 'object',
                properties: {
                  path: { type: 'string' },
                  name: { type: 'object', properties: { regexp: { type: 'string' } } },
                  tags: stringMap,
                  conversionStrategy,
                  decodingStrategy,
                },
              },
              rewrite: { type: 'array', items: rewrite },
              sourceRef: {
                type: 'object',
                minProperties: 1,
                maxProperties: 1,
                properties: { storeRef: secretStoreRef, generatorRef },
              },
            },
          },
        },
      },
    },
  },
};
