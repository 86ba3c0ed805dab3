import { join } from 'node:path';
import { ManifestSource, parseManifests } from '../../src/check/manifests';
import { controllerFlagsIn } from '../../src/check/manifests/controller-flags';
import { ObjectIndex } from '../../src/check/manifests/object-index';

/** Sources from `path: text` pairs, named with the platform's separator as a folder walk names them. */
const sources = (files: Record<string, string>): ManifestSource[] => Object.entries(files).map(([file, text]) => ({ file: join(...file.split('/')), text }));

/** A kustomization whose `patches` add `args` to the containers of the Deployments `name` selects, one JSON6902 patch each. */
const patching = (...patches: [name: string, arg: string][]) => 'apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\nresources: []\npatches:\n'
  + patches.map(([name, arg]) => `  - patch: |\n      - op: add\n        path: /spec/template/spec/containers/0/args/-\n        value: ${arg}\n`
    + `    target:\n      kind: Deployment\n      name: "${name}"\n`).join('');

const release = (namespace: string) => `apiVersion: helm.toolkit.fluxcd.io/v2\nkind: HelmRelease\nmetadata:\n  name: web\n  namespace: ${namespace}\n`
  + 'spec:\n  interval: 1h\n  chartRef:\n    kind: OCIRepository\n    name: web\n';

/** The value each flag has for the HelmRelease in the files, for kustomize- and helm-controller. */
function flagsOf(files: Record<string, string>): Record<string, string | undefined> {
  const parsed = parseManifests(sources(files));
  const flags = controllerFlagsIn(parsed, parsed.objects, new ObjectIndex(parsed.objects));
  const object = parsed.objects.find((o) => o.kind === 'HelmRelease')!;
  const out: Record<string, string | undefined> = {};
  for (const controller of ['kustomize-controller', 'helm-controller'] as const) {
    for (const flag of ['no-cross-namespace-refs', 'no-remote-bases', 'default-service-account'] as const) out[`${controller} ${flag}`] = flags?.of(object, controller, flag)?.value;
  }
  return out;
}

describe("the lockdown flags the files give Flux's controllers", () => {
  test('patches apply in order, the last occurrence of a flag wins, and a bool takes what Go\'s strconv.ParseBool takes', () => {
    expect(flagsOf({
      'flux-system/kustomization.yaml': patching(
        ['(kustomize|helm)-controller', '--no-cross-namespace-refs'],
        ['helm-controller', '--no-cross-namespace-refs=F'],
        ['kustomize-controller', '--no-remote-bases=1'],
        ['(kustomize|helm)-controller', '--default-service-account=tenant'],
        ['helm-controller', '--default-service-account='],
      ),
      'apps/web.yaml': release('apps'),
    })).toEqual({
      'kustomize-controller no-cross-namespace-refs': 'true',
      'kustomize-controller no-remote-bases': 'true',
      'kustomize-controller default-service-account': 'tenant',
      'helm-controller no-cross-namespace-refs': 'false',
      'helm-controller no-remote-bases': undefined,
      'helm-controller default-service-account': undefined,
    });
  });

  test('a value the flag refuses, a single dash (a pflag shorthand) and a patch of another Deployment set nothing', () => {
    expect(Object.values(flagsOf({
      'flux-system/kustomization.yaml': patching(
        ['kustomize-controller', '--no-cross-namespace-refs=yes'],
        ['helm-controller', '-no-cross-namespace-refs'],
        ['source-controller', '--default-service-account=tenant'],
      ),
      'apps/web.yaml': release('apps'),
    })).filter((v) => v !== undefined)).toEqual([]);
  });

  test("a FluxInstance's multitenant lockdown sets the three flags (tenantDefaultServiceAccount named), and its own patches come after", () => {
    expect(flagsOf({
      'flux-system/instance.yaml': 'apiVersion: fluxcd.controlplane.io/v1\nkind: FluxInstance\nmetadata:\n  name: flux\n  namespace: flux-system\nspec:\n'
        + '  distribution:\n    version: 2.7.x\n    registry: ghcr.io/fluxcd\n  cluster:\n    multitenant: true\n    tenantDefaultServiceAccount: flux\n'
        + `  kustomize:\n    patches:\n${patching(['kustomize-controller', '--no-remote-bases=false']).split('patches:\n')[1].replace(/^/gm, '    ')}`,
      'apps/web.yaml': release('apps'),
    })).toEqual({
      'kustomize-controller no-cross-namespace-refs': 'true',
      'kustomize-controller no-remote-bases': 'false',
      'kustomize-controller default-service-account': 'flux',
      'helm-controller no-cross-namespace-refs': 'true',
      'helm-controller no-remote-bases': undefined,
      'helm-controller default-service-account': 'flux',
    });
  });

  test("a patch is followed where it reaches the manager container's args: an operation there counts though another would fail on the rest, and a strategic merge replaces the list", () => {
    const patch = (text: string, target: string) => `  - patch: |\n${text.replace(/^/gm, '      ')}\n    target:\n${target.replace(/^/gm, '      ')}\n`;
    const kustomization = 'apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\nresources: []\npatches:\n'
      // xunholy/k8s-gitops: a volume replaced (not in what flux-oci knows of the Deployment) and a flag added, in one patch.
      + patch('- op: replace\n  path: /spec/template/spec/volumes/0\n  value: {name: temp, emptyDir: {medium: Memory}}\n'
        + '- op: add\n  path: /spec/template/spec/containers/0/args/-\n  value: --no-remote-bases=true', 'kind: Deployment\nname: kustomize-controller')
      // Selected by the labels Flux gives its controllers.
      + patch('- op: add\n  path: /spec/template/spec/containers/0/args/0\n  value: --no-cross-namespace-refs=true', 'kind: Deployment\nlabelSelector: app.kubernetes.io/part-of=flux')
      // A strategic merge naming the manager container replaces helm-controller's args; one naming another container leaves kustomize-controller's.
      + patch('apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: helm-controller}\nspec:\n  template:\n    spec:\n      containers:\n'
        + '        - name: manager\n          args: [--log-level=debug]', 'kind: Deployment\nname: helm-controller')
      + patch('apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: all}\nspec:\n  template:\n    spec:\n      containers:\n'
        + '        - name: sidecar\n          args: []', 'kind: Deployment\nname: kustomize-controller');
    expect(flagsOf({ 'flux-system/kustomization.yaml': kustomization, 'apps/web.yaml': release('apps') })).toEqual({
      'kustomize-controller no-cross-namespace-refs': 'true',
      'kustomize-controller no-remote-bases': 'true',
      'kustomize-controller default-service-account': undefined,
      'helm-controller no-cross-namespace-refs': undefined,
      'helm-controller no-remote-bases': undefined,
      'helm-controller default-service-account': undefined,
    });
  });

  test('none set: no flags at all', () => {
    const parsed = parseManifests(sources({ 'apps/web.yaml': release('apps') }));
    expect(controllerFlagsIn(parsed, parsed.objects, new ObjectIndex(parsed.objects))).toBeUndefined();
  });
});
