import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { checkFindings, cli } from './run-cli';
import { edit, lineOf, pullSecretYaml } from './tree-files';
import { CANARY, pushTestTags, SEED_CLIENT_ID, startRegistry, TestRegistry } from '../support/registry';

/**
 * `flux-oci check` of ImagePolicies against real registries: the tags
 * image-reflector-controller's scan would list (the exclusion list
 * applied), then the policy's choice among them. A policy that selects a
 * tag passes; one that selects none, an invalid policy or filter, an image
 * with a tag, and a private image without a pull Secret each fail at their
 * file and line; an invalid policy fails offline too.
 */

let open: TestRegistry;
let locked: TestRegistry;
const TAGS = [
  '1.0.0', '1.2.0', '1.3.0-rc.1', 'v2.0.0', '2025.01.02', 'sha256-0123.sig',
  'main-abc123-1700000000', 'main-def456-1700000100', 'main-0a1b2c-1699999999',
];
beforeAll(async () => {
  [open, locked] = await Promise.all([startRegistry({ mode: 'anonymous' }), startRegistry({ mode: 'htpasswd' })]);
  await Promise.all([pushTestTags(open, 'acme/web', TAGS), pushTestTags(locked, 'acme/private', ['1.0.0', '1.1.0'])]);
});
afterAll(async () => {
  await open?.stop();
  await locked?.stop();
});

function tree(): string {
  const dir = mkdtempSync(join(tmpdir(), 'check-images-'));
  const policy = (name: string, repository: string, spec: string) => `---
apiVersion: image.toolkit.fluxcd.io/v1
kind: ImagePolicy
metadata:
  name: ${name}
  namespace: flux-system
spec:
  imageRepositoryRef:
    name: ${repository}
${spec}`;
  writeFileSync(join(dir, 'repositories.yaml'), `apiVersion: image.toolkit.fluxcd.io/v1
kind: ImageRepository
metadata:
  name: web
  namespace: flux-system
spec:
  image: ${open.host}/acme/web
  interval: 5m
  insecure: true
---
${pullSecretYaml('pull', 'flux-system', locked)}---
apiVersion: image.toolkit.fluxcd.io/v1
kind: ImageRepository
metadata:
  name: private
  namespace: flux-system
spec:
  image: ${locked.host}/acme/private
  interval: 5m
  insecure: true
  secretRef:
    name: pull
`);
  writeFileSync(join(dir, 'policies.yaml'), [
    policy('stable', 'web', '  policy:\n    semver:\n      range: ">=1.0.0 <2.0.0"\n'),
    policy('builds', 'web', "  filterTags:\n    pattern: '^main-[a-f0-9]+-(?P<ts>[0-9]+)'\n    extract: '$ts'\n  policy:\n    numerical:\n      order: asc\n"),
    policy('newest-name', 'web', '  policy:\n    alphabetical: {}\n'),
    policy('calendar', 'web', '  policy:\n    semver:\n      range: ">=2025.0.0"\n  digestReflectionPolicy: Always\n  interval: 5m\n'),
    policy('private', 'private', '  policy:\n    semver:\n      range: 1.x\n'),
  ].join(''));
  return dir;
}

test('policies that select a tag pass: one tag listing per repository, whatever the number of policies on it', async () => {
  const run = await cli(['check', '--json', tree()]);
  expect(run.stderr).toBe('');
  const report = JSON.parse(run.stdout);
  expect(report.findings).toEqual([]);
  // Two listings (one per repository), one HEAD for the policy that reflects digests; the htpasswd registry adds its 401.
  expect(report.summary.registry).toMatchObject({ mode: 'auto', imagePolicies: 5, imagePoliciesFailed: 0, registryRequests: 4 });
  expect(run.code).toBe(0);
});

test('a range no tag satisfies, a filter that keeps none, a numerical policy over names: each an error at the policy, with what was listed', async () => {
  const dir = tree();
  edit(dir, 'policies.yaml', 'range: ">=1.0.0 <2.0.0"', 'range: ^3.0.0');
  edit(dir, 'policies.yaml', "pattern: '^main-[a-f0-9]+-(?P<ts>[0-9]+)'", "pattern: '^release-(?P<ts>[0-9]+)'");
  edit(dir, 'policies.yaml', '    alphabetical: {}\n', '    numerical: {}\n');
  const run = await cli(['check', dir]);
  expect(run.code).toBe(1);
  // policy: and filterTags: both sit five lines below the policy's name.
  const at = (name: string) => `${join(dir, 'policies.yaml')}:${lineOf(dir, 'policies.yaml', `name: ${name}`) + 5}:3`;
  const image = `${open.host}/acme/web`;
  expect(run.stdout.trim().split('\n')).toEqual([
    `${at('stable')}: error [image-policy] ImagePolicy flux-system/stable: image-reflector-controller selects no tag of ${image}: `
      + "unable to determine latest version from provided list (9 tags listed, 8 after spec.exclusionList; newest versions: '2025.01.02', 'v2.0.0', "
      + "'1.3.0-rc.1', '1.2.0', '1.0.0')",
    `${at('builds')}: error [image-policy] ImagePolicy flux-system/builds: image-reflector-controller selects no tag of ${image}: `
      + "version list argument cannot be empty (9 tags listed, 8 after spec.exclusionList, 0 after spec.filterTags; tags: 'v2.0.0', "
      + "'main-def456-1700000100', 'main-abc123-1700000000', 'main-0a1b2c-1699999999', '2025.01.02')",
    expect.stringMatching(new RegExp(`^${at('newest-name')}: error \\[image-policy\\] ImagePolicy flux-system/newest-name: image-reflector-controller `
      + `selects no tag of ${image}: failed to parse invalid numeric value '[^']+' \\(9 tags listed, 8 after spec.exclusionList\\)`)),
    expect.stringMatching(/5 registry lookups: 3 errors, 0 warnings, 0 notes$/),
  ]);
});

test('the target Flux release decides how tags parse: 2025.01.02 is a version for Flux 2.7 and later, not for 2.6', async () => {
  const dir = tree();
  const newest = JSON.parse((await cli(['check', '--json', dir])).stdout);
  expect(newest.findings).toEqual([]);
  const { findings } = await checkFindings('image-policy', ['--flux-version', '2.6', dir]);
  expect(findings).toEqual([expect.objectContaining({
    severity: 'error',
    object: expect.objectContaining({ name: 'calendar' }),
    cause: 'no-matching-version',
    message: expect.stringContaining('unable to determine latest version from provided list'),
  })]);
});

test('what the controller refuses before scanning fails offline too: a bad filter, a bad range, an image with a tag, a bad exclusion pattern', async () => {
  const dir = tree();
  edit(dir, 'policies.yaml', "pattern: '^main-[a-f0-9]+-(?P<ts>[0-9]+)'", "pattern: '^main-(?=x)'");
  edit(dir, 'policies.yaml', 'range: 1.x', 'range: ">=1.0 <<2"');
  edit(dir, 'repositories.yaml', `image: ${open.host}/acme/web\n`, `image: ${open.host}/acme/web:1.0.0\n`);
  edit(dir, 'repositories.yaml', '  secretRef:\n    name: pull\n', '  secretRef:\n    name: pull\n  exclusionList: ["^.*\\\\.sig$", "(unclosed"]\n');
  const run = await cli(['check', '--json', '--offline', dir]);
  expect(run.code).toBe(1);
  const { findings } = JSON.parse(run.stdout);
  expect(findings.map((f: any) => `${f.severity} ${f.rule} ${f.pointer} ${f.message}`)).toEqual([
    "error image-policy /spec/filterTags/pattern ImagePolicy flux-system/builds: failed to filter tags: invalid regular expression pattern '^main-(?=x)': "
      + "error parsing regexp: invalid or unsupported Perl syntax: `(?=` (Go's RE2 syntax has no lookahead): "
      + 'image-reflector-controller marks it not ready and selects no image',
    expect.stringMatching(/^error image-policy \/spec\/policy ImagePolicy flux-system\/private: invalid policy: improper constraint: ">=1\.0 <<2": image-reflector-controller marks it not ready and selects no image; spec\.policy takes one of semver\.range/),
    `error image-policy /spec/image ImageRepository flux-system/web: image '${open.host}/acme/web:1.0.0' should not include a tag; remove ':1.0.0': `
      + 'image-reflector-controller stalls it, so its ImagePolicies select no image',
    'error image-policy /spec/exclusionList/1 ImageRepository flux-system/private: failed to compile regex (unclosed: '
      + 'error parsing regexp: missing closing ): `(unclosed`: every scan fails, so its ImagePolicies select no image',
    // Nothing is left to look up: no not-checked note.
  ]);
});

test('offline, ImagePolicies are not looked up: one note says how many', async () => {
  const run = await cli(['check', '--json', '--offline', tree()]);
  const { findings, summary } = JSON.parse(run.stdout);
  expect(findings).toEqual([expect.objectContaining({
    rule: 'not-checked',
    severity: 'note',
    message: expect.stringContaining('5 ImagePolicy lookups not made, the first for ImagePolicy flux-system/stable'),
  })]);
  expect(summary.registry).toMatchObject({ imagePolicies: 0, registryRequests: 0 });
  expect(run.code).toBe(0);
});

test('a private image without its pull Secret fails once at its ImageRepository, whatever the number of policies; the password never printed', async () => {
  const dir = tree();
  edit(dir, 'repositories.yaml', '  secretRef:\n    name: pull\n', '');
  writeFileSync(join(dir, 'more.yaml'), readFileSync(join(dir, 'policies.yaml'), 'utf8').split('---\n').filter((d) => d.includes('name: private\n'))
    .map((d) => d.replace('name: private\n  namespace', 'name: private-two\n  namespace')).join('---\n'));
  const run = await cli(['check', '--json', dir]);
  expect(run.code).toBe(1);
  const { findings } = JSON.parse(run.stdout);
  expect(findings).toEqual([expect.objectContaining({
    rule: 'registry',
    severity: 'error',
    pointer: '/spec/image',
    cause: 'no-credentials-in-cluster',
    line: lineOf(dir, 'repositories.yaml', `image: ${locked.host}`),
    message: expect.stringContaining(`ImageRepository flux-system/private: image ${locked.host}/acme/private failed the registry check (no-credentials-in-cluster): Flux will pull this anonymously`),
  })]);
  // Neither the failing tree nor one whose Secret the check reads and presents prints the password.
  for (const checked of [dir, tree()]) {
    for (const format of ['text', 'json', 'sarif']) {
      const out = await cli(['check', '--format', format, checked]);
      expect(`${out.stdout}${out.stderr}`).not.toContain(locked.password);
      expect(`${out.stdout}${out.stderr}`).not.toContain(CANARY);
    }
  }
});

test('a ${var} in the image or in a policy field is known only once substituted: a note, never a false error', async () => {
  const dir = tree();
  edit(dir, 'repositories.yaml', `image: ${open.host}/acme/web\n`, 'image: ${REGISTRY}/acme/web\n');
  edit(dir, 'policies.yaml', 'range: 1.x', 'range: ${RANGE}');
  const run = await cli(['check', '--json', dir]);
  const { findings, summary } = JSON.parse(run.stdout);
  expect(findings.map((f: any) => `${f.severity} ${f.rule} ${f.pointer} ${f.message}`)).toEqual([
    'note not-checked /spec/policy/semver/range ImagePolicy flux-system/private: spec.policy.semver.range holds the Flux variable ${RANGE}, '
      + "known only once a Kustomization's postBuild substitutes it, so the image policy is not looked up",
    'note not-checked /spec/image ImageRepository flux-system/web: spec.image holds the Flux variable ${REGISTRY}, '
      + "known only once a Kustomization's postBuild substitutes it, so the image is not looked up",
  ]);
  expect(summary.registry).toMatchObject({ imagePolicies: 0, registryRequests: 0 });
  expect(run.code).toBe(0);
});

test('a filter that leaves tags the policy ranks equal: a warning, since the controller picks among them in random order', async () => {
  const dir = tree();
  // 1.0.0 → 1.2.0+0 and 1.2.0 → 1.2.0+2: equal under SemVer (build metadata does not count).
  writeFileSync(join(dir, 'flapping.yaml'), `apiVersion: image.toolkit.fluxcd.io/v1
kind: ImagePolicy
metadata:
  name: flapping
  namespace: flux-system
spec:
  imageRepositoryRef:
    name: web
  filterTags:
    pattern: '^1\\.(?P<minor>[02])\\.0$'
    extract: '1.2.0+$minor'
  policy:
    semver:
      range: 1.x
`);
  const run = await cli(['check', '--json', dir]);
  const { findings } = JSON.parse(run.stdout);
  expect(findings).toEqual([expect.objectContaining({
    rule: 'image-policy',
    severity: 'warning',
    pointer: '/spec/filterTags',
    line: 9,
    message: expect.stringMatching(/^ImagePolicy flux-system\/flapping: the policy ranks '1\.[02]\.0', '1\.[02]\.0' equal, and with filterTags image-reflector-controller picks among them in Go's random map order/),
  })]);
  expect(run.code).toBe(0);
});

test('a chart and an image on one token-auth registry share its client: one challenge, one token for the repository, one tag listing', async () => {
  const registry = await startRegistry({ mode: 'token' });
  try {
    await pushTestTags(registry, 'acme/app', ['1.0.0', '1.1.0']);
    registry.tokenServer!.clearRequests();
    const dir = mkdtempSync(join(tmpdir(), 'check-images-token-'));
    writeFileSync(join(dir, 'app.yaml'), `${pullSecretYaml('pull', 'flux-system', registry)}---
apiVersion: source.toolkit.fluxcd.io/v1
kind: OCIRepository
metadata:
  name: app
  namespace: flux-system
spec:
  url: oci://${registry.host}/acme/app
  ref:
    semver: 1.x
  interval: 5m
  insecure: true
  secretRef:
    name: pull
---
apiVersion: image.toolkit.fluxcd.io/v1
kind: ImageRepository
metadata:
  name: app
  namespace: flux-system
spec:
  image: ${registry.host}/acme/app
  interval: 5m
  insecure: true
  secretRef:
    name: pull
---
apiVersion: image.toolkit.fluxcd.io/v1
kind: ImagePolicy
metadata:
  name: app
  namespace: flux-system
spec:
  imageRepositoryRef:
    name: app
  policy:
    semver:
      range: 1.x
`);
    const run = await cli(['check', '--json', dir]);
    const { findings, summary } = JSON.parse(run.stdout);
    expect(findings).toEqual([]);
    // One 401 for the registry, one token request, one tag listing both use, the HEAD of the OCIRepository's tag.
    expect(summary.registry).toMatchObject({ checked: 1, imagePolicies: 1, registryRequests: 4 });
    const tokens = registry.tokenServer!.requests.filter((r) => (r.form?.client_id ?? r.query.client_id?.[0]) !== SEED_CLIENT_ID);
    expect(tokens.map((t) => t.scopes)).toEqual([['repository:acme/app:pull']]);
    expect(run.code).toBe(0);
  } finally {
    await registry.stop();
  }
});
