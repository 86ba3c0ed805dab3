/**
 * Every `x-kubernetes-validations` rule in the packaged schemas, at every
 * node and in every schema that carries it (shadowed legacy versions
 * included), with one object that passes and one that fails with the
 * message the CRD file in reference/ gives.
 */
import { readFileSync } from 'node:fs';
import { parseAllDocuments } from 'yaml';
import { PackagedCatalog, PackagedEntry } from '../../../src/model/crd/catalog';
import packaged from '../../../src/model/crd/generated/catalog.json';
import schemas from '../../../src/model/crd/generated/schemas.json';
import { validateAgainst } from '../../../src/model/crd/validate';
import { sharedPath } from '../../support/shared';

// Valid specs the fixtures below vary.
const IMAGE_POLICY = { imageRepositoryRef: { name: 'app' }, policy: { semver: { range: '>=1.0.0' } } };
const RECEIVER_RESOURCES = [{ kind: 'GitRepository', name: 'flux-system' }];
const GITHUB_RECEIVER = { type: 'github', resources: RECEIVER_RESOURCES, secretRef: { name: 'token' } };
const OIDC_RECEIVER = {
  type: 'generic-oidc',
  resources: RECEIVER_RESOURCES,
  oidcProviders: [{ issuerURL: 'https://token.actions.githubusercontent.com', validations: [{ expression: 'true', message: 'any token' }] }],
};
const BUCKET = { bucketName: 'artifacts', endpoint: 's3.amazonaws.com', interval: '5m' };
const AWS_STS = { provider: 'aws', endpoint: 'https://sts.amazonaws.com' };
const LDAP_STS = { provider: 'ldap', endpoint: 'https://ldap.example.com' };
const GIT_REPOSITORY = { interval: '5m', url: 'https://github.com/org/repo' };
const GENERATOR_SOURCES = [{ alias: 'repo', kind: 'GitRepository', name: 'flux-system' }];
const GENERATED_ARTIFACT = { copy: [{ from: '@repo/apps/**', to: '@artifact/' }] };

/** `self` at the rule's node: a value that passes and one that fails only this rule. */
const FIXTURES: Readonly<Record<string, { pass: unknown; fail: unknown }>> = {
  '(has(self.chart) && !has(self.chartRef)) || (!has(self.chart) && has(self.chartRef))': {
    pass: { interval: '10m', chartRef: { kind: 'OCIRepository', name: 'apache' } },
    fail: {
      interval: '10m',
      chartRef: { kind: 'OCIRepository', name: 'apache' },
      chart: { spec: { chart: 'apache', sourceRef: { kind: 'HelmRepository', name: 'charts' } } },
    },
  },
  '!has(self.retryInterval) || self.name != \'RemediateOnFailure\'': {
    pass: { name: 'RetryOnFailure', retryInterval: '5m' },
    fail: { name: 'RemediateOnFailure', retryInterval: '5m' },
  },
  '!has(self.retryInterval) || self.name == \'RetryOnFailure\'': {
    pass: { name: 'RetryOnFailure', retryInterval: '5m' },
    fail: { name: 'RemediateOnFailure', retryInterval: '5m' },
  },
  'has(self.configMapRef) || has(self.secretRef)': {
    pass: { secretRef: { name: 'remote' } },
    fail: {},
  },
  '!has(self.configMapRef) || !has(self.secretRef)': {
    pass: { configMapRef: { name: 'remote' } },
    fail: { configMapRef: { name: 'remote' }, secretRef: { name: 'remote' } },
  },
  '!has(self.verify) || self.sourceRef.kind == \'HelmRepository\'': {
    pass: { interval: '10m', chart: 'apache', sourceRef: { kind: 'HelmRepository', name: 'charts' }, verify: { provider: 'cosign' } },
    fail: { interval: '10m', chart: 'apache', sourceRef: { kind: 'GitRepository', name: 'repo' }, verify: { provider: 'cosign' } },
  },
  // ImagePolicy (image-reflector-controller): an interval only with digest reflection 'Always', and the reverse.
  '!has(self.interval) || (has(self.digestReflectionPolicy) && self.digestReflectionPolicy == \'Always\')': {
    pass: { ...IMAGE_POLICY, interval: '10m', digestReflectionPolicy: 'Always' },
    fail: { ...IMAGE_POLICY, interval: '10m' },
  },
  'has(self.interval) || !has(self.digestReflectionPolicy) || self.digestReflectionPolicy != \'Always\'': {
    pass: { ...IMAGE_POLICY, interval: '10m', digestReflectionPolicy: 'Always' },
    fail: { ...IMAGE_POLICY, digestReflectionPolicy: 'Always' },
  },
  // Provider (notification-controller): commitStatusExpr only for the Git providers.
  'self.type == \'github\' || self.type == \'gitlab\' || self.type == \'gitea\' || self.type == \'bitbucketserver\' || self.type == \'bitbucket\' || self.type == \'azuredevops\' || !has(self.commitStatusExpr)': {
    pass: { type: 'github', address: 'https://github.com/org/repo', secretRef: { name: 'github' }, commitStatusExpr: 'event.metadata.app' },
    fail: { type: 'slack', channel: 'alerts', commitStatusExpr: 'event.metadata.app' },
  },
  // Receiver (notification-controller): generic-oidc takes oidcProviders and no secretRef; every other type the reverse.
  'self.type != \'generic-oidc\' || (has(self.oidcProviders) && size(self.oidcProviders) > 0)': {
    pass: OIDC_RECEIVER,
    fail: { type: 'generic-oidc', resources: RECEIVER_RESOURCES },
  },
  'self.type == \'generic-oidc\' || !has(self.oidcProviders) || size(self.oidcProviders) == 0': {
    pass: OIDC_RECEIVER,
    fail: { ...GITHUB_RECEIVER, oidcProviders: OIDC_RECEIVER.oidcProviders },
  },
  'self.type != \'generic-oidc\' || !has(self.secretRef)': {
    pass: OIDC_RECEIVER,
    fail: { ...OIDC_RECEIVER, secretRef: { name: 'token' } },
  },
  'self.type == \'generic-oidc\' || has(self.secretRef)': {
    pass: GITHUB_RECEIVER,
    fail: { type: 'github', resources: RECEIVER_RESOURCES },
  },
  // Bucket (source-controller): STS per provider, and serviceAccountName. No `provider` is 'generic', the CRD's default.
  'self.provider == \'aws\' || self.provider == \'generic\' || !has(self.sts)': {
    pass: { ...BUCKET, provider: 'aws', sts: AWS_STS },
    fail: { ...BUCKET, provider: 'gcp', sts: AWS_STS },
  },
  'self.provider != \'aws\' || !has(self.sts) || self.sts.provider == \'aws\'': {
    pass: { ...BUCKET, provider: 'aws', sts: AWS_STS },
    fail: { ...BUCKET, provider: 'aws', sts: LDAP_STS },
  },
  'self.provider != \'generic\' || !has(self.sts) || self.sts.provider == \'ldap\'': {
    pass: { ...BUCKET, sts: LDAP_STS },
    fail: { ...BUCKET, sts: AWS_STS },
  },
  '!has(self.sts) || self.sts.provider != \'aws\' || !has(self.sts.secretRef)': {
    pass: { ...BUCKET, provider: 'aws', sts: AWS_STS },
    fail: { ...BUCKET, provider: 'aws', sts: { ...AWS_STS, secretRef: { name: 'sts' } } },
  },
  '!has(self.sts) || self.sts.provider != \'aws\' || !has(self.sts.certSecretRef)': {
    pass: { ...BUCKET, provider: 'aws', sts: AWS_STS },
    fail: { ...BUCKET, provider: 'aws', sts: { ...AWS_STS, certSecretRef: { name: 'ca' } } },
  },
  'self.provider != \'generic\' || !has(self.serviceAccountName)': {
    pass: { ...BUCKET, provider: 'aws', serviceAccountName: 'reader' },
    fail: { ...BUCKET, serviceAccountName: 'reader' },
  },
  '!has(self.secretRef) || !has(self.serviceAccountName)': {
    pass: { ...BUCKET, provider: 'aws', serviceAccountName: 'reader' },
    fail: { ...BUCKET, provider: 'aws', serviceAccountName: 'reader', secretRef: { name: 'keys' } },
  },
  // GitRepository (source-controller): serviceAccountName only with a cloud provider (aws since v1.8).
  '!has(self.serviceAccountName) || (has(self.provider) && (self.provider == \'azure\' || self.provider == \'aws\'))': {
    pass: { ...GIT_REPOSITORY, provider: 'aws', serviceAccountName: 'reader' },
    fail: { ...GIT_REPOSITORY, provider: 'github', serviceAccountName: 'reader' },
  },
  '!has(self.serviceAccountName) || (has(self.provider) && self.provider == \'azure\')': {
    pass: { ...GIT_REPOSITORY, provider: 'azure', serviceAccountName: 'reader' },
    fail: { ...GIT_REPOSITORY, provider: 'github', serviceAccountName: 'reader' },
  },
  // ArtifactGenerator (source-watcher): without a pathPattern, each artifact's name is an object name.
  'has(self.pathPattern) && size(self.pathPattern) > 0 || self.artifacts.all(a, a.name.matches(\'^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$\'))': {
    pass: { sources: GENERATOR_SOURCES, artifacts: [{ ...GENERATED_ARTIFACT, name: 'apps.production' }] },
    fail: { sources: GENERATOR_SOURCES, artifacts: [{ ...GENERATED_ARTIFACT, name: 'Apps' }] },
  },
};

/** A valid object of each kind that carries rules; the rule's node is then set to a fixture. */
const BASES: Readonly<Record<string, (apiVersion: string) => Record<string, any>>> = {
  HelmRelease: (apiVersion) => ({
    apiVersion,
    kind: 'HelmRelease',
    metadata: { name: 'apache', namespace: 'web' },
    spec: { interval: '10m', chartRef: { kind: 'OCIRepository', name: 'apache' } },
  }),
  Kustomization: (apiVersion) => ({
    apiVersion,
    kind: 'Kustomization',
    metadata: { name: 'apps', namespace: 'flux-system' },
    spec: { interval: '10m', prune: true, sourceRef: { kind: 'OCIRepository', name: 'apps' } },
  }),
  ImagePolicy: (apiVersion) => ({ apiVersion, kind: 'ImagePolicy', metadata: { name: 'app', namespace: 'flux-system' }, spec: IMAGE_POLICY }),
  Provider: (apiVersion) => ({ apiVersion, kind: 'Provider', metadata: { name: 'slack', namespace: 'flux-system' }, spec: { type: 'slack' } }),
  Receiver: (apiVersion) => ({ apiVersion, kind: 'Receiver', metadata: { name: 'github', namespace: 'flux-system' }, spec: GITHUB_RECEIVER }),
  Bucket: (apiVersion) => ({ apiVersion, kind: 'Bucket', metadata: { name: 'artifacts', namespace: 'flux-system' }, spec: BUCKET }),
  GitRepository: (apiVersion) => ({ apiVersion, kind: 'GitRepository', metadata: { name: 'repo', namespace: 'flux-system' }, spec: GIT_REPOSITORY }),
  ArtifactGenerator: (apiVersion) => ({
    apiVersion, kind: 'ArtifactGenerator', metadata: { name: 'apps', namespace: 'flux-system' }, spec: { sources: GENERATOR_SOURCES, artifacts: [{ ...GENERATED_ARTIFACT, name: 'apps' }] },
  }),
  HelmChart: (apiVersion) => ({
    apiVersion,
    kind: 'HelmChart',
    metadata: { name: 'apache', namespace: 'flux-system' },
    spec: { interval: '10m', chart: 'apache', sourceRef: { kind: 'HelmRepository', name: 'charts' } },
  }),
};

interface Occurrence {
  readonly entry: PackagedEntry;
  /** Path in the schema, e.g. ['properties', 'spec', 'properties', 'kubeConfig']. */
  readonly schemaPath: readonly string[];
  /** The same node as a JSON pointer into the object. */
  readonly pointer: string;
  readonly rule: string;
}

const catalog = packaged as PackagedCatalog;

/** One entry per distinct schema, so shadowed legacy copies are covered too. */
function occurrences(): Occurrence[] {
  const found: Occurrence[] = [];
  const seen = new Set<string>();
  for (const entry of catalog.entries) {
    if (seen.has(entry.schema)) continue;
    seen.add(entry.schema);
    const walk = (node: any, schemaPath: string[]): void => {
      if (typeof node !== 'object' || node === null) return;
      for (const { rule } of node.k8sCel?.rules ?? []) found.push({ entry, schemaPath, pointer: pointerOf(schemaPath), rule });
      for (const [key, child] of Object.entries(node)) {
        if (key === 'properties') {
          for (const [name, property] of Object.entries(child as object)) walk(property, [...schemaPath, 'properties', name]);
        } else if (key === 'items' || key === 'additionalProperties') {
          walk(child, [...schemaPath, key]);
        }
      }
    };
    walk((schemas as Record<string, unknown>)[entry.schema], []);
  }
  return found;
}

function pointerOf(schemaPath: readonly string[]): string {
  let pointer = '';
  for (let i = 0; i < schemaPath.length; i++) {
    if (schemaPath[i] !== 'properties') throw new Error(`rule below ${schemaPath[i]} (${schemaPath.join('/')}): give this test an index or key for it`);
    pointer += `/${schemaPath[++i]}`;
  }
  return pointer;
}

const crdFiles = new Map<string, any[]>();

/** The rule's message in the CRD file itself, at the same node of the same version. */
function crdMessage({ entry, schemaPath, rule }: Occurrence): string {
  const version = entry.apiVersion.split('/')[1];
  let docs = crdFiles.get(entry.file);
  if (!docs) {
    docs = parseAllDocuments(readFileSync(sharedPath(entry.file), 'utf8')).map((d) => d.toJS());
    crdFiles.set(entry.file, docs);
  }
  for (const crd of docs) {
    if (crd?.kind !== 'CustomResourceDefinition' || crd.spec.names.kind !== entry.kind) continue;
    let node = crd.spec.versions.find((v: any) => v.name === version).schema.openAPIV3Schema;
    for (const step of schemaPath) node = node[step];
    const validation = node['x-kubernetes-validations'].find((v: any) => v.rule === rule);
    return validation.message ?? `failed rule: ${rule}`;
  }
  throw new Error(`${entry.kind} ${entry.apiVersion} not in ${entry.file}`);
}

function objectWith(occurrence: Occurrence, self: unknown): Record<string, any> {
  const base = BASES[occurrence.entry.kind];
  if (!base) throw new Error(`no base object for ${occurrence.entry.kind}; add one to BASES`);
  const obj = base(occurrence.entry.apiVersion);
  const segments = occurrence.pointer.slice(1).split('/');
  let parent = obj;
  for (const segment of segments.slice(0, -1)) parent = (parent[segment] ??= {});
  parent[segments[segments.length - 1]] = structuredClone(self);
  return obj;
}

const ALL = occurrences();
const cases = ALL.map((o) => [`${o.entry.kind} ${o.entry.apiVersion} (${o.entry.origin}) ${o.pointer}: ${o.rule}`, o] as const);

describe('CEL rules of the packaged CRDs', () => {
  test('the packaged schemas carry rules, and each has fixtures (and no fixture is left unused)', () => {
    expect(ALL.length).toBeGreaterThanOrEqual(18);
    expect([...new Set(ALL.map((o) => o.rule))].sort()).toEqual(Object.keys(FIXTURES).sort());
  });

  test.each(cases)('passes: %s', (_name, occurrence) => {
    expect(validateAgainst(objectWith(occurrence, FIXTURES[occurrence.rule].pass), occurrence.entry)).toEqual([]);
  });

  test.each(cases)('fails with the CRD\'s message: %s', (_name, occurrence) => {
    const obj = objectWith(occurrence, FIXTURES[occurrence.rule].fail);
    expect(validateAgainst(obj, occurrence.entry)).toEqual([{
      object: { apiVersion: occurrence.entry.apiVersion, kind: occurrence.entry.kind, name: obj.metadata.name, namespace: obj.metadata.namespace },
      pointer: occurrence.pointer,
      message: crdMessage(occurrence),
      rule: occurrence.rule,
    }]);
  });
});
