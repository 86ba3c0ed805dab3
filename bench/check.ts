/**
 * `flux-oci check --offline` on a generated GitOps repository laid out as
 * the home-ops repositories are (flux/cluster syncs kubernetes/apps; per
 * app a Flux Kustomization, a kustomization.yaml, an OCIRepository and a
 * HelmRelease with values, in a Git working tree of the sync's URL; the cluster Kustomization patches every child
 * Kustomization with patches of its own, as rwlove/home-ops does), at
 * N = 300 and 1,000 apps, against a floor measured in the same run: a
 * bare Node script that reads every YAML file and parses it with the same
 * `yaml` library (documents, positions and plain values), which any check
 * of the files must do. Whole processes, alternating (bench/processes.ts).
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { ProcessPairs } from './processes';
import { compiledCli, removeScratch, scratchDir } from '../test/cli/run-cli';

const SIZES = [300, 1000];
const RUNS = 7;
const WARMUP = 1;
const APPS_PER_NAMESPACE = 20;

/** The floor: every `*.yaml` under the folder read and parsed, as flux-oci's reader walks it (name order, hidden entries skipped). */
const READ_AND_PARSE = `const { readdirSync, readFileSync } = require('fs');
const { join } = require('path');
const { LineCounter, parseAllDocuments } = require(${JSON.stringify(require.resolve('yaml'))});
let documents = 0;
const walk = (dir) => {
  for (const entry of readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1))) {
    if (entry.name.startsWith('.')) continue;
    const full = join(dir, entry.name);
    if (entry.isDirectory()) walk(full);
    else if (/\\.ya?ml$/.test(entry.name)) {
      const lineCounter = new LineCounter();
      for (const doc of parseAllDocuments(readFileSync(full, 'utf8'), { lineCounter })) {
        if (doc.errors.length) throw new Error(full + ': ' + doc.errors[0].message);
        doc.toJS();
        documents++;
      }
    }
  }
};
walk(process.argv[2]);
process.stdout.write(JSON.stringify({ documents }));
`;

export async function main(): Promise<void> {
  const cli = compiledCli();
  const dir = scratchDir('bench-check-');
  const pairs = new ProcessPairs(dir, RUNS, WARMUP);
  const floor = join(dir, 'read-and-parse.js');
  writeFileSync(floor, READ_AND_PARSE);
  try {
    const rows = SIZES.map((apps) => {
      const tree = join(dir, `repo-${apps}`);
      const files = writeRepository(tree, apps);
      const row = pairs.pair(
        { name: `flux-oci check --offline (${apps} apps, ${files} files)`, args: [cli, 'check', '--offline', '--format', 'json', tree] },
        { name: 'read and parse every file', args: [floor, tree] });
      const report = JSON.parse(row[0].samples[0].stdout) as { summary: { documents: number; errors: number; fluxObjects: number } };
      const parsed = JSON.parse(row[1].samples[0].stdout) as { documents: number };
      if (report.summary.documents !== parsed.documents) throw new Error(`flux-oci read ${report.summary.documents} documents, the floor ${parsed.documents}`);
      if (report.summary.errors !== 0) throw new Error(`the generated repository of ${apps} apps has ${report.summary.errors} errors: ${row[0].samples[0].stdout.slice(0, 2000)}`);
      return row;
    });
    pairs.print(rows);
  } finally {
    removeScratch();
  }
}

/** Writes the repository, a Git working tree of the GitRepository's URL (so the paths into it are checked); returns how many files it has. */
function writeRepository(root: string, apps: number): number {
  let files = 0;
  mkdirSync(root, { recursive: true });
  for (const args of [['init', '-q', '-b', 'main'], ['remote', 'add', 'origin', 'https://github.com/acme/home-ops']]) {
    const git = spawnSync('git', args, { cwd: root, encoding: 'utf8' });
    if (git.status !== 0) throw new Error(`git ${args.join(' ')} failed: ${git.stderr}`);
  }
  const write = (path: string, text: string): void => {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), text);
    files++;
  };
  const namespaces = Array.from({ length: Math.ceil(apps / APPS_PER_NAMESPACE) }, (_, i) => `team-${i}`);
  write('kubernetes/flux/cluster/ks.yaml', CLUSTER);
  write('kubernetes/apps/kustomization.yaml', kustomization(namespaces.map((ns) => `./${ns}`)));
  namespaces.forEach((ns, n) => {
    const names = Array.from({ length: Math.min(APPS_PER_NAMESPACE, apps - n * APPS_PER_NAMESPACE) }, (_, i) => `app-${n * APPS_PER_NAMESPACE + i}`);
    write(`kubernetes/apps/${ns}/kustomization.yaml`, `${kustomization(names.map((app) => `./${app}/ks.yaml`))}namespace: ${ns}\n`);
    for (const app of names) {
      write(`kubernetes/apps/${ns}/${app}/ks.yaml`, appKustomization(ns, app));
      write(`kubernetes/apps/${ns}/${app}/app/kustomization.yaml`, kustomization(['./ocirepository.yaml', './helmrelease.yaml']));
      write(`kubernetes/apps/${ns}/${app}/app/ocirepository.yaml`, ociRepository(app));
      write(`kubernetes/apps/${ns}/${app}/app/helmrelease.yaml`, helmRelease(app));
    }
  });
  return files;
}

function kustomization(resources: readonly string[]): string {
  return `---
apiVersion: kustomize.config.k8s.io/v1beta1
kind: Kustomization
resources:
${resources.map((r) => `  - ${r}\n`).join('')}`;
}

const CLUSTER = `---
apiVersion: source.toolkit.fluxcd.io/v1
kind: GitRepository
metadata:
  name: flux-system
  namespace: flux-system
spec:
  interval: 1h
  url: https://github.com/acme/home-ops
  ref:
    branch: main
---
apiVersion: kustomize.toolkit.fluxcd.io/v1
kind: Kustomization
metadata:
  name: cluster-apps
  namespace: flux-system
spec:
  interval: 1h
  path: ./kubernetes/apps
  prune: true
  sourceRef:
    kind: GitRepository
    name: flux-system
  patches:
    - patch: |-
        apiVersion: kustomize.toolkit.fluxcd.io/v1
        kind: Kustomization
        metadata:
          name: _
        spec:
          sourceRef:
            kind: GitRepository
            name: flux-system
            namespace: flux-system
          patches:
            - patch: |-
                apiVersion: helm.toolkit.fluxcd.io/v2
                kind: HelmRelease
                metadata:
                  name: _
                spec:
                  install:
                    crds: CreateReplace
                  upgrade:
                    cleanupOnFail: true
                    remediation:
                      retries: 2
              target:
                group: helm.toolkit.fluxcd.io
                kind: HelmRelease
      target:
        group: kustomize.toolkit.fluxcd.io
        kind: Kustomization
`;

function appKustomization(ns: string, app: string): string {
  return `---
apiVersion: kustomize.toolkit.fluxcd.io/v1
kind: Kustomization
metadata:
  name: ${app}
  namespace: flux-system
spec:
  targetNamespace: ${ns}
  path: ./kubernetes/apps/${ns}/${app}/app
  interval: 1h
  timeout: 5m
  prune: true
  wait: false
  sourceRef:
    kind: GitRepository
    name: flux-system
    namespace: flux-system
  postBuild:
    substitute:
      APP: ${app}
`;
}

function ociRepository(app: string): string {
  return `---
apiVersion: source.toolkit.fluxcd.io/v1
kind: OCIRepository
metadata:
  name: ${app}
spec:
  interval: 15m
  layerSelector:
    mediaType: application/vnd.cncf.helm.chart.content.v1.tar+gzip
    operation: copy
  ref:
    tag: 4.1.2
  url: oci://ghcr.io/bjw-s-labs/helm/app-template
`;
}

function helmRelease(app: string): string {
  return `---
apiVersion: helm.toolkit.fluxcd.io/v2
kind: HelmRelease
metadata:
  name: ${app}
spec:
  interval: 1h
  chartRef:
    kind: OCIRepository
    name: ${app}
  values:
    controllers:
      ${app}:
        annotations:
          reloader.stakater.com/auto: "true"
        containers:
          app:
            image:
              repository: ghcr.io/acme/${app}
              tag: 1.2.3@sha256:${'0'.repeat(64)}
            env:
              TZ: Etc/UTC
              APP_NAME: \${APP}
            probes:
              liveness:
                enabled: true
              readiness:
                enabled: true
            resources:
              requests:
                cpu: 10m
              limits:
                memory: 256Mi
    service:
      app:
        controller: ${app}
        ports:
          http:
            port: 8080
    persistence:
      config:
        existingClaim: ${app}
`;
}
