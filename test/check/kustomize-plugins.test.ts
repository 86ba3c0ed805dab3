import { join } from 'node:path';
import { KustomizationReach, kustomizePluginFindings } from '../../src/check/manifests/kustomize-plugins';
import type { KustomizationDocument } from '../../src/check/manifests/manifest-object';

/** `folder/kustomization.yaml` with these fields, each field located at a line of its own. */
function k(folder: string, value: Record<string, unknown>): KustomizationDocument {
  const file = join(folder, 'kustomization.yaml');
  return { file, value, locate: (pointer) => ({ file, line: pointer.length, column: 1 }) };
}
const files = (texts: Record<string, string>) => ({ keyOf: (file: string) => file, textOf: (key: string) => texts[key] });
const built: KustomizationReach = { builds: ['Kustomization flux-system/apps in clusters/prod/apps.yaml', 'Kustomization flux-system/apps in clusters/dev/apps.yaml'] };
const summary = (found: ReturnType<typeof kustomizePluginFindings>) => found.map((f) => `${f.severity} ${f.pointer} ${f.message}`);

test('the deprecated helmChartInflationGenerator and a builtin HelmChartInflationGenerator in generators fail as helmCharts do', () => {
  const old = k('apps/old', { helmChartInflationGenerator: [{ chartName: 'podinfo', chartRepoUrl: 'https://stefanprodan.github.io/podinfo' }] });
  const viaGenerators = k('apps/gen', { generators: ['helm.yaml'] });
  const found = kustomizePluginFindings([old, viaGenerators], () => built, files({
    [join('apps', 'gen', 'helm.yaml')]: 'apiVersion: builtin\nkind: HelmChartInflationGenerator\nmetadata:\n  name: podinfo\nname: podinfo\n',
  }));
  expect(summary(found)).toEqual([
    `error /helmChartInflationGenerator ${join('apps', 'old', 'kustomization.yaml')} helmChartInflationGenerator: kustomize-controller runs kustomize with Helm disabled, `
      + `so kustomize build of ${join('apps', 'old')} (as ${built.builds[0]} and 1 more builds it) fails: "must specify --enable-helm"; install the chart with a HelmRelease instead`,
    `error /generators/0 ${join('apps', 'gen', 'kustomization.yaml')} generators[0] 'helm.yaml' (builtin HelmChartInflationGenerator): kustomize-controller runs kustomize with Helm disabled, `
      + `so kustomize build of ${join('apps', 'gen')} (as ${built.builds[0]} and 1 more builds it) fails: "must specify --enable-helm"; install the chart with a HelmRelease instead`,
  ]);
});

test('nothing where the sync never reaches the kustomization, for a folder or a remote plugin entry, or for a kustomization without plugins', () => {
  const helm = k('bootstrap/cilium', { helmCharts: [{ name: 'cilium' }] });
  expect(kustomizePluginFindings([helm], () => 'not-applied', files({}))).toEqual([]);
  // A folder's plugins are what its kustomization builds (not read); a remote one is not on disk; a file that cannot be read is a path finding of its own.
  const entries = k('apps/prod', { transformers: ['../transformers', 'https://example.com/t.yaml', 'gone.yaml'], resources: ['release.yaml'] });
  expect(kustomizePluginFindings([entries], () => built, files({}))).toEqual([]);
  expect(kustomizePluginFindings([k('apps/base', { resources: ['release.yaml'] })], () => built, files({}))).toEqual([]);
});

test('every document of a plugin file is a plugin: an external one among builtins fails the build; where no build is known, a note and no builtin notes', () => {
  const entries = k('apps/prod', { transformers: ['plugins.yaml'] });
  const texts = files({
    [join('apps', 'prod', 'plugins.yaml')]: 'apiVersion: builtin\nkind: LabelTransformer\nmetadata:\n  name: l\n---\napiVersion: example.com/v1\nkind: Setter\nmetadata:\n  name: s\n',
  });
  expect(kustomizePluginFindings([entries], () => built, texts).map((f) => f.severity)).toEqual(['error', 'note']);
  expect(summary(kustomizePluginFindings([entries], () => 'unknown', texts))).toEqual([
    `note /transformers/0 ${join('apps', 'prod', 'kustomization.yaml')} transformers[0] 'plugins.yaml' configures example.com/v1 Setter, an external plugin: `
      + `kustomize-controller runs kustomize with its builtin plugins only, so a Flux Kustomization building ${join('apps', 'prod')} would fail (none in these files builds it): `
      + '"external plugins disabled; unable to load external plugin \'Setter\'"',
  ]);
});
