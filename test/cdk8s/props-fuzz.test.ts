import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ApiObject, App, Chart } from 'cdk8s';
import { parseAllDocuments } from 'yaml';
import {
  ChartRelease, ChartVerification, FluxKustomization, FluxOci, OciArtifactSource, OciHelmSource, PrivateRegistrySecret,
  RegistryProxySecret, RegistryTlsSecret,
} from '../../src/cdk8s';
import { ValidationError } from '../../src/foundation/errors';
import { formatSchemaProblem, validateObjects } from '../../src/model';

/**
 * Hostile props for every construct, from a fixed seed: each construction
 * either synthesizes YAML that passes the CRD schemas, or fails with an
 * error naming the construct path and the field; never a raw TypeError
 * from deep inside, and never a partial dist/ (a first chart, written
 * before the one under test, would show it).
 */

const SEED = 0x1717;
const CASES_PER_CONSTRUCT = 200;
const PASSWORD = 'canary-Pw-7731';

/** mulberry32: small, seedable, good enough to pick cases. */
/* eslint-disable no-bitwise -- a 32-bit PRNG */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
/* eslint-enable no-bitwise */

const PEM = '-----BEGIN CERTIFICATE-----\nMIIBszCCAVmgAwIBAgIUd\n-----END CERTIFICATE-----\n';

/** A value to put somewhere, made per case (constructs need the chart). */
type Make = (chart: Chart) => unknown;

function cyclic(): unknown {
  const o: Record<string, unknown> = { a: 1 };
  o.self = o;
  return o;
}

function nullProto(fields: Record<string, unknown> = {}): unknown {
  return Object.assign(Object.create(null), fields);
}

/** Values of every JavaScript type, valid and not, for any field. */
const HOSTILE: Record<string, Make> = {
  'undefined': () => undefined,
  'null': () => null,
  'true': () => true,
  'false': () => false,
  '0': () => 0,
  '-1': () => -1,
  '1.5': () => 1.5,
  'NaN': () => NaN,
  'Infinity': () => Infinity,
  'bigint': () => 2n ** 70n,
  'symbol': () => Symbol('s'),
  "''": () => '',
  "'x'": () => 'x',
  "'UPPER_case'": () => 'UPPER_case',
  'a 300-character string': () => 'a'.repeat(300),
  "'../etc'": () => '../etc',
  'NUL and newline': () => '\u0000\n',
  "'10m'": () => '10m',
  "'oci://ghcr.io/acme/x'": () => 'oci://ghcr.io/acme/x',
  '[]': () => [],
  '[null]': () => [null],
  "[1, 'a']": () => [1, 'a'],
  "['x']": () => ['x'],
  '[{}]': () => [{}],
  '{}': () => ({}),
  "{ name: 'x' }": () => ({ name: 'x' }),
  '{ name: 5 }': () => ({ name: 5 }),
  'Object.create(null)': () => nullProto(),
  "Object.create(null) with name 'x'": () => nullProto({ name: 'x', value: 'v' }),
  'parsed { "__proto__": … }': () => JSON.parse('{"__proto__": {"a": 1}, "b": "c"}'),
  "{ constructor: 'x' }": () => ({ constructor: 'x' }),
  "{ '<<': { a: 1 } }": () => ({ '<<': { a: 1 } }),
  'a function': () => () => 1,
  'a Date': () => new Date(0),
  'a Map': () => new Map([['a', 1]]),
  'a cycle': cyclic,
};

interface Subject {
  readonly name: string;
  /** Valid props; the case replaces fields inside them. */
  readonly base: (chart: Chart) => Record<string, unknown>;
  /** Field paths to replace (`a.b` nested), and values valid there besides the hostile ones. */
  readonly fields: Readonly<Record<string, Record<string, Make>>>;
  readonly build: (chart: Chart, props: unknown) => void;
}

const helmSource = (chart: Chart) => new OciHelmSource(chart, 'charts', { url: 'oci://ghcr.io/acme/charts' });
const artifactSource = (chart: Chart) => new OciArtifactSource(chart, 'manifests', { url: 'oci://ghcr.io/acme/manifests', tag: 'latest' });

const REGISTRY_ACCESS: Subject['fields'] = {
  secret: { 'fromSecretName': (c) => PrivateRegistrySecret.fromSecretName(c, 'pull', 'pull', { registry: 'ghcr.io' }), "'pull'": () => 'pull' },
  provider: { "'aws'": () => 'aws' },
  certSecret: { 'RegistryTlsSecret': (c) => new RegistryTlsSecret(c, 'tls', { caCert: PEM }), "'tls'": () => 'tls' },
  proxySecret: { fromSecretName: (c) => RegistryProxySecret.fromSecretName(c, 'proxy', 'proxy') },
  insecure: {},
  timeout: { "'60s'": () => '60s' },
  suspend: {},
  serviceAccountName: { "'puller'": () => 'puller' },
  verify: {
    'cosign()': () => ChartVerification.cosign(),
    'cosign(null)': () => ChartVerification.cosign(null as any),
    'cosign({ matchOidcIdentity: "x" })': () => ChartVerification.cosign({ matchOidcIdentity: 'x' as any }),
    'cosign({ matchOidcIdentity: [{ issuer, subject }] })': () => ChartVerification.cosign({ matchOidcIdentity: [{ issuer: '^x$', subject: '^y$' }] }),
    'notation({ secretName: 5 })': () => ChartVerification.notation({ secretName: 5 as any }),
  },
  name: {},
  namespace: { "'apps'": () => 'apps' },
  interval: { "'1h'": () => '1h' },
};

const SUBJECTS: Subject[] = [
  {
    name: 'OciHelmSource',
    base: () => ({ url: 'oci://ghcr.io/acme/charts' }),
    fields: { ...REGISTRY_ACCESS, url: {}, strategy: { "'HelmRepository'": () => 'HelmRepository' } },
    build: (chart, props) => {
      const source = new OciHelmSource(chart, 'src', props as any);
      new ChartRelease(chart, 'rel', { source, chart: 'web' });
    },
  },
  {
    name: 'ChartRelease',
    base: (chart) => ({ source: helmSource(chart), chart: 'web', values: { image: { tag: '1.0' } } }),
    fields: {
      'source': { 'an OciArtifactSource': artifactSource },
      'chart': {},
      'version': { "'^1.2'": () => '^1.2' },
      'semverFilter': { "'.*-rc.*'": () => '.*-rc.*' },
      'strategy': { "'HelmRepository'": () => 'HelmRepository' },
      'pin': { "'version'": () => 'version' },
      'name': {},
      'namespace': {},
      'releaseName': {},
      'targetNamespace': {},
      'storageNamespace': {},
      'createNamespace': {},
      'values': { 'nested values': () => ({ a: { b: [1, 'two', null, { c: true }] } }) },
      'values.image': {},
      'values.image.tag': {},
      'valuesFrom': { 'a ConfigMap': () => [{ kind: 'ConfigMap', name: 'vals' }] },
      'fluxDependsOn': { 'an imported release': (c) => [ChartRelease.fromHelmReleaseName(c, 'dep', 'other')], "['other']": () => ['other'] },
      'install': { '{ crds: "Create" }': () => ({ crds: 'Create' }) },
      'install.remediation': {},
      'install.remediation.retries': { 3: () => 3 },
      'install.strategy': { RetryOnFailure: () => ({ name: 'RetryOnFailure', retryInterval: '1m' }) },
      'upgrade': {},
      'upgrade.remediation': {},
      'upgrade.remediation.strategy': { "'uninstall'": () => 'uninstall' },
      'upgrade.force': {},
      'rollback': {},
      'rollback.timeout': {},
      'uninstall': {},
      'uninstall.deletionPropagation': { "'orphan'": () => 'orphan' },
      'test': { '{ enable: true }': () => ({ enable: true }) },
      'test.filters': { 'one filter': () => [{ name: 't' }] },
      'driftDetection': {},
      'driftDetection.ignore': { 'one rule': () => [{ paths: ['/spec/replicas'] }] },
      'postRenderers': { 'a patch': () => [{ patches: [{ patch: 'kind: Deployment' }] }] },
      'serviceAccountName': {},
      'kubeConfig': { 'a secret': () => ({ secretName: 'kube' }) },
      'timeout': {},
      'interval': {},
      'chartInterval': {},
      'maxHistory': { 3: () => 3 },
      'suspend': {},
    },
    build: (chart, props) => {
      new ChartRelease(chart, 'rel', props as any);
    },
  },
  {
    name: 'PrivateRegistrySecret',
    base: () => ({ registry: 'ghcr.io', username: 'robot', password: PASSWORD, plaintext: true }),
    fields: {
      registry: { "'oci://ghcr.io/acme'": () => 'oci://ghcr.io/acme' },
      name: {},
      namespace: {},
      username: {},
      password: {},
      plaintext: {},
      externalSecret: { 'a store entry': () => ({ storeName: 'vault', remoteKey: 'registry/ghcr' }) },
      format: { "'basic-auth'": () => 'basic-auth' },
    },
    build: (chart, props) => {
      new PrivateRegistrySecret(chart, 'pull', props as any);
    },
  },
  {
    name: 'RegistryTlsSecret',
    base: () => ({ caCert: PEM }),
    fields: { caCert: {}, clientCert: { 'a PEM': () => PEM }, clientKey: { 'a key': () => 'key' }, plaintext: {}, name: {}, namespace: {} },
    build: (chart, props) => {
      new RegistryTlsSecret(chart, 'tls', props as any);
    },
  },
  {
    name: 'RegistryProxySecret',
    base: () => ({ address: 'http://proxy.internal:3128' }),
    fields: { address: {}, username: { "'u'": () => 'u' }, password: { "'p'": () => 'p' }, plaintext: {}, name: {}, namespace: {} },
    build: (chart, props) => {
      new RegistryProxySecret(chart, 'proxy', props as any);
    },
  },
  {
    name: 'OciArtifactSource',
    base: () => ({ url: 'oci://ghcr.io/acme/manifests', tag: 'latest' }),
    fields: {
      ...REGISTRY_ACCESS,
      url: {},
      tag: {},
      semver: { "'>=1.0.0'": () => '>=1.0.0' },
      semverFilter: {},
      digest: { 'a digest': () => `sha256:${'a'.repeat(64)}` },
      ignore: { "'*.md'": () => '*.md' },
    },
    build: (chart, props) => {
      new OciArtifactSource(chart, 'src', props as any);
    },
  },
  {
    name: 'FluxKustomization',
    base: (chart) => ({ source: artifactSource(chart), prune: true }),
    fields: {
      'source': { 'an OciHelmSource': helmSource },
      'prune': {},
      'path': { "'./deploy'": () => './deploy' },
      'name': {},
      'namespace': {},
      'interval': {},
      'retryInterval': {},
      'timeout': {},
      'targetNamespace': {},
      'serviceAccountName': {},
      'fluxDependsOn': { 'an imported Kustomization': (c) => [FluxKustomization.fromKustomizationName(c, 'dep', 'other')] },
      'wait': {},
      'healthChecks': { 'a Deployment': () => [{ kind: 'Deployment', name: 'web', namespace: 'apps' }] },
      'postBuild': { 'a variable': () => ({ substitute: { CLUSTER: 'prod' } }) },
      'postBuild.substitute': {},
      'postBuild.substitute.CLUSTER': {},
      'postBuild.substituteFrom': { 'a ConfigMap': () => [{ kind: 'ConfigMap', name: 'vars' }] },
      'patches': { 'a patch': () => [{ patch: 'kind: Deployment', target: { kind: 'Deployment' } }] },
      'images': { 'an image': () => [{ name: 'nginx', newTag: '1.27' }] },
      'components': { "['../ingress']": () => ['../ingress'] },
      'commonMetadata': { 'a label': () => ({ labels: { team: 'web' } }) },
      'commonMetadata.labels': {},
      'commonMetadata.labels.team': {},
      'namePrefix': {},
      'nameSuffix': {},
      'force': {},
      'deletionPolicy': { "'Orphan'": () => 'Orphan' },
      'decryption': { sops: () => ({ provider: 'sops', secretName: 'sops-age' }) },
      'kubeConfig': {},
      'suspend': {},
    },
    build: (chart, props) => {
      new FluxKustomization(chart, 'ks', props as any);
    },
  },
];

interface FuzzCase {
  readonly subject: Subject;
  /** Replacements: field path (or `<props>`) and the name of the value. */
  readonly replace: readonly (readonly [string, string])[];
}

function pick<T>(next: () => number, list: readonly T[]): T {
  return list[Math.floor(next() * list.length)];
}

function makeCases(): FuzzCase[] {
  const next = random(SEED);
  const cases: FuzzCase[] = [];
  for (const subject of SUBJECTS) {
    cases.push({ subject, replace: [] });
    for (const props of ['null', "'x'", '[]', 'Object.create(null)', 'a function']) cases.push({ subject, replace: [['<props>', props]] });
    while (cases.filter((c) => c.subject === subject).length < CASES_PER_CONSTRUCT) {
      const count = next() < 0.7 ? 1 : 2 + Math.floor(next() * 2);
      const replace: [string, string][] = [];
      for (let i = 0; i < count; i++) {
        const field = pick(next, Object.keys(subject.fields));
        const own = Object.keys(subject.fields[field]);
        const value = own.length > 0 && next() < 0.35 ? pick(next, own) : pick(next, Object.keys(HOSTILE));
        replace.push([field, value]);
      }
      cases.push({ subject, replace });
    }
  }
  return cases;
}

function describeCase(c: FuzzCase): string {
  return `${c.subject.name} ${c.replace.length === 0 ? '(valid props)' : c.replace.map(([f, v]) => `${f} = ${v}`).join(', ')}`;
}

function propsFor(c: FuzzCase, chart: Chart): unknown {
  let props: any = c.subject.base(chart);
  for (const [field, name] of c.replace) {
    const make = c.subject.fields[field]?.[name] ?? HOSTILE[name];
    if (field === '<props>') {
      props = make(chart);
      continue;
    }
    const segments = field.split('.');
    let at = props;
    for (const segment of segments.slice(0, -1)) {
      if (typeof at[segment] !== 'object' || at[segment] === null || Array.isArray(at[segment])) at[segment] = {};
      at = at[segment];
    }
    at[segments[segments.length - 1]] = make(chart);
  }
  return props;
}

function filesBelow(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true, recursive: true }).filter((e) => e.isFile()).map((e) => join(e.parentPath, e.name));
}

/** What went wrong with a case, or undefined when it held. */
function runCase(c: FuzzCase): string | undefined {
  const outdir = mkdtempSync(join(tmpdir(), 'flux-oci-fuzz-'));
  try {
    const app = new App({ outdir });
    FluxOci.configure(app, {});
    // Written first: a failure while the second chart is written would leave this file behind.
    const first = new Chart(app, 'first', { namespace: 'flux-system' });
    new ApiObject(first, 'cm', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'first' }, data: { a: 'b' } });
    const chart = new Chart(app, 'test', { namespace: 'flux-system' });
    let error: unknown;
    try {
      c.subject.build(chart, propsFor(c, chart));
      app.synth();
    } catch (e) {
      error = e;
    }
    const files = filesBelow(outdir);
    if (error !== undefined) {
      if (files.length > 0) return `failed but left ${files.length} file(s) in dist/: ${String((error as Error)?.message ?? error)}`;
      return cleanError(error);
    }
    const objects = files.flatMap((f) => parseAllDocuments(readFileSync(f, 'utf8')).map((d) => {
      if (d.errors.length > 0) throw new Error(`${f} is not valid YAML: ${d.errors[0].message}`);
      return d.toJS();
    }));
    const problems = validateObjects(objects);
    if (problems.length > 0) return `synthesized objects the CRD schemas reject:\n  ${problems.map(formatSchemaProblem).join('\n  ')}`;
    return undefined;
  } finally {
    rmSync(outdir, { recursive: true, force: true });
  }
}

const RAW = /TypeError|ReferenceError|is not a function|Cannot read prop|Cannot convert|Failed serializing|cannot be written|is not iterable/;

/** A clean error: the construct path and field of every problem, nothing from deep inside, no credential. */
function cleanError(error: unknown): string | undefined {
  const message = String((error as Error)?.message ?? error);
  if (message.includes(PASSWORD)) return `the error shows the password: ${message}`;
  if (RAW.test(message)) return `raw error: ${(error as Error)?.stack ?? message}`;
  if (error instanceof ValidationError) {
    const bad = error.issues.filter((i) => !i.path.startsWith('test/') || typeof i.field !== 'string' || i.field === '' || i.message === '');
    return bad.length > 0 ? `issues without path or field: ${JSON.stringify(bad)}` : undefined;
  }
  // cdk8s's synth-time validation: one `[construct path] field: message` line per problem.
  const lines = message.split('\n');
  if (lines[0] === 'Validation failed with the following errors:' && lines.slice(1).every((l) => /^ {2}\[test\/[^\]]+\] \S/.test(l))) return undefined;
  return `not a validation error: ${(error as Error)?.stack ?? message}`;
}

describe('hostile props, every construct', () => {
  let warning: jest.SpyInstance;
  beforeAll(() => {
    // plaintext Secrets warn on every construction; the warnings are not under test here.
    warning = jest.spyOn(process, 'emitWarning').mockImplementation(() => undefined);
  });
  afterAll(() => warning.mockRestore());

  const cases = makeCases();

  test(`${cases.length} cases from seed ${SEED}: valid YAML that passes the CRD schemas, or an error naming path and field, never a partial dist/`, () => {
    const failures = cases.map((c) => [describeCase(c), runCase(c)] as const).filter(([, problem]) => problem !== undefined);
    expect(failures.map(([name, problem]) => `${name}: ${problem}`)).toEqual([]);
  });

  test('the cases cover both outcomes for every construct', () => {
    const outcomes = new Map<string, Set<string>>();
    for (const c of cases) {
      const { chart } = (() => {
        const app = new App({ outdir: mkdtempSync(join(tmpdir(), 'flux-oci-fuzz-')) });
        FluxOci.configure(app, {});
        return { chart: new Chart(app, 'test', { namespace: 'flux-system' }) };
      })();
      let outcome = 'constructed';
      try {
        c.subject.build(chart, propsFor(c, chart));
      } catch {
        outcome = 'rejected';
      }
      rmSync(chart.node.root instanceof App ? (chart.node.root as App).outdir : '', { recursive: true, force: true });
      outcomes.set(c.subject.name, (outcomes.get(c.subject.name) ?? new Set()).add(outcome));
    }
    for (const subject of SUBJECTS) expect([subject.name, [...outcomes.get(subject.name)!].sort()]).toEqual([subject.name, ['constructed', 'rejected']]);
  });
});
