import { mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { locatedSyncStarts, syncSourceNames, syncStarts, unlocatedBuildFolders } from '../../src/check/manifests/applied';
import type { ManifestObject } from '../../src/check/manifests/manifest-object';

/** A Git working tree, and an object written in a file of it. */
const repo = mkdtempSync(join(tmpdir(), 'flux-oci-applied-'));
mkdirSync(join(repo, '.git'));
const diskPathOf = (file: string): string => join(repo, file);
function object(apiVersion: string, kind: string, name: string, value: Record<string, unknown>): ManifestObject {
  const location = { file: join('clusters', 'prod', `${name}.yaml`), line: 1, column: 1 };
  return { apiVersion, kind, name, namespace: 'flux-system', appliedNamespace: 'flux-system', value: { apiVersion, kind, metadata: { name, namespace: 'flux-system' }, ...value }, location, locate: () => location };
}
const instance = (sync: unknown) => object('fluxcd.controlplane.io/v1', 'FluxInstance', 'flux', { spec: { sync } });

describe("where the cluster's sync starts", () => {
  test("a FluxInstance's Git sync path, joined to the working tree's root", () => {
    const flux = instance({ kind: 'GitRepository', url: 'https://github.com/acme/ops', ref: 'refs/heads/main', path: 'clusters/prod' });
    expect(syncStarts([flux], diskPathOf)).toEqual([{
      folder: join(repo, 'clusters', 'prod'), description: 'clusters/prod (FluxInstance flux-system/flux)', url: 'https://github.com/acme/ops', by: flux, sourceIgnore: {},
    }]);
  });

  test("the spec.ignore of the GitRepository the instance makes, as its kustomize patches set it (tyriis/home-ops: '/*' and '!/kubernetes')", () => {
    const sync = { kind: 'GitRepository', url: 'https://github.com/acme/ops', ref: 'refs/heads/main', path: 'clusters/prod' };
    const patched = (patches: unknown[]) => object('fluxcd.controlplane.io/v1', 'FluxInstance', 'flux', { spec: { sync, kustomize: { patches } } });
    const ignoreOf = (patches: unknown[]) => syncStarts([patched(patches)], diskPathOf)?.[0].sourceIgnore;
    const setIgnore = '- op: add\n  path: /spec/ignore\n  value: |\n    /*\n    !/kubernetes\n';
    // The operator names the source after the instance's namespace, so a target by that name (and namespace) selects it.
    expect(ignoreOf([{ target: { kind: 'GitRepository', name: 'flux-system', namespace: 'flux-system' }, patch: setIgnore }])).toEqual({ ignore: '/*\n!/kubernetes\n' });
    // Patches of other kinds or names, or one replacing the ref (which the operator writes), leave it without one.
    expect(ignoreOf([{ target: { kind: 'Deployment' }, patch: '- op: add\n  path: /spec/replicas\n  value: 2' }])).toEqual({});
    expect(ignoreOf([{ target: { kind: 'GitRepository', name: 'other' }, patch: setIgnore }])).toEqual({});
    expect(ignoreOf([{ target: { kind: 'GitRepository' }, patch: '- op: replace\n  path: /spec/ref/name\n  value: refs/heads/dev' }])).toEqual({});
    // What a label selector selects depends on the labels the operator sets; a patch that fails is kustomize's error: neither is known.
    expect(ignoreOf([{ target: { kind: 'GitRepository', labelSelector: 'app=x' }, patch: setIgnore }])).toEqual({ unknown: expect.stringMatching(/spec\.kustomize\.patches\[0\] selects by label/) });
    expect(ignoreOf([{ target: { kind: 'GitRepository' }, patch: '- op: replace\n  path: /spec/nothing\n  value: 1' }])).toEqual({ unknown: expect.stringMatching(/cannot be applied to the GitRepository of its sync/) });
  });

  test("the flux-instance chart's instance.sync, by chart name or by its OCIRepository's URL; kind GitRepository by default", () => {
    const release = (spec: Record<string, unknown>) => object('helm.toolkit.fluxcd.io/v2', 'HelmRelease', 'flux-instance', {
      spec: { ...spec, values: { instance: { sync: { url: 'https://github.com/acme/ops', ref: 'refs/heads/main', path: './kubernetes/flux/cluster' } } } },
    });
    const byName = release({ chart: { spec: { chart: 'flux-instance', sourceRef: { kind: 'HelmRepository', name: 'controlplane' } } } });
    expect(syncStarts([byName], diskPathOf)?.map((s) => s.folder)).toEqual([join(repo, 'kubernetes', 'flux', 'cluster')]);
    const byRef = release({ chartRef: { kind: 'OCIRepository', name: 'flux-instance' } });
    const chart = object('source.toolkit.fluxcd.io/v1', 'OCIRepository', 'flux-instance', { spec: { url: 'oci://ghcr.io/controlplaneio-fluxcd/charts/flux-instance' } });
    expect(syncStarts([byRef, chart], diskPathOf)?.map((s) => s.description)).toEqual(['./kubernetes/flux/cluster (HelmRelease flux-system/flux-instance, chart flux-instance)']);
    // Another chart's values are not a sync.
    expect(syncStarts([byRef], diskPathOf)).toBeUndefined();
  });

  test('not known: no sync in the files, a sync from an OCI artifact or a path holding a variable, or values from valuesFrom', () => {
    expect(syncStarts([], diskPathOf)).toBeUndefined();
    expect(syncStarts([instance({ kind: 'OCIRepository', url: 'oci://ghcr.io/acme/manifests', ref: 'latest', path: './' })], diskPathOf)).toBeUndefined();
    expect(syncStarts([instance({ kind: 'GitRepository', url: 'https://github.com/acme/ops', ref: 'refs/heads/main', path: 'clusters/${CLUSTER}' })], diskPathOf)).toBeUndefined();
    // One start that cannot be located makes the others unknown too: what it applies is not known.
    const both = [instance({ kind: 'GitRepository', path: 'clusters/prod' }), instance({ kind: 'Bucket', path: './' })];
    expect(syncStarts(both, diskPathOf)).toBeUndefined();
    // Where the located one starts, and what its source's artifact holds, is known all the same.
    expect(locatedSyncStarts(both, diskPathOf)).toEqual({ located: [expect.objectContaining({ folder: join(repo, 'clusters', 'prod') })], complete: false });
    const fromValuesFrom = object('helm.toolkit.fluxcd.io/v2', 'HelmRelease', 'flux-instance', {
      spec: { chart: { spec: { chart: 'flux-instance' } }, valuesFrom: [{ kind: 'ConfigMap', name: 'flux-instance-values' }] },
    });
    expect(syncStarts([fromValuesFrom], diskPathOf)).toBeUndefined();
  });
});

describe('Kustomizations whose build is not located', () => {
  const kustomization = (sourceRef: Record<string, string>, path: string) => object('kustomize.toolkit.fluxcd.io/v1', 'Kustomization', 'crds', { spec: { path, sourceRef } });
  const gitRepository = (url: string) => object('source.toolkit.fluxcd.io/v1', 'GitRepository', 'crds', { spec: { url } });
  const own = ['https://github.com/acme/ops'];

  test("a variable in a sync-source path: the folder before it; another repository's GitRepository builds none of this one", () => {
    expect(unlocatedBuildFolders([kustomization({ kind: 'GitRepository', name: 'flux-system', namespace: 'flux-system' }, './apps/web/app-${MODE:=a}')], new Set(), own, diskPathOf))
      .toEqual([join(repo, 'apps', 'web')]);
    expect(unlocatedBuildFolders([kustomization({ kind: 'GitRepository', name: 'crds' }, './config/crd'), gitRepository('https://github.com/cloudnative-pg/plugin-barman-cloud')],
      new Set(), own, diskPathOf)).toEqual([]);
  });

  test('not known: a GitRepository of this repository under another name, one not in the files, a variable at the top of the path', () => {
    expect(unlocatedBuildFolders([kustomization({ kind: 'GitRepository', name: 'crds' }, './config/crd'), gitRepository('git@github.com:acme/ops.git')], new Set(), own, diskPathOf))
      .toBeUndefined();
    expect(unlocatedBuildFolders([kustomization({ kind: 'GitRepository', name: 'crds' }, './config/crd')], new Set(), own, diskPathOf)).toBeUndefined();
    expect(unlocatedBuildFolders([kustomization({ kind: 'GitRepository', name: 'flux-system', namespace: 'flux-system' }, './${CLUSTER}/apps')], new Set(), own, diskPathOf))
      .toBeUndefined();
  });
});

describe('the sources FluxInstances make for their syncs', () => {
  test("named spec.sync.name, else after the instance's namespace; the flux-instance chart's instance.sync.name, in the namespace it renders the instance in", () => {
    const named = instance({ kind: 'GitRepository', name: 'home-ops', url: 'https://github.com/acme/ops', ref: 'refs/heads/main', path: 'clusters/prod' });
    const unnamed = instance({ kind: 'OCIRepository', url: 'oci://ghcr.io/acme/manifests', ref: 'latest', path: './' });
    expect([...syncSourceNames([named]).entries()].map(([key, { kind }]) => `${key} ${kind}`)).toEqual(['flux-system/home-ops GitRepository']);
    expect([...syncSourceNames([unnamed]).entries()].map(([key, { kind }]) => `${key} ${kind}`)).toEqual(['flux-system/flux-system OCIRepository']);
    const chart = object('helm.toolkit.fluxcd.io/v2', 'HelmRelease', 'flux-instance', {
      spec: {
        targetNamespace: 'flux-operator',
        chart: { spec: { chart: 'flux-instance', sourceRef: { kind: 'HelmRepository', name: 'controlplaneio' } } },
        values: { instance: { sync: { kind: 'GitRepository', name: 'cluster', url: 'https://github.com/acme/ops', ref: 'refs/heads/main', path: 'clusters/prod' } } },
      },
    });
    expect([...syncSourceNames([chart]).keys()]).toEqual(['flux-operator/cluster']);
    expect(syncSourceNames([object('kustomize.toolkit.fluxcd.io/v1', 'Kustomization', 'apps', { spec: { path: './apps' } })]).size).toBe(0);
  });
});
