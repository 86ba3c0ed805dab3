/**
 * Charts for the values tests, as file maps: unit tests load them from an
 * archive, integration tests package and push them with flux-oci's own code.
 */

/** draft-07 schema; an aliased subchart with its own (2020-12) schema and `global`; a disabled one; tpl and template-only keys. */
export const WEB: Record<string, string> = {
  'Chart.yaml': `apiVersion: v2
name: web
version: 1.2.0
dependencies:
  - name: redis
    version: 1.x
    alias: cache
    condition: cache.enabled
  - name: metrics
    version: 0.1.0
    condition: metrics.enabled
`,
  'values.yaml': `# -- Number of pods
replicaCount: 1
image:
  # -- Image repository
  repository: nginx
  tag: ""
service:
  type: ClusterIP
  port: 80
podAnnotations: {}
resources: {}
# -- Extra configuration, rendered with tpl
extraConfig: ""
cache:
  enabled: true
metrics:
  enabled: false
global:
  region: eu
`,
  'values-prod.yaml': 'replicaCount: 3\nservice:\n  type: LoadBalancer\n',
  'values.schema.json': JSON.stringify({
    $schema: 'http://json-schema.org/draft-07/schema#',
    type: 'object',
    required: ['image'],
    properties: {
      replicaCount: { type: 'integer', minimum: 1 },
      image: { type: 'object', required: ['repository'], properties: { repository: { type: 'string' }, tag: { type: 'string' } } },
      service: {
        type: 'object',
        additionalProperties: false,
        properties: { type: { enum: ['ClusterIP', 'NodePort', 'LoadBalancer'] }, port: { type: 'integer' } },
      },
    },
  }, undefined, 2),
  'templates/deployment.yaml': `apiVersion: apps/v1
kind: Deployment
metadata:
  name: {{ .Values.nameOverride | default .Chart.Name }}
  annotations: {{- toYaml .Values.podAnnotations | nindent 4 }}
spec:
  replicas: {{ .Values.replicaCount }}
  template:
    spec:
      containers:
        - image: "{{ .Values.image.repository }}:{{ .Values.image.tag | default .Chart.AppVersion }}"
          resources: {{- toYaml .Values.resources | nindent 12 }}
          env:
            - name: REGION
              value: {{ .Values.global.region }}
            - name: CONFIG
              value: {{ tpl .Values.extraConfig . | quote }}
            - name: DEBUG
              value: {{ index .Values "debug-level" | quote }}
`,
  'charts/redis/Chart.yaml': 'apiVersion: v2\nname: redis\nversion: 1.4.0\n',
  'charts/redis/values.yaml': 'port: 6379\nauth:\n  enabled: false\n',
  'charts/redis/values.schema.json': JSON.stringify({
    $schema: 'https://json-schema.org/draft/2020-12/schema',
    type: 'object',
    additionalProperties: false,
    properties: {
      port: { type: 'integer' },
      auth: { type: 'object', properties: { enabled: { type: 'boolean' } } },
      enabled: { type: 'boolean' },
      global: { type: 'object', properties: { region: { type: 'string' } } },
    },
  }),
  'charts/redis/templates/svc.yaml': 'port: {{ .Values.port }} region: {{ .Values.global.region }}\n',
  'charts/metrics/Chart.yaml': 'apiVersion: v2\nname: metrics\nversion: 0.1.0\n',
  'charts/metrics/values.yaml': 'interval: 30s\n',
  'charts/metrics/values.schema.json': JSON.stringify({ type: 'object', required: ['mustHave'] }),
  'README.md': '# web\n\nA web server.\n',
};

/** 2020-12 with `$defs` and `unevaluatedProperties`. */
export const API: Record<string, string> = {
  'Chart.yaml': 'apiVersion: v2\nname: api\nversion: 0.3.0\n',
  'values.yaml': 'image:\n  repository: api\n  tag: "1.0"\nmode: fast\n',
  'values.schema.json': JSON.stringify({
    $schema: 'https://json-schema.org/draft/2020-12/schema',
    type: 'object',
    $defs: { image: { type: 'object', properties: { repository: { type: 'string' }, tag: { type: 'string' } }, required: ['repository'] } },
    properties: {
      image: { $ref: '#/$defs/image', unevaluatedProperties: false },
      mode: { enum: ['fast', 'safe'] },
    },
    unevaluatedProperties: false,
  }),
  'templates/cm.yaml': 'data: {{ .Values.mode }} {{ .Values.image.repository }}\n',
};

/** A schema without `$schema` (2020-12 for Helm ≥ 3.18.5). */
export const WORKER: Record<string, string> = {
  'Chart.yaml': 'apiVersion: v2\nname: worker\nversion: 2.0.0\n',
  'values.yaml': 'concurrency: 4\nqueue: jobs\n',
  'values.schema.json': JSON.stringify({ type: 'object', properties: { concurrency: { type: 'integer', exclusiveMinimum: 0 }, queue: { type: 'string' } } }),
  'templates/cm.yaml': 'data: {{ .Values.concurrency }} {{ .Values.queue }}\n',
};

/** No schema: values.yaml with helm-docs comments. */
export const PLAIN: Record<string, string> = {
  'Chart.yaml': 'apiVersion: v2\nname: plain\nversion: 0.1.0\n',
  'values.yaml': `# -- How many replicas to run
replicaCount: 1
image:
  # -- Container image repository
  repository: busybox
  # image.tag -- Image tag (old helm-docs form)
  tag: latest
# -- (int) Optional port
port:
labels: {}
hosts:
  - a.example.com
`,
  'templates/cm.yaml': 'data: {{ .Values.replicaCount }} {{ toYaml .Values.labels }}\n',
};
