/**
 * Core Kubernetes kinds flux-oci emits, which have no CRD. Hand-written from
 * the Kubernetes API reference (Secret v1, ConfigMap v1, Namespace v1) in the structural
 * schema dialect so they go through the same translation as the CRDs; the
 * Secret and ConfigMap rules that live in Go code rather than in OpenAPI
 * (pkg/apis/core/validation `ValidateSecret`) are in src/model/crd/core-kinds.ts.
 */

export const SECRET_SCHEMA = {
  type: 'object',
  required: ['apiVersion', 'kind', 'metadata'],
  properties: {
    apiVersion: { type: 'string' },
    kind: { type: 'string' },
    // ObjectMeta is checked by src/model/crd/metadata.ts for every kind
    metadata: { 'type': 'object', 'x-kubernetes-preserve-unknown-fields': true },
    type: { type: 'string' },
    data: { type: 'object', additionalProperties: { type: 'string', format: 'byte' } },
    stringData: { type: 'object', additionalProperties: { type: 'string' } },
    immutable: { type: 'boolean' },
  },
};

/** ConfigMap v1: the kind users pair with `valuesFrom`. */
export const CONFIG_MAP_SCHEMA = {
  type: 'object',
  required: ['apiVersion', 'kind', 'metadata'],
  properties: {
    apiVersion: { type: 'string' },
    kind: { type: 'string' },
    metadata: { 'type': 'object', 'x-kubernetes-preserve-unknown-fields': true },
    data: { type: 'object', additionalProperties: { type: 'string' } },
    binaryData: { type: 'object', additionalProperties: { type: 'string', format: 'byte' } },
    immutable: { type: 'boolean' },
  },
};

export const NAMESPACE_SCHEMA = {
  type: 'object',
  required: ['apiVersion', 'kind', 'metadata'],
  properties: {
    apiVersion: { type: 'string' },
    kind: { type: 'string' },
    metadata: { 'type': 'object', 'x-kubernetes-preserve-unknown-fields': true },
    spec: {
      type: 'object',
      properties: { finalizers: { type: 'array', items: { type: 'string' } } },
    },
  },
};
