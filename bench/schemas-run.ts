/**
 * One timed process of the schemas benchmark (bench/schemas.ts runs it
 * compiled, in fresh processes): validates N objects with the generated
 * standalone validators, or with validators compiled by ajv on first use of
 * each schema and cached. Everything but the validator source is the
 * library's own path (`validateAgainst`). Prints one JSON line.
 *
 * usage: node schemas-run.js <standalone|lazy> <N>
 */
import { performance } from 'node:perf_hooks';

const HELM_CHART_LAYER = 'application/vnd.cncf.helm.chart.content.v1.tar+gzip';

/** Round-robin OCIRepository, HelmRepository, HelmRelease, Kustomization; every 10th invalid (a pattern, an enum, a CEL rule). */
export function benchObjects(n: number): Record<string, unknown>[] {
  const objects: Record<string, unknown>[] = [];
  for (let i = 0; i < n; i++) {
    const metadata = { name: `app-${i}`, namespace: 'apps', labels: { 'app.kubernetes.io/name': `app-${i}` } };
    const bad = i % 10 === 9;
    switch (i % 4) {
      case 0:
        objects.push({
          apiVersion: 'source.toolkit.fluxcd.io/v1',
          kind: 'OCIRepository',
          metadata,
          spec: {
            interval: bad ? '10 minutes' : '10m',
            url: `oci://registry.example.com/charts/app-${i}`,
            ref: { semver: '>=1.0.0' },
            layerSelector: { mediaType: HELM_CHART_LAYER, operation: 'copy' },
            secretRef: { name: 'registry-auth' },
          },
        });
        break;
      case 1:
        objects.push({
          apiVersion: 'source.toolkit.fluxcd.io/v1',
          kind: 'HelmRepository',
          metadata,
          spec: { type: 'oci', url: 'oci://registry.example.com/charts', interval: '1h', secretRef: { name: 'registry-auth' }, provider: bad ? 'gcr' : 'generic' },
        });
        break;
      case 2:
        objects.push({
          apiVersion: 'helm.toolkit.fluxcd.io/v2',
          kind: 'HelmRelease',
          metadata,
          spec: {
            interval: '10m',
            chartRef: { kind: 'OCIRepository', name: `app-${i}` },
            ...(bad ? { chart: { spec: { chart: 'x', sourceRef: { kind: 'HelmRepository', name: 'r' } } } } : {}),
            install: { strategy: { name: 'RetryOnFailure', retryInterval: '5m' }, crds: 'CreateReplace' },
            upgrade: { crds: 'CreateReplace', remediation: { retries: 3 } },
            driftDetection: { mode: 'enabled' },
            values: { replicaCount: 2, image: { tag: '1.2.3' }, ingress: { enabled: true, hosts: [{ host: 'a.example.com' }] } },
            valuesFrom: [{ kind: 'ConfigMap', name: 'vals', valuesKey: 'values.yaml' }],
          },
        });
        break;
      default:
        objects.push({
          apiVersion: 'kustomize.toolkit.fluxcd.io/v1',
          kind: 'Kustomization',
          metadata,
          spec: {
            interval: '10m',
            path: './apps',
            prune: true,
            sourceRef: { kind: 'OCIRepository', name: `app-${i}` },
            targetNamespace: 'apps',
            wait: true,
            timeout: '5m',
            postBuild: { substitute: { cluster: 'prod' } },
            ...(bad ? { kubeConfig: { secretRef: { name: 'a' }, configMapRef: { name: 'b' } } } : {}),
          },
        });
    }
  }
  return objects;
}

/* eslint-disable @typescript-eslint/no-require-imports -- what is loaded, and when, is what this measures */
function main(): void {
  const mode = process.argv[2];
  const n = Number(process.argv[3] ?? 1000);
  if (mode !== 'standalone' && mode !== 'lazy') throw new Error('usage: schemas-run <standalone|lazy> <N>');
  const objects = benchObjects(n); // not timed

  const start = performance.now();
  const { validateAgainst } = require('../src/model/crd/validate') as typeof import('../src/model/crd/validate');
  const { entryKey, schemaIndex } = require('../src/model/crd/catalog') as typeof import('../src/model/crd/catalog');
  let validatorOf: Parameters<typeof validateAgainst>[2];
  if (mode === 'lazy') {
    const { createAjv } = require('../scripts/schemas/ajv') as typeof import('../scripts/schemas/ajv');
    const schemas = require('../src/model/crd/generated/schemas.json') as Record<string, object>;
    const ajv = createAjv();
    const compiled = new Map<string, any>();
    validatorOf = (id) => {
      let v = compiled.get(id);
      if (!v) compiled.set(id, (v = ajv.compile(schemas[id])));
      return v;
    };
  }
  const loaded = performance.now();

  const index = schemaIndex('current');
  let invalid = 0;
  let firstOfEachKind = 0;
  objects.forEach((obj, i) => {
    const entry = index.get(entryKey(obj.apiVersion as string, obj.kind as string))!;
    if (validateAgainst(obj, entry, validatorOf).length > 0) invalid++;
    if (i === 3) firstOfEachKind = performance.now();
  });
  const end = performance.now();
  console.log(JSON.stringify({
    mode,
    n,
    loadMs: loaded - start,
    firstOfEachKindMs: firstOfEachKind - start,
    totalMs: end - start,
    sinceProcessStartMs: end,
    invalid,
  }));
}

if (require.main === module) main();
