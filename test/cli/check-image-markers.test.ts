import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { checkFindings, cli } from './run-cli';
import { edit, lineOf } from './tree-files';
import { fluxKustomizationYaml } from '../support/flux-yaml';

/**
 * `flux-oci check` of the image policy markers an ImageUpdateAutomation
 * rewrites (`# {"$imagepolicy": "<namespace>:<policy>[:tag|:name|:digest]"}`):
 * in a Git working tree synced by flux bootstrap, a marker the automation
 * has no setter for (a misspelt policy, one in another namespace, one its
 * policySelector leaves out, an unknown suffix) is a warning at its line;
 * the ones it sets pass.
 */

function tree(): string {
  const dir = mkdtempSync(join(tmpdir(), 'check-markers-'));
  mkdirSync(join(dir, '.git'));
  const files: Record<string, string> = {
    'clusters/prod/flux-system/gotk-sync.yaml': `apiVersion: source.toolkit.fluxcd.io/v1
kind: GitRepository
metadata:
  name: flux-system
  namespace: flux-system
spec:
  interval: 1m
  url: ssh://git@github.com/acme/fleet
  ref:
    branch: main
  secretRef:
    name: flux-system
---
${fluxKustomizationYaml('flux-system', './clusters/prod')}`,
    'clusters/prod/apps.yaml': fluxKustomizationYaml('apps', './apps'),
    'clusters/prod/automation.yaml': `apiVersion: image.toolkit.fluxcd.io/v1
kind: ImageUpdateAutomation
metadata:
  name: apps
  namespace: flux-system
spec:
  interval: 30m
  sourceRef:
    kind: GitRepository
    name: flux-system
  git:
    commit:
      author:
        name: fluxcdbot
        email: fluxcdbot@users.noreply.github.com
    push:
      branch: main
  update:
    path: ./apps
    strategy: Setters
---
apiVersion: image.toolkit.fluxcd.io/v1
kind: ImageRepository
metadata:
  name: podinfo
  namespace: flux-system
spec:
  image: ghcr.io/stefanprodan/podinfo
  interval: 5m
---
apiVersion: image.toolkit.fluxcd.io/v1
kind: ImagePolicy
metadata:
  name: podinfo
  namespace: flux-system
  labels:
    automation: apps
spec:
  imageRepositoryRef:
    name: podinfo
  policy:
    semver:
      range: 6.x
---
apiVersion: image.toolkit.fluxcd.io/v1
kind: ImagePolicy
metadata:
  name: other
  namespace: apps
spec:
  imageRepositoryRef:
    name: podinfo
    namespace: flux-system
  policy:
    semver:
      range: 6.x
`,
    'apps/podinfo.yaml': `apiVersion: apps/v1
kind: Deployment
metadata:
  name: podinfo
  namespace: apps
spec:
  template:
    spec:
      containers:
        - name: podinfo
          image: ghcr.io/stefanprodan/podinfo:6.5.0 # {"$imagepolicy": "flux-system:podinfo"}
        - name: sidecar
          image: ghcr.io/stefanprodan/podinfo:6.5.0 # {"$imagepolicy": "flux-system:podinfo:version"}
        - name: other
          image: ghcr.io/stefanprodan/podinfo:6.5.0 # {"$imagepolicy": "apps:other"}
        - name: typo
          image: ghcr.io/stefanprodan/podinfo:6.5.0 # {"$imagepolicy": "flux-system:podinf"}
`,
    'apps/values.yaml': `apiVersion: v1
kind: ConfigMap
metadata:
  name: values
  namespace: apps
data:
  tag: "6.5.0" # {"$imagepolicy": "flux-system:podinfo:tag"}
`,
    'apps/kustomization.yaml': 'resources: [podinfo.yaml, values.yaml]\n',
  };
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, name)), { recursive: true });
    writeFileSync(join(dir, name), text);
  }
  return dir;
}

async function markerFindings(dir: string): Promise<string[]> {
  const run = await cli(['check', '--json', '--offline', dir]);
  return JSON.parse(run.stdout).findings.filter((f: any) => f.message.includes('$imagepolicy')).map((f: any) => `${f.line}:${f.column} ${f.severity} ${f.message}`);
}

test('a marker the automation has no setter for is a warning at its line; the ones it sets pass', async () => {
  const dir = tree();
  // Each at its line, at the comment's '#'.
  const at = (needle: string) => {
    const line = lineOf(dir, 'apps/podinfo.yaml', needle);
    return `${line}:${readFileSync(join(dir, 'apps/podinfo.yaml'), 'utf8').split('\n')[line - 1].indexOf('#') + 1}`;
  };
  const never = (marker: string, why: string) => `ImageUpdateAutomation flux-system/apps never sets the image policy marker {"$imagepolicy": "${marker}"}: ${why}; `
    + 'the field keeps the value written here';
  expect(await markerFindings(dir)).toEqual([
    `${at('podinfo:version')} warning ${never('flux-system:podinfo:version',
      "image-automation-controller's setters are '<namespace>:<policy>' and that followed by ':tag', ':name' or ':digest'")}`,
    `${at('apps:other')} warning ${never('apps:other', 'it reads only the ImagePolicies of its own namespace, flux-system')}`,
    `${at('podinf"')} warning ${never('flux-system:podinf', 'there is no ImagePolicy flux-system/podinf in the files checked')}`,
  ]);
});

test("the automation's policySelector decides which policies it sets; one it cannot parse sets none", async () => {
  const dir = tree();
  edit(dir, 'clusters/prod/automation.yaml', '    strategy: Setters\n', '    strategy: Setters\n  policySelector:\n    matchLabels:\n      automation: web\n');
  const selected = await markerFindings(dir);
  expect(selected.filter((f) => f.includes('does not select'))).toEqual([
    expect.stringContaining('"flux-system:podinfo"}: its spec.policySelector does not select ImagePolicy flux-system/podinfo'),
    expect.stringContaining('"flux-system:podinfo:tag"}: its spec.policySelector does not select ImagePolicy flux-system/podinfo'),
  ]);
  edit(dir, 'clusters/prod/automation.yaml', '    matchLabels:\n      automation: web\n', '    matchExpressions:\n      - key: automation\n        operator: In\n        values: [apps]\n');
  expect((await markerFindings(dir)).filter((f) => f.includes('policySelector'))).toEqual([]);
  edit(dir, 'clusters/prod/automation.yaml', '        operator: In\n        values: [apps]\n', '        operator: Exists\n        values: [apps]\n');
  expect((await markerFindings(dir)).filter((f) => f.includes('policySelector is invalid'))).toHaveLength(2);
});

test('markers are not judged where the automation does not update this working tree', async () => {
  const dir = tree();
  edit(dir, 'clusters/prod/automation.yaml', '    path: ./apps\n', '    path: ./clusters\n');
  expect(await markerFindings(dir)).toEqual([]);
  const other = tree();
  edit(other, 'clusters/prod/automation.yaml', '  git:\n', '  git:\n    checkout:\n      ref:\n        branch: staging\n');
  expect(await markerFindings(other)).toEqual([]);
});

test("an update.path that is not in this repository is an error: the automation's walk fails on every run", async () => {
  const dir = tree();
  edit(dir, 'clusters/prod/automation.yaml', '    path: ./apps\n', '    path: ./app\n');
  const run = await checkFindings('path', ['--offline', dir]);
  expect(run.findings).toEqual([expect.objectContaining({
    severity: 'error',
    pointer: '/spec/update/path',
    line: lineOf(dir, 'clusters/prod/automation.yaml', 'path: ./app'),
    message: expect.stringMatching(/^ImageUpdateAutomation flux-system\/apps spec\.update\.path '\.\/app' is not in this repository: there is no '\.\/app', so image-automation-controller fails every run .*; did you mean '\.\/apps'\?$/),
  })]);
  expect(run.code).toBe(1);
});
