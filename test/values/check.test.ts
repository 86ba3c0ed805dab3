import { API, WEB, WORKER } from './charts';
import { loadedChart } from './support';
import { helmReleaseFor } from '../../src/model/flux-version';
import { checkValues, ValuesCheckInput, ValuesProblem } from '../../src/values/check';

const web = loadedChart('web', WEB);
const NEWEST = helmReleaseFor('2.9');

function problems(values: Record<string, unknown>, more: Partial<ValuesCheckInput> = {}): string[] {
  return checkValues({ chart: web, helm: NEWEST, values, ...more }).map(show).sort();
}
const show = (p: ValuesProblem) => `${p.severity} ${p.kind} ${p.chart} ${p.pointer}: ${p.message}`;

test('values the chart accepts: nothing to report (template-only, tpl, index and global keys included)', () => {
  expect(problems({
    'replicaCount': 2,
    'image': { tag: '1.0' },
    'nameOverride': 'site',
    'debug-level': 3,
    'extraConfig': '{{ .Release.Name }}',
    'podAnnotations': { 'a/b': 'c' },
    'resources': { limits: { cpu: 1 } },
    'global': { region: 'us', anything: true },
    'cache': { port: 6380 },
    'metrics': { enabled: false },
  })).toEqual([]);
});

test('a wrong type, a missing required value (null deletes the default), an enum miss', () => {
  expect(problems({ replicaCount: '2', image: { repository: null }, service: { type: 'Ingress' } })).toEqual([
    "error schema web /image: missing property 'repository'",
    'error schema web /replicaCount: got string, want integer',
    "error schema web /service/type: value must be one of 'ClusterIP', 'NodePort', 'LoadBalancer'; got 'Ingress'",
  ]);
});

test('a value holding a Flux post-build variable: a warning when a Kustomization may substitute it, an error when the literal reaches Helm', () => {
  const values = { replicaCount: '${REPLICAS}', service: { type: '${SVC_TYPE:=ClusterIP}' }, image: { repository: null } };
  const substituted = (variable: string) => ` (the value holds the Flux variable ${variable}: a Kustomization whose postBuild substitutes it hands Helm the result, which is not checked here)`;
  expect(problems(values, { fluxVariables: true })).toEqual([
    "error schema web /image: missing property 'repository'",
    `warning schema web /replicaCount: got string, want integer${substituted('${REPLICAS}')}`,
    `warning schema web /service/type: value must be one of 'ClusterIP', 'NodePort', 'LoadBalancer'; got '\${SVC_TYPE:=ClusterIP}'${substituted('${SVC_TYPE:=ClusterIP}')}`,
  ]);
  // Pulumi applies the HelmRelease itself: nothing substitutes, so Helm gets the string.
  expect(problems(values)).toEqual([
    "error schema web /image: missing property 'repository'",
    'error schema web /replicaCount: got string, want integer',
    "error schema web /service/type: value must be one of 'ClusterIP', 'NodePort', 'LoadBalancer'; got '${SVC_TYPE:=ClusterIP}'",
  ]);
  // A dollar sign that is not a variable reference is a value like any other.
  expect(problems({ replicaCount: '$REPLICAS' }, { fluxVariables: true })).toEqual(['error schema web /replicaCount: got string, want integer']);
});

test('additionalProperties: false is a schema error; the unknown key also gets a suggestion', () => {
  expect(problems({ service: { typ: 'NodePort' } })).toEqual([
    'error schema web /service/typ: not allowed by the schema (additionalProperties: false)',
    "warning unknown-key web /service/typ: 'typ' is not a value this chart knows (not in its values.yaml, schema or templates); Helm ignores it; did you mean 'type'?",
  ]);
});

test('a subchart is validated against its own schema under its alias, with the globals Helm pushes down', () => {
  expect(problems({ cache: { port: '6380' }, global: { region: 5 } })).toEqual([
    'error schema web/cache /cache/global/region: got number, want string',
    'error schema web/cache /cache/port: got string, want integer',
  ]);
});

test('a disabled subchart is not validated (metrics requires mustHave)', () => {
  expect(problems({ metrics: { enabled: true } })).toEqual(["error schema web/metrics /metrics: missing property 'mustHave'"]);
  expect(problems({ metrics: { enabled: false } })).toEqual([]);
});

test('unknown keys: warnings with did-you-mean; strictValues makes them errors', () => {
  const values = { replicaCont: 2, image: { tga: 'x' }, cache: { auth: { enabeld: true } } };
  expect(problems(values)).toEqual([
    "warning unknown-key web /cache/auth/enabeld: 'enabeld' is not a value this chart knows (not in its values.yaml, schema or templates); Helm ignores it; did you mean 'enabled'?",
    "warning unknown-key web /image/tga: 'tga' is not a value this chart knows (not in its values.yaml, schema or templates); Helm ignores it; did you mean 'tag'?",
    "warning unknown-key web /replicaCont: 'replicaCont' is not a value this chart knows (not in its values.yaml, schema or templates); Helm ignores it; did you mean 'replicaCount'?",
  ]);
  expect(problems(values, { strictValues: true }).every((p) => p.startsWith('error unknown-key'))).toBe(true);
});

test('valuesFiles replace values.yaml unless it is listed; a missing file is an error unless ignored', () => {
  expect(problems({}, { valuesFiles: ['values.yaml', 'values-prod.yaml'] })).toEqual([]);
  // values.yaml no longer counts: no image (required), and metrics.enabled: false is gone, so metrics is enabled.
  expect(problems({}, { valuesFiles: ['values-prod.yaml'] })).toEqual([
    "error schema web : missing property 'image'",
    "error schema web/metrics /metrics: missing property 'mustHave'",
  ]);
  expect(problems({}, { valuesFiles: ['values.yaml', 'nope.yaml'] })).toEqual(["error helm web : no values file found at path 'nope.yaml', so source-controller cannot build the chart (ignoreMissingValuesFiles: true skips a missing one)"]);
  expect(problems({}, { valuesFiles: ['values.yaml', 'nope.yaml'], ignoreMissingValuesFiles: true })).toEqual([]);
});

test('valuesFrom: a ConfigMap the app defines is checked, merged before values', () => {
  const configMap = { kind: 'ConfigMap' as const, name: 'web-values', data: 'replicaCount: 0\nimage:\n  tag: "2"\n' };
  expect(problems({}, { valuesFrom: [configMap] })).toEqual(['error schema web /replicaCount: minimum: got 0, want 1']);
  expect(problems({ replicaCount: 2 }, { valuesFrom: [configMap] })).toEqual([]);
  expect(problems({}, { valuesFrom: [{ ...configMap, data: '5', targetPath: 'replicaCount' }] })).toEqual([]);
  expect(problems({}, { valuesFrom: [{ ...configMap, data: undefined }] })).toEqual(["error helm web : could not resolve ConfigMap chart values reference 'web-values' with key 'values.yaml'"]);
});

test('valuesFrom outside the app: reported as not checked; what it could supply is not an error', () => {
  const external = { kind: 'Secret' as const, name: 'db', unknown: true as const };
  expect(problems({ replicaCount: 0, image: { repository: null } }, { valuesFrom: [external] })).toEqual([
    'error schema web /replicaCount: minimum: got 0, want 1',
    "warning not-checked web : valuesFrom Secret 'db' is not defined in this app, so the values it supplies are not checked",
    "warning schema web /image: missing property 'repository' (unless a valuesFrom source this app does not define supplies it)",
  ].sort());
});

test("a Secret's content never appears in a message", () => {
  const secret = { kind: 'Secret' as const, name: 'web-secret', data: 'service:\n  type: hunter2\n' };
  const found = problems({}, { valuesFrom: [secret] });
  expect(found).toEqual(["error schema web /service/type: value must be one of 'ClusterIP', 'NodePort', 'LoadBalancer'; got (value from a Secret)"]);
});

test('disableSchemaValidation: install and upgrade both skip it; one alone says when Helm still validates', () => {
  expect(problems({ replicaCount: 0 }, { disableSchemaValidationOnInstall: true, disableSchemaValidationOnUpgrade: true })).toEqual([]);
  expect(problems({ replicaCount: 0 }, { disableSchemaValidationOnInstall: true })).toEqual([
    'error schema web /replicaCount: minimum: got 0, want 1 (Helm validates this on upgrade; install.disableSchemaValidation skips it on install)',
  ]);
});

test("Helm's own refusal: a subchart section that is not a table", () => {
  expect(problems({ cache: 'oops' })).toEqual(['error helm web : type mismatch on cache: %!t(string=oops)']);
});

test('2020-12 $defs + unevaluatedProperties; a schema without $schema under Flux 2.9 and 2.6', () => {
  const api = loadedChart('api', API);
  expect(checkValues({ chart: api, helm: NEWEST, values: { image: { repository: 'x', tgs: '1' }, mode: 'slow' } }).map(show).sort()).toEqual([
    'error schema api /image/tgs: not allowed by the schema (unevaluatedProperties: false)',
    "error schema api /mode: value must be one of 'fast', 'safe'; got 'slow'",
    "warning unknown-key api /image/tgs: 'tgs' is not a value this chart knows (not in its values.yaml, schema or templates); Helm ignores it",
  ]);
  const worker = loadedChart('worker', WORKER);
  for (const flux of ['2.9', '2.6'] as const) {
    expect(checkValues({ chart: worker, helm: helmReleaseFor(flux), values: { concurrency: 0 } }).map(show))
      .toEqual(['error schema worker /concurrency: exclusiveMinimum: got 0, want 0']);
  }
});

test('one loaded chart serves every release of it (its values.yaml parsed once): what one release does leaves the next one checked as if first', () => {
  const fresh = () => checkValues({ chart: loadedChart('web', WEB), helm: NEWEST, values: {} }).map(show);
  expect(problems({}, { valuesFiles: ['values-prod.yaml'] })).toHaveLength(2);
  expect(problems({ image: { repository: null }, cache: { port: 1 } })).toEqual(["error schema web /image: missing property 'repository'"]);
  expect(problems({})).toEqual(fresh());
  expect(problems({})).toEqual([]);
});
