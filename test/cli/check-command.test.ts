import { copyFileSync, cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import Ajv2020 from 'ajv/dist/2020';
import { parse } from 'yaml';
import { cli } from './run-cli';
import { SERVED_APIS } from '../../src/model/served-apis';

/**
 * `flux-oci check` on YAML alone (registry check off): the seed guides'
 * manifests, as written and rewritten to the current APIs; output formats,
 * stdin, exit codes, progress. test/cli/check-registry.test.ts runs the
 * registry side against real registries.
 */

const ROOT = join(__dirname, '..', '..');
const GUIDES = join(ROOT, 'test', 'examples', 'guides');
const AS_WRITTEN = join(ROOT, 'test', 'check', 'fixtures', 'guides-as-written');
const OFF = { FLUX_OCI_RESOLVE: 'off' };

interface JsonFinding {
  file: string;
  line: number;
  column: number;
  severity: string;
  rule: string;
  message: string;
  pointer?: string;
  object?: { apiVersion: string; kind: string; name?: string; namespace?: string };
}

interface JsonReport {
  flux: any;
  summary: any;
  findings: JsonFinding[];
}

async function checkJson(args: string[], env: NodeJS.ProcessEnv = OFF): Promise<{ code: number; report: JsonReport }> {
  const run = await cli(['check', '--json', ...args], { cwd: ROOT, env });
  expect(run.stderr).toBe('');
  return { code: run.code, report: JSON.parse(run.stdout) };
}

/** Each document's first line (1-based) and object, found by reading the lines, not through the YAML positions under test. */
function objectsWithLines(text: string): { line: number; object: any }[] {
  const lines = text.split('\n');
  const found: { line: number; object: any }[] = [];
  let start = 0;
  for (let i = 0; i <= lines.length; i++) {
    if (i === lines.length || lines[i].startsWith('---')) {
      const body = lines.slice(start, i);
      const first = body.findIndex((l) => l.trim() !== '' && !l.startsWith('#'));
      const object = parse(body.join('\n'));
      if (first >= 0 && object) found.push({ line: start + first + 1, object });
      start = i + 1;
    }
  }
  return found;
}

/** A scratch Git working tree (the check looks for its `.git`), and a writer of files in it by relative path. */
function workingTree(prefix: string): { repo: string; write: (path: string, text: string) => void } {
  const repo = mkdtempSync(join(tmpdir(), prefix));
  mkdirSync(join(repo, '.git'));
  return {
    repo,
    write: (path, text) => {
      mkdirSync(dirname(join(repo, path)), { recursive: true });
      writeFileSync(join(repo, path), text);
    },
  };
}

/** flux bootstrap's sync of clusters/prod, from GitRepository flux-system/flux-system (ssh://git@github.com/acme/ops, branch main). */
function writeGitSync(write: (path: string, text: string) => void): void {
  write('clusters/prod/flux-system/gotk-sync.yaml', 'apiVersion: source.toolkit.fluxcd.io/v1\nkind: GitRepository\nmetadata:\n  name: flux-system\n  namespace: flux-system\n'
    + 'spec:\n  interval: 1h\n  url: ssh://git@github.com/acme/ops\n  ref:\n    branch: main\n---\n'
    + 'apiVersion: kustomize.toolkit.fluxcd.io/v1\nkind: Kustomization\nmetadata:\n  name: flux-system\n  namespace: flux-system\n'
    + 'spec:\n  interval: 1h\n  prune: true\n  path: ./clusters/prod\n  sourceRef:\n    kind: GitRepository\n    name: flux-system\n');
}

/** The reference findings of a report, one line each: severity, pointer, message. */
function referenceLines(report: JsonReport, except: (f: JsonFinding) => boolean = () => false): string[] {
  return report.findings.filter((f) => f.rule === 'reference' && !except(f)).map((f) => `${f.severity} ${f.pointer} ${f.message}`);
}

/** A reference warning's line as {@link referenceLines} gives it, for an object not in the files. */
function notInFiles(pointer: string, names: string, meanwhile: string): string {
  return `warning ${pointer} ${names}, which is not in the files checked (fine if it exists in the cluster; until it does, ${meanwhile})`;
}

function lineOf(text: string, needle: string): number {
  const index = text.split('\n').findIndex((l) => l.includes(needle));
  if (index < 0) throw new Error(`no line with ${needle}`);
  return index + 1;
}

const guideFiles = readdirSync(GUIDES).filter((f) => f.endsWith('.yaml')).sort();
const removed = SERVED_APIS.filter((a) => a.until !== undefined && Number(a.until.split('.')[1]) < 8);

describe('the seed guides (test/examples/guides, sources in its README)', () => {
  test.each(guideFiles)('%s: every apiVersion current Flux no longer serves is reported at its object, with its replacement', async (file) => {
    const text = readFileSync(join(GUIDES, file), 'utf8');
    const { report } = await checkJson([join('test', 'examples', 'guides', file)]);
    const expected = objectsWithLines(text)
      .map(({ line, object }) => ({ line, object, api: SERVED_APIS.find((a) => a.apiVersion === object.apiVersion && a.kind === object.kind) }))
      .filter((o) => o.api?.replacement !== undefined);
    const reported = report.findings.filter((f) => f.rule === 'api-version');
    expect(reported.map((f) => [f.line, f.column, f.object?.name])).toEqual(expected.map((e) => [e.line, 1, e.object.metadata.name]));
    for (const [i, f] of reported.entries()) {
      expect(f).toMatchObject({ severity: 'error', file: join('test', 'examples', 'guides', file), pointer: '/apiVersion' });
      expect(f.message).toContain(`${expected[i].api!.apiVersion} ${expected[i].api!.kind} is not served by Flux`);
      expect(f.message).toContain(`use ${expected[i].api!.replacement}`);
      expect(f.message).toMatch(/none of its fields change, only the apiVersion|field changes: /);
    }
    // Nothing else is wrong with them: the guides are valid for the Flux they were written for.
    expect(report.findings.filter((f) => f.severity === 'error' && f.rule !== 'api-version')).toEqual([]);
  });

  test('the deprecated versions the guides use are the ones the table removes before Flux 2.8', () => {
    const used = new Set(guideFiles.flatMap((f) => objectsWithLines(readFileSync(join(GUIDES, f), 'utf8')).map((o) => `${o.object.apiVersion} ${o.object.kind}`)));
    expect([...used].filter((u) => removed.some((a) => `${a.apiVersion} ${a.kind}` === u)).sort()).toEqual([
      'helm.toolkit.fluxcd.io/v2beta1 HelmRelease',
      'source.toolkit.fluxcd.io/v1beta2 HelmRepository',
      'source.toolkit.fluxcd.io/v1beta2 OCIRepository',
    ]);
  });

  test('the guide that names an OCIRepository from chart.spec.sourceRef is invalid for every Flux, with what to write instead', async () => {
    const file = join(AS_WRITTEN, 'ocirepository-semver.yaml');
    const text = readFileSync(file, 'utf8');
    for (const fluxVersion of ['2.3', '2.7', '2.9']) {
      const { code, report } = await checkJson(['--flux-version', fluxVersion, relative(ROOT, file)]);
      expect(code).toBe(1);
      const schema = report.findings.filter((f) => f.rule === 'schema');
      expect(schema).toEqual([expect.objectContaining({
        severity: 'error',
        line: lineOf(text, '        kind: OCIRepository'),
        column: 9,
        pointer: '/spec/chart/spec/sourceRef/kind',
        object: { apiVersion: 'helm.toolkit.fluxcd.io/v2', kind: 'HelmRelease', name: 'podinfo', namespace: 'flux-system' },
      })]);
      expect(schema[0].message).toContain('must be one of "HelmRepository", "GitRepository", "Bucket"; got "OCIRepository"');
      expect(schema[0].message).toContain('spec.chartRef');
    }
  });

  test('rewritten to the APIs current Flux serves (apiVersion only, as the table says), every guide passes', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'guides-current-'));
    for (const file of guideFiles) {
      let text = readFileSync(join(GUIDES, file), 'utf8');
      for (const api of removed) text = text.replace(new RegExp(`^apiVersion: ${api.apiVersion}\\n(?=kind: ${api.kind}\\n)`, 'gm'), `apiVersion: ${api.replacement}\n`);
      writeFileSync(join(dir, file), text);
    }
    const { code, report } = await checkJson([dir]);
    expect(report.findings.filter((f) => f.severity === 'error')).toEqual([]);
    expect(code).toBe(0);
    expect(report.flux).toEqual({ fluxVersion: '2.9', source: 'newest' });
    expect(report.summary).toMatchObject({ files: guideFiles.length, errors: 0 });
  });

  test('for an older Flux that still serves them, the old versions are warnings and the check passes', async () => {
    const { code, report } = await checkJson(['--flux-version', '2.6', join('test', 'examples', 'guides', 'bitnami-mysql.yaml')]);
    expect(code).toBe(0);
    expect(report.findings.filter((f) => f.rule === 'api-version').map((f) => f.severity)).toEqual(['warning', 'warning']);
    expect(report.findings[0].message).toContain('is served by Flux 2.6 but not by Flux 2.8 or newer');
  });

  test('without --flux-version the release is inferred from the apiVersions: the newest that serves them all', async () => {
    expect((await checkJson([join('test', 'examples', 'guides', 'bitnami-mysql.yaml')])).report.flux)
      .toEqual({ fluxVersion: '2.6', source: 'inferred', because: 'helm.toolkit.fluxcd.io/v2beta1 HelmRelease' });
    expect((await checkJson([join('test', 'examples', 'guides', 'oci-artifact-kustomization.yaml')])).report.flux)
      .toEqual({ fluxVersion: '2.7', source: 'inferred', because: 'source.toolkit.fluxcd.io/v1beta2 OCIRepository' });
  });
});

describe('SARIF 2.1.0', () => {
  test('the SARIF output is valid against the SARIF 2.1.0 schema and carries every finding with its location', async () => {
    const schema = JSON.parse(readFileSync(join(__dirname, 'fixtures', 'sarif', 'sarif-2.1.0.json'), 'utf8'));
    // The schema's language pattern is not valid under the `u` flag; formats checked here, not by ajv-formats.
    const ajv = new Ajv2020({ strict: false, allErrors: true, unicodeRegExp: false });
    ajv.addFormat('uri', (s: string) => URL.canParse(s));
    ajv.addFormat('uri-reference', (s: string) => URL.canParse(s, 'file:///base/') && !/\s/.test(s));
    ajv.addFormat('date-time', (s: string) => /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:\d\d)$/.test(s));
    ajv.addFormat('uuid', (s: string) => /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(s));
    const validate = ajv.compile(schema);

    const paths = [join('test', 'examples', 'guides'), relative(ROOT, AS_WRITTEN)];
    const sarif = await cli(['check', '--format', 'sarif', ...paths], { cwd: ROOT, env: OFF });
    expect(sarif.code).toBe(1);
    const log = JSON.parse(sarif.stdout);
    expect(validate(log) ? [] : validate.errors).toEqual([]);

    const { report } = await checkJson(paths);
    const results = log.runs[0].results;
    expect(results).toHaveLength(report.findings.length);
    const schemaResult = results.find((r: any) => r.ruleId === 'schema');
    expect(schemaResult).toMatchObject({
      level: 'error',
      locations: [{ physicalLocation: { artifactLocation: { uri: 'test/check/fixtures/guides-as-written/ocirepository-semver.yaml', uriBaseId: '%SRCROOT%' }, region: { startColumn: 9 } } }],
    });
    expect(log.runs[0].tool.driver.rules[schemaResult.ruleIndex].id).toBe('schema');

    // A bad level or an unknown property is refused: the check above can fail.
    const broken = structuredClone(log);
    broken.runs[0].results[0].level = 'fatal';
    expect(validate(broken)).toBe(false);
  });
});

describe('input, output and exit codes', () => {
  const MIXED = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
---
# a comment-only document is skipped
---
apiVersion: source.toolkit.fluxcd.io/v1
kind: HelmRepository
metadata:
  name: charts
  namespace: apps
spec:
  type: oci
  interval: 5x
  url: oci://ghcr.io/acme/charts
---
apiVersion: helm.toolkit.fluxcd.io/v2
kind: HelmRelease
metadata:
  name: web
  namespace: apps
spec:
  interval: 10m
  chart:
    spec:
      chart: web
      sourceRef:
        kind: HelmRepository
        name: charts
  chartRef:
    kind: OCIRepository
    name: web
`;

  test("'-' reads stdin (kustomize build | flux-oci check -): other kinds skipped, each problem at its line", async () => {
    const run = await cli(['check', '-'], { stdin: MIXED, env: OFF });
    expect(run.code).toBe(1);
    const lines = run.stdout.trim().split('\n');
    const all = MIXED.split('\n');
    const release = all.indexOf('apiVersion: helm.toolkit.fluxcd.io/v2') + 1;
    expect(lines).toEqual([
      `<stdin>:${lineOf(MIXED, 'interval: 5x')}:3: error [schema] source.toolkit.fluxcd.io/v1 HelmRepository apps/charts /spec/interval: must match ^([0-9]+(\\.[0-9]+)?(ms|s|m|h))+$; got "5x"`,
      expect.stringMatching(new RegExp(`^<stdin>:${release}:1: note \\[not-checked\\] registry check off`)),
      expect.stringMatching(new RegExp(`^<stdin>:${all.indexOf('spec:', release) + 1}:1: error \\[schema\\] helm.toolkit.fluxcd.io/v2 HelmRelease apps/web /spec: either chart or chartRef must be set \\(CRD rule: .*\\)$`)),
      `<stdin>:${lineOf(MIXED, 'chartRef:')}:3: warning [reference] HelmRelease apps/web spec.chartRef names OCIRepository apps/web, which is not in the files checked (fine if it exists in the cluster; what it holds is not checked)`,
      '1 file, 2 Flux objects (Flux 2.9), registry check off: 2 errors, 1 warning, 1 note',
    ]);
    expect(run.stderr).toBe('');
  });

  test('a YAML error is a finding at its line; the rest of the file is still checked', async () => {
    const run = await cli(['check', '-'], { stdin: `${MIXED.split('---')[2]}---\nkind: [unclosed\n`, env: OFF });
    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(/^<stdin>:\d+:\d+: error \[yaml\] not valid YAML: /m);
    expect(run.stdout).toMatch(/\[schema\] .*\/spec\/interval/);
  });

  test("YAML reads as Flux's go-yaml reads it: an alias key written '*app:' is the alias app; a name go-yaml refuses is an error where it is written", async () => {
    const release = (key: string) => [
      'apiVersion: helm.toolkit.fluxcd.io/v2', 'kind: HelmRelease', 'metadata:', '  name: &app web', '  namespace: apps', 'spec:', '  interval: 10m',
      '  chartRef:', '    kind: OCIRepository', '    name: web', '  values:', '    controllers:', `      ${key}:`, '        replicas: 2', '',
    ].join('\n');
    const read = await cli(['check', '-'], { stdin: release('*app'), env: OFF });
    expect(read.stdout).not.toMatch(/\[yaml\]/);
    expect(read.stdout).toMatch(/^1 file, 1 Flux object /m);
    // A merge key expands, as go-yaml and kustomize expand it.
    const merged = await cli(['check', '-'], {
      stdin: release('*app').replace('  interval: 10m\n', '  interval: &every 10m\n').replace('    controllers:\n', '    x: &defaults\n      a: 1\n    controllers:\n')
        .replace('  values:\n', '  install: &install\n    timeout: 5m\n  upgrade:\n    <<: *install\n    cleanupOnFail: true\n  values:\n'),
      env: OFF,
    });
    expect(merged.stdout).not.toMatch(/\[(yaml|schema)\]/);
    const refused = await cli(['check', '-'], { stdin: release('*app.x'), env: OFF });
    expect(refused.code).toBe(1);
    expect(refused.stdout).toMatch(/^<stdin>:13:7: error \[yaml\] not valid YAML: the alias \*app followed by '\.', which go-yaml \(which Flux and Helm read YAML with\) refuses: /m);
  });

  test('a clean file exits 0; bad usage and unreadable paths exit 2 without findings', async () => {
    const clean = MIXED.split('---')[2].replace('5x', '5m');
    const ok = await cli(['check', '-'], { stdin: clean, env: OFF });
    expect(ok.code).toBe(0);
    expect(ok.stdout).toMatch(/0 errors, 0 warnings, 0 notes\n$/);

    const none = await cli(['check']);
    expect(none).toMatchObject({ code: 2, stdout: '' });
    expect(none.stderr).toMatch(/^flux-oci check: missing a file, folder or '-' to check\n\nUsage: flux-oci check/);
    const missing = await cli(['check', 'no/such/dir'], { env: OFF });
    expect(missing).toEqual({ code: 2, stdout: '', stderr: 'flux-oci check: no/such/dir: cannot be read: no such file or folder\n' });
    expect((await cli(['check', '--format', 'xml', '-'])).code).toBe(2);
    expect((await cli(['check', '--flux-version', '3.0', '-'])).stderr).toMatch(/--flux-version '3\.0' is not a Flux release flux-oci knows/);
    const notUtf8 = mkdtempSync(join(tmpdir(), 'check-bytes-'));
    writeFileSync(join(notUtf8, 'bad.yaml'), Buffer.from([0x6b, 0x3a, 0x20, 0xff, 0xfe, 0x0a]));
    expect((await cli(['check', notUtf8], { env: OFF })).stderr).toMatch(/bad\.yaml: not UTF-8 text/);
  });

  test('folders: every *.yaml and *.yml below, in name order, hidden folders skipped', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'check-tree-'));
    mkdirSync(join(dir, 'b', 'deep'), { recursive: true });
    mkdirSync(join(dir, '.github'));
    copyFileSync(join(GUIDES, 'bitnami-mysql.yaml'), join(dir, 'b', 'deep', 'mysql.yml'));
    copyFileSync(join(GUIDES, 'aws-ecr.yaml'), join(dir, 'a.yaml'));
    writeFileSync(join(dir, '.github', 'ci.yaml'), 'apiVersion: helm.toolkit.fluxcd.io/v2beta1\nkind: HelmRelease\nmetadata: {name: hidden}\n');
    writeFileSync(join(dir, 'notes.txt'), 'apiVersion: helm.toolkit.fluxcd.io/v2beta1\n');
    const { report } = await checkJson([dir]);
    expect(report.summary).toMatchObject({ files: 2, fluxObjects: 6 });
    expect([...new Set(report.findings.map((f) => relative(dir, f.file)))]).toEqual(['a.yaml', join('b', 'deep', 'mysql.yml')]);
  });

  test('a kustomize tree (test/check/fixtures/kustomize-overlays): each overlay\'s object is checked as kustomize builds it, and a problem a patch brings is where the patch writes it', async () => {
    const tree = join('test', 'check', 'fixtures', 'kustomize-overlays');
    const { code, report } = await checkJson([tree]);
    expect(code).toBe(0);
    // The base's HelmRelease and HelmRepository once per overlay (the overlays' patches make the releases differ, so each overlay is a
    // build of its own); the patch files are not objects of their own.
    expect(report.summary).toMatchObject({ files: 9, fluxObjects: 4 });
    expect(report.findings.map((f) => `${f.severity} ${f.rule} ${relative(tree, f.file)}:${f.line}`)).toEqual([
      // podinfo's chart comes from an HTTPS Helm repository, which flux-oci does not read.
      `note not-checked ${join('apps', 'base', 'podinfo', 'release.yaml')}:12`,
    ]);
    expect(report.findings[0].message).toMatch(/^2 HelmReleases take their charts from an HTTP\(S\) Helm repository .* \(the first is HelmRelease podinfo\/podinfo \(as .*production.kustomization\.yaml builds it\)\)$/);

    // The staging overlay's JSON6902 patch (patchesJson6902, a file) writing an interval Flux refuses fails staging's object, at the patch.
    const copy = mkdtempSync(join(tmpdir(), 'check-overlays-'));
    cpSync(tree, copy, { recursive: true });
    writeFileSync(join(copy, 'apps', 'staging', 'interval-patch.yaml'), '- op: replace\n  path: /spec/interval\n  value: 10x\n');
    const broken = await checkJson([copy]);
    expect(broken.code).toBe(1);
    expect(broken.report.findings.filter((f) => f.severity === 'error').map((f) => `${f.rule} ${relative(copy, f.file)}:${f.line} ${f.pointer}`)).toEqual([
      `schema ${join('apps', 'staging', 'interval-patch.yaml')}:1 /spec/interval`,
    ]);

    // Without its kustomization the same file is an object like any other, checked as written.
    const alone = await checkJson([join(tree, 'apps', 'staging', 'podinfo-values.yaml')]);
    expect(alone.code).toBe(1);
    expect(alone.report.findings.filter((f) => f.rule === 'schema').map((f) => f.pointer)).toEqual(expect.arrayContaining(['/spec/interval', '/spec/chart/spec/chart']));
  });

  test('the same Flux object or Secret twice is a warning at the second, naming the first; another namespace or a ConfigMap is not', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'check-dup-'));
    const release = (namespace: string) => `apiVersion: helm.toolkit.fluxcd.io/v2\nkind: HelmRelease\nmetadata: {name: web, namespace: ${namespace}}\nspec:\n  interval: 10m\n  chartRef: {kind: OCIRepository, name: web}\n`;
    const others = 'apiVersion: v1\nkind: Secret\nmetadata: {name: pull, namespace: apps}\n---\napiVersion: v1\nkind: ConfigMap\nmetadata: {name: values, namespace: apps}\n';
    writeFileSync(join(dir, 'a.yaml'), `${release('apps')}---\n${others}`);
    writeFileSync(join(dir, 'b.yaml'), `${others}---\n${release('other')}---\n${release('apps')}`);
    const { report } = await checkJson([dir]);
    const duplicates = report.findings.filter((f) => f.rule === 'duplicate');
    expect(duplicates.map((f) => `${f.severity} ${relative(dir, f.file)}:${f.line} ${f.object?.kind}`)).toEqual(['warning b.yaml:1 Secret', 'warning b.yaml:16 HelmRelease']);
    expect(duplicates[1].message).toBe(`HelmRelease apps/web is also defined at ${join(dir, 'a.yaml')}:1: in one kustomize build that fails (an object may be there once), `
      + 'and applied by two Flux Kustomizations the two overwrite each other; fine only if the files are for different clusters');
  });

  test('charts flux-oci does not read (an HTTP(S) Helm repository, a Git path, a HelmChart) are one not-checked note per kind of source; an oci:// HelmRepository without type: oci is an error', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'check-unread-'));
    const repository = (name: string, spec: string) => `apiVersion: source.toolkit.fluxcd.io/v1\nkind: HelmRepository\nmetadata: {name: ${name}, namespace: apps}\nspec:\n  interval: 1h\n${spec}`;
    const release = (name: string, chart: string) => `apiVersion: helm.toolkit.fluxcd.io/v2\nkind: HelmRelease\nmetadata: {name: ${name}, namespace: apps}\nspec:\n  interval: 1h\n${chart}`;
    const fromSource = (kind: string, source: string) => `  chart:\n    spec:\n      chart: ./charts/web\n      version: 1.x\n      sourceRef: {kind: ${kind}, name: ${source}}\n`;
    writeFileSync(join(dir, 'apps.yaml'), [
      repository('podinfo', '  url: https://stefanprodan.github.io/podinfo\n'),
      repository('untyped', '  url: oci://ghcr.io/stefanprodan/charts\n'),
      'apiVersion: source.toolkit.fluxcd.io/v1\nkind: GitRepository\nmetadata: {name: charts, namespace: apps}\nspec:\n  interval: 1h\n  url: https://github.com/acme/charts\n  ref: {branch: main}\n',
      'apiVersion: source.toolkit.fluxcd.io/v1\nkind: HelmChart\nmetadata: {name: prebuilt, namespace: apps}\nspec:\n  interval: 1h\n  chart: web\n  sourceRef: {kind: HelmRepository, name: podinfo}\n',
      release('one', fromSource('HelmRepository', 'podinfo')),
      release('two', fromSource('HelmRepository', 'podinfo')),
      release('three', fromSource('GitRepository', 'charts')),
      release('four', '  chartRef: {kind: HelmChart, name: prebuilt}\n'),
    ].join('---\n'));
    const { code, report } = await checkJson([dir], { FLUX_OCI_RESOLVE: 'online' });
    expect(code).toBe(1);
    const findings = report.findings.filter((f) => f.rule !== 'no-schema'); // GitRepository and HelmChart
    expect(findings.map((f) => `${f.severity} ${f.rule} ${f.object?.kind} ${f.object?.name} ${f.pointer}`)).toEqual([
      'error registry HelmRepository untyped /spec/url',
      'note not-checked HelmRelease one /spec/chart/spec/sourceRef',
      'note not-checked HelmRelease three /spec/chart/spec/sourceRef',
      'note not-checked HelmRelease four /spec/chartRef',
    ]);
    expect(findings.map((f) => f.message)).toEqual([
      'HelmRepository apps/untyped: an oci:// URL needs spec.type: oci; without it source-controller reads the repository as an HTTP Helm repository, and downloading its index.yaml fails',
      '2 HelmReleases take their charts from an HTTP(S) Helm repository (its index.yaml), which flux-oci does not read: their chart version and values are not checked (the first is HelmRelease apps/one)',
      'HelmRelease apps/three takes its chart from a chart folder in a GitRepository or Bucket, which flux-oci does not read: its chart version and values are not checked',
      'HelmRelease apps/four takes its chart from a HelmChart, which flux-oci does not read: its chart version and values are not checked',
    ]);
  });

  test("a Kustomization or HelmRelease reading the cluster's sync source: its spec.path (or chart) must be in the Git working tree (a typo is an error with the closest folder); ${VAR} paths are not judged (unless the object opts out of substitution); outside a working tree, one note; other sources' paths, one note", async () => {
    const repo = mkdtempSync(join(tmpdir(), 'check-paths-'));
    mkdirSync(join(repo, '.git'));
    mkdirSync(join(repo, 'kubernetes', 'apps', 'default', 'web', 'app'), { recursive: true });
    mkdirSync(join(repo, 'clusters', 'prod'), { recursive: true });
    writeFileSync(join(repo, 'kubernetes', 'apps', 'default', 'web', 'README.md'), 'not a folder\n');
    mkdirSync(join(repo, 'kubernetes', 'components', 'anubis'), { recursive: true });
    mkdirSync(join(repo, 'charts', 'web', 'templates'), { recursive: true });
    writeFileSync(join(repo, 'charts', 'web', 'Chart.yaml'), 'apiVersion: v2\nname: web\nversion: 1.0.0\n');
    const release = (name: string, chart: string) => `apiVersion: helm.toolkit.fluxcd.io/v2\nkind: HelmRelease\nmetadata:\n  name: ${name}\n  namespace: flux-system\n`
      + `spec:\n  interval: 10m\n  chart:\n    spec:\n      chart: ${chart}\n      sourceRef:\n        kind: GitRepository\n        name: flux-system\n`;
    const kustomization = (name: string, path: string, source = 'flux-system', more = '') => `apiVersion: kustomize.toolkit.fluxcd.io/v1\nkind: Kustomization\nmetadata:\n  name: ${name}\n  namespace: flux-system\n`
      + `spec:\n  interval: 10m\n  prune: true\n  path: ${path}\n  sourceRef:\n    kind: GitRepository\n    name: ${source}\n${more}`;
    const components = (...list: string[]) => `  components:\n${list.map((c) => `    - ${c}\n`).join('')}`;
    const file = join(repo, 'clusters', 'prod', 'apps.yaml');
    writeFileSync(file, [
      kustomization('ok', './kubernetes/apps/default/web/app'),
      kustomization('bare', 'kubernetes/apps/default/web/app/'),
      kustomization('typo', './kubernetes/apps/defualt/web/app'),
      // securejoin keeps `..` inside the artifact: this is ./kubernetes, which is there.
      kustomization('escapes', '../../kubernetes'),
      kustomization('through-a-file', './kubernetes/apps/default/web/README.md/app'),
      kustomization('elsewhere', './does/not/matter', 'podinfo'),
      kustomization('templated', './kubernetes/apps/${CLUSTER}/web'),
      // Opted out of substitution: the controller reads the path as written.
      kustomization('opted-out', './kubernetes/apps/${CLUSTER}/web').replace('  namespace: flux-system\n', '  namespace: flux-system\n  labels:\n    kustomize.toolkit.fluxcd.io/substitute: disabled\n'),
      // Components are relative to the path (bjw-s-labs/home-ops writes them so).
      kustomization('composed', './kubernetes/apps/default/web/app', 'flux-system', components('../../../../components/anubis', '../../../../components/anubsi', 'https://github.com/acme/components//x')),
      kustomization('tolerant', './kubernetes/apps/default/web/app', 'flux-system', `${components('../../../../components/gone')}  ignoreMissingComponents: true\n`),
      // A chart in this repository: source-controller loads its Chart.yaml.
      release('chart-ok', './charts/web'),
      release('chart-typo', './charts/wbe'),
      release('chart-folder', './charts'),
    ].join('---\n'));
    const { code, report } = await checkJson([join(repo, 'clusters')]);
    expect(code).toBe(1);
    const paths = report.findings.filter((f) => f.rule === 'path');
    const text = readFileSync(file, 'utf8');
    expect(paths.map((f) => `${f.severity} ${f.rule} ${f.object?.name} ${f.line}`)).toEqual([
      `error path typo ${lineOf(text, 'defualt')}`,
      `error path through-a-file ${lineOf(text, 'README.md/app')}`,
      `error path opted-out ${text.split('\n').lastIndexOf('  path: ./kubernetes/apps/${CLUSTER}/web') + 1}`,
      `error path composed ${lineOf(text, 'anubsi')}`,
      `error path composed ${lineOf(text, 'https://github.com/acme')}`,
      `error path chart-typo ${lineOf(text, 'chart: ./charts/wbe')}`,
      `error path chart-folder ${text.split('\n').indexOf('      chart: ./charts') + 1}`,
    ]);
    expect(paths[0].message).toBe("Kustomization flux-system/typo spec.path './kubernetes/apps/defualt/web/app' is not in this repository: there is no './kubernetes/apps/defualt', "
      + `so kustomize-controller would fail with "kustomization path not found" (it reads GitRepository flux-system/flux-system, the cluster's sync source: this repository, ${repo}); `
      + "did you mean './kubernetes/apps/default/web/app'?");
    expect(paths[1].message).toContain("there is no './kubernetes/apps/default/web/README.md/app'");
    expect(paths[2].message).toContain("there is no './kubernetes/apps/${CLUSTER}'");
    expect(paths[3].message).toBe(`Kustomization flux-system/composed spec.components[1] '../../../../components/anubsi' (from './kubernetes/apps/default/web/app') is not in this repository (${repo}): `
      + "there is no './kubernetes/components/anubsi', so the kustomize build fails; did you mean './kubernetes/components/anubis'? (ignoreMissingComponents: true skips a missing component)");
    expect(paths[5].message).toBe("HelmRelease flux-system/chart-typo spec.chart.spec.chart './charts/wbe' is not in this repository: there is no './charts/wbe', "
      + `so source-controller cannot build the chart (it reads GitRepository flux-system/flux-system, the cluster's sync source: this repository, ${repo}); did you mean './charts/web'?`);
    expect(paths[6].message).toBe("HelmRelease flux-system/chart-folder spec.chart.spec.chart './charts' is a folder without a Chart.yaml, "
      + `so source-controller cannot load it as a chart (it reads GitRepository flux-system/flux-system, the cluster's sync source: this repository, ${repo})`);
    expect(paths[4].message).toBe("Kustomization flux-system/composed spec.components[2] 'https://github.com/acme/components//x' must be a local relative path (kustomize-controller refuses it)");

    // The same files outside a Git working tree: where the repository's root is, is unknown.
    const loose = mkdtempSync(join(tmpdir(), 'check-paths-loose-'));
    copyFileSync(file, join(loose, 'apps.yaml'));
    const unrooted = await checkJson([loose]);
    expect(unrooted.code).toBe(0);
    const notes = unrooted.report.findings.filter((f) => f.pointer === '/spec/path');
    expect(notes.map((f) => `${f.severity} ${f.rule} ${f.object?.name}`)).toEqual(['note not-checked ok', 'note not-checked elsewhere']);
    expect(notes[0].message).toBe("the paths of 11 Kustomizations and HelmReleases into the cluster's sync source are not checked: no Git working tree (.git) is around their files, "
      + "so the repository's root is unknown (nor are the values of the charts HelmReleases take from it)");
    // Another source's paths are not checked, inside a working tree or not.
    expect(notes[1].message).toBe('the spec.path of Kustomization flux-system/elsewhere is not checked: it reads GitRepository flux-system/podinfo, not known to be this working tree '
      + "(only the cluster's sync source and a GitRepository of this repository's URL on the sync's branch are), and flux-oci does not fetch other repositories or revisions");
    expect(report.findings.filter((f) => f.rule === 'not-checked' && f.object?.name === 'elsewhere')).toHaveLength(1);

    // kustomize build output on stdin: no repository to look in either.
    const piped = await cli(['check', '--json', '-'], { cwd: repo, env: OFF, stdin: readFileSync(file, 'utf8') });
    const pipedNotes = (JSON.parse(piped.stdout) as JsonReport).findings.filter((f) => f.pointer === '/spec/path');
    expect(pipedNotes.map((f) => f.message)).toEqual(["the paths of 11 Kustomizations and HelmReleases into the cluster's sync source are not checked: "
      + "read from standard input, not from a Git working tree, so the repository's root is unknown (nor are the values of the charts HelmReleases take from it)", notes[1].message]);
  });

  test("a HelmRelease's chart folder in this repository is read from disk and its values checked against it, valuesFiles read from the repository's root; one whose dependencies are fetched at build is said not to be", async () => {
    const repo = mkdtempSync(join(tmpdir(), 'check-local-chart-'));
    mkdirSync(join(repo, '.git'));
    const chart = (name: string, extra = '') => {
      mkdirSync(join(repo, 'charts', name, 'templates'), { recursive: true });
      writeFileSync(join(repo, 'charts', name, 'Chart.yaml'), `apiVersion: v2\nname: ${name}\nversion: 1.0.0\n${extra}`);
      writeFileSync(join(repo, 'charts', name, 'values.yaml'), 'replicaCount: 1\nimage:\n  tag: latest\n');
      writeFileSync(join(repo, 'charts', name, 'values.schema.json'), JSON.stringify({ type: 'object', properties: { replicaCount: { type: 'integer', minimum: 1 } } }));
      writeFileSync(join(repo, 'charts', name, 'templates', 'deployment.yaml'), 'replicas: {{ .Values.replicaCount }}\nimage: {{ .Values.image.tag }}\n');
    };
    chart('web');
    chart('api', 'dependencies:\n  - name: redis\n    version: 19.x\n    repository: oci://registry-1.docker.io/bitnamicharts\n');
    const release = (name: string, path: string, rest: string) => `apiVersion: helm.toolkit.fluxcd.io/v2\nkind: HelmRelease\nmetadata:\n  name: ${name}\n  namespace: flux-system\n`
      + `spec:\n  interval: 10m\n  chart:\n    spec:\n      chart: ${path}\n      sourceRef:\n        kind: GitRepository\n        name: flux-system\n${rest}`;
    writeFileSync(join(repo, 'releases.yaml'), [
      release('web', './charts/web', '  values:\n    replicaCount: 0\n    image:\n      tga: v2\n'),
      release('web-ok', './charts/web', '  values:\n    replicaCount: 3\n'),
      release('api', './charts/api', '  values:\n    replicaCount: 0\n'),
      // valuesFiles replace the chart's values.yaml, read from the repository's root (the chart's own values.yaml only when listed).
      release('files', './charts/web', '      valuesFiles:\n        - ./charts/web/values.yaml\n        - ../../env/prod-values.yaml\n  values:\n    image:\n      tag: v2\n'),
      release('files-missing', './charts/web', '      valuesFiles:\n        - env/staging-values.yaml\n'),
      release('files-tolerated', './charts/web', '      valuesFiles:\n        - env/staging-values.yaml\n      ignoreMissingValuesFiles: true\n'),
      release('files-templated', './charts/web', '      valuesFiles:\n        - env/${CLUSTER}-values.yaml\n'),
    ].join('---\n'));
    mkdirSync(join(repo, 'env'));
    writeFileSync(join(repo, 'env', 'prod-values.yaml'), 'replicaCount: 0\n');
    const { code, report } = await checkJson([join(repo, 'releases.yaml')]);
    expect(code).toBe(1);
    const findings = report.findings.filter((f) => f.rule === 'values' || f.rule === 'not-checked');
    expect(findings.map((f) => `${f.severity} ${f.rule} ${f.object?.name} ${f.pointer}`)).toEqual([
      'error values web /spec/values',
      'warning values web /spec/values',
      'note not-checked api /spec/chart/spec/chart',
      'error values files /spec/values',
      'error values files-missing /spec/chart',
      'note not-checked files-templated /spec/chart/spec/chart',
    ]);
    expect(findings.map((f) => f.message)).toEqual([
      'HelmRelease flux-system/web: values of chart web@1.0.0 at /replicaCount: minimum: got 0, want 1 (values.schema.json of web)',
      "HelmRelease flux-system/web: values of chart web@1.0.0 at /image/tga: 'tga' is not a value this chart knows (not in its values.yaml, schema or templates); Helm ignores it; did you mean 'tag'?",
      'HelmRelease flux-system/api: values not checked: chart ./charts/api depends on redis, not in its charts/ folder; source-controller fetches it when it builds the chart',
      'HelmRelease flux-system/files: values of chart web@1.0.0 at /replicaCount: minimum: got 0, want 1 (values.schema.json of web)',
      "HelmRelease flux-system/files-missing: values of chart web@1.0.0: Flux would fail: no values file found at path 'env/staging-values.yaml', so source-controller cannot build the chart (ignoreMissingValuesFiles: true skips a missing one)",
      "HelmRelease flux-system/files-templated: values not checked: valuesFiles[0] 'env/${CLUSTER}-values.yaml' holds the Flux variable ${CLUSTER}, known only once a Kustomization substitutes it",
    ]);
  });

  test('what a kustomization names must be there (a file, or a folder holding a kustomization): an error where something builds it, a warning for a folder nothing in the files builds (buroa/k8s-gitops had one)', async () => {
    const repo = mkdtempSync(join(tmpdir(), 'check-entries-'));
    mkdirSync(join(repo, '.git'));
    for (const folder of ['clusters/prod', 'apps/web/sub', 'apps/base', 'apps/old']) mkdirSync(join(repo, ...folder.split('/')), { recursive: true });
    const k = (fields: string) => `apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\n${fields}`;
    writeFileSync(join(repo, 'clusters', 'prod', 'apps.yaml'), 'apiVersion: kustomize.toolkit.fluxcd.io/v1\nkind: Kustomization\nmetadata:\n  name: web\n  namespace: flux-system\n'
      + 'spec:\n  interval: 10m\n  prune: true\n  path: ./apps/web\n  sourceRef:\n    kind: GitRepository\n    name: flux-system\n');
    const release = 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: web\n';
    writeFileSync(join(repo, 'apps', 'web', 'release.yaml'), release);
    writeFileSync(join(repo, 'apps', 'web', 'sub', 'extra.yaml'), release);
    writeFileSync(join(repo, 'apps', 'web', 'kustomization.yaml'), k('resources:\n  - release.yaml\n  - missing.yaml\n  - ./sub\n  - ../base\n  - https://github.com/acme/remote//base\n'
      + 'components:\n  - ../components/monitoring\npatches:\n  - path: patch.yaml\n'
      + 'configMapGenerator:\n  - name: dashboards\n    files:\n      - web.json=release.yaml\n      - dashboards/web.json\n    envs:\n      - web.env\n'));
    writeFileSync(join(repo, 'apps', 'base', 'release.yaml'), release);
    writeFileSync(join(repo, 'apps', 'base', 'kustomization.yaml'), k('resources:\n  - relase.yaml\n'));
    writeFileSync(join(repo, 'apps', 'old', 'kustomization.yaml'), k('resources:\n  - gone.yaml\n'));
    const { code, report } = await checkJson([repo]);
    expect(code).toBe(1);
    const paths = report.findings.filter((f) => f.rule === 'path');
    expect(paths.map((f) => `${f.severity} ${relative(repo, f.file)}:${f.line} ${f.pointer}`)).toEqual([
      `error ${join('apps', 'base', 'kustomization.yaml')}:4 /resources/0`,
      `warning ${join('apps', 'old', 'kustomization.yaml')}:4 /resources/0`,
      `error ${join('apps', 'web', 'kustomization.yaml')}:5 /resources/1`,
      `error ${join('apps', 'web', 'kustomization.yaml')}:6 /resources/2`,
      `error ${join('apps', 'web', 'kustomization.yaml')}:10 /components/0`,
      `error ${join('apps', 'web', 'kustomization.yaml')}:12 /patches/0/path`,
      `error ${join('apps', 'web', 'kustomization.yaml')}:17 /configMapGenerator/0/files/1`,
      `error ${join('apps', 'web', 'kustomization.yaml')}:19 /configMapGenerator/0/envs/0`,
    ]);
    const shown = (file: string) => join(repo, 'apps', file, 'kustomization.yaml');
    expect(paths.map((f) => f.message)).toEqual([
      `${shown('base')} resources[0] 'relase.yaml' is not there, so kustomize build of ${join(repo, 'apps', 'base')} fails; did you mean 'release.yaml'?`,
      `${shown('old')} resources[0] 'gone.yaml' is not there, so kustomize build of ${join(repo, 'apps', 'old')} fails `
        + "(nothing in these files builds that folder: no kustomization includes it and no Kustomization's spec.path names it; fine if it is left over)",
      `${shown('web')} resources[1] 'missing.yaml' is not there, so kustomize build of ${join(repo, 'apps', 'web')} fails`,
      `${shown('web')} resources[2] './sub' is a folder without a kustomization file (kustomize reads a folder only through one), so kustomize build of ${join(repo, 'apps', 'web')} fails`,
      `${shown('web')} components[0] '../components/monitoring' is not there, so kustomize build of ${join(repo, 'apps', 'web')} fails`,
      `${shown('web')} patches[0].path 'patch.yaml' is not there, so kustomize build of ${join(repo, 'apps', 'web')} fails`,
      `${shown('web')} configMapGenerator[0].files[1] 'dashboards/web.json' is not there, so kustomize build of ${join(repo, 'apps', 'web')} fails`,
      `${shown('web')} configMapGenerator[0].envs[0] 'web.env' is not there, so kustomize build of ${join(repo, 'apps', 'web')} fails`,
    ]);
  });

  test('what kustomize-controller cannot build (it runs kustomize with Helm off and builtin plugins only): helmCharts and an external plugin are errors where a Flux build reads the kustomization, through an overlay too; a builtin it lists is a note; one the sync never reaches, nothing; checked alone, a note', async () => {
    const { repo, write } = workingTree('check-kustomize-build-');
    writeGitSync(write);
    const k = (fields: string) => `apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\n${fields}`;
    write('clusters/prod/apps.yaml', 'apiVersion: kustomize.toolkit.fluxcd.io/v1\nkind: Kustomization\nmetadata:\n  name: apps\n  namespace: flux-system\n'
      + 'spec:\n  interval: 10m\n  prune: true\n  path: ./apps/prod\n  sourceRef:\n    kind: GitRepository\n    name: flux-system\n');
    write('apps/prod/kustomization.yaml', k('resources:\n  - ../base\ntransformers:\n  - labels.yaml\n  - |\n    apiVersion: fn.example.com/v1\n    kind: SetNamespace\n'
      + '    metadata:\n      name: ns\n  - missing.yaml\nvalidators:\n  - |\n    apiVersion: builtin\n    kind: NoSuchValidator\n    metadata:\n      name: v\n'));
    write('apps/prod/labels.yaml', 'apiVersion: builtin\nkind: LabelTransformer\nmetadata:\n  name: labels\nlabels:\n  env: prod\nfieldSpecs:\n  - path: metadata/labels\n    create: true\n');
    write('apps/base/kustomization.yaml', k('resources:\n  - configmap.yaml\nhelmCharts:\n  - name: podinfo\n    repo: oci://ghcr.io/stefanprodan/charts\n    version: 6.7.0\n'
      + 'generators:\n  - gen.json\n'));
    // A configuration the folder walk does not read (.json) is read from disk.
    write('apps/base/gen.json', '{"apiVersion": "example.com/v1", "kind": "Gen", "metadata": {"name": "g"}}\n');
    write('apps/base/configmap.yaml', 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: web\n');
    // Built by hand (kustomize build --enable-helm), as bootstrap folders are: the sync never reaches it.
    write('bootstrap/cilium/kustomization.yaml', k('helmCharts:\n  - name: cilium\n    repo: https://helm.cilium.io\n    version: 1.16.0\n'));
    const { code, report } = await checkJson([repo]);
    expect(code).toBe(1);
    const shown = (...path: string[]) => join(repo, ...path);
    const by = `(as Kustomization flux-system/apps in ${shown('clusters', 'prod', 'apps.yaml')} builds it)`;
    const found = report.findings.filter((f) => f.rule === 'kustomize-build' || f.file.includes('bootstrap') || f.rule === 'path');
    expect(found.map((f) => `${f.severity} ${f.rule} ${relative(repo, f.file)}:${f.line} ${f.pointer}`)).toEqual([
      `error kustomize-build ${join('apps', 'base', 'kustomization.yaml')}:5 /helmCharts`,
      `error kustomize-build ${join('apps', 'base', 'kustomization.yaml')}:10 /generators/0`,
      `note kustomize-build ${join('apps', 'prod', 'kustomization.yaml')}:6 /transformers/0`,
      `error kustomize-build ${join('apps', 'prod', 'kustomization.yaml')}:7 /transformers/1`,
      `error path ${join('apps', 'prod', 'kustomization.yaml')}:12 /transformers/2`,
      `error kustomize-build ${join('apps', 'prod', 'kustomization.yaml')}:14 /validators/0`,
    ]);
    const prod = shown('apps', 'prod', 'kustomization.yaml');
    expect(found.map((f) => f.message)).toEqual([
      `${shown('apps', 'base', 'kustomization.yaml')} helmCharts: kustomize-controller runs kustomize with Helm disabled, so kustomize build of ${shown('apps', 'base')} ${by} fails: `
        + '"must specify --enable-helm"; install chart \'podinfo\' with a HelmRelease instead',
      `${shown('apps', 'base', 'kustomization.yaml')} generators[0] 'gen.json' configures example.com/v1 Gen, an external plugin: kustomize-controller runs kustomize `
        + `with its builtin plugins only, so kustomize build of ${shown('apps', 'base')} ${by} fails: "external plugins disabled; unable to load external plugin 'Gen'"`,
      `${prod} transformers[0] 'labels.yaml' configures builtin LabelTransformer, which flux-oci does not apply: the objects ${shown('apps', 'prod')} builds are checked as its other fields make them`,
      `${prod} transformers[1] configures fn.example.com/v1 SetNamespace, an external plugin: kustomize-controller runs kustomize with its builtin plugins only, `
        + `so kustomize build of ${shown('apps', 'prod')} ${by} fails: "external plugins disabled; unable to load external plugin 'SetNamespace'"`,
      `${prod} transformers[2] 'missing.yaml' is not there, so kustomize build of ${shown('apps', 'prod')} fails`,
      `${prod} validators[0] kind NoSuchValidator is not one of kustomize's builtin plugins, so kustomize build of ${shown('apps', 'prod')} ${by} fails: "unable to load builtin NoSuchValidator"`,
    ]);
    // The plugin's configuration is not an object the build applies.
    expect(report.findings.filter((f) => f.file.endsWith('labels.yaml'))).toEqual([]);
    // Named relative to where check runs, the .json configuration is still read beside its kustomization on disk.
    const relativeRun = await checkJson([relative(ROOT, repo)]);
    expect(relativeRun.report.findings.filter((f) => f.pointer === '/generators/0').map((f) => f.rule)).toEqual(['kustomize-build']);
    // Checked alone, nothing tells whether a Flux build reads the folder.
    const alone = await checkJson([shown('bootstrap')]);
    expect(alone.code).toBe(0);
    expect(alone.report.findings.map((f) => `${f.severity} ${f.rule} ${f.message}`)).toEqual([
      `note kustomize-build ${shown('bootstrap', 'cilium', 'kustomization.yaml')} helmCharts: kustomize-controller runs kustomize with Helm disabled, `
        + `so a Flux Kustomization building ${shown('bootstrap', 'cilium')} would fail (none in these files builds it): "must specify --enable-helm"`,
    ]);
  });

  test('--ignore-paths leaves out of the folder walk what a gitignore pattern matches (an archive of an old cluster, Ramblurr/home-ops), relative to each folder; a file named on its own is read', async () => {
    const { repo, write } = workingTree('check-ignore-paths-');
    const release = (interval: string) => 'apiVersion: helm.toolkit.fluxcd.io/v2\nkind: HelmRelease\nmetadata:\n  name: web\n  namespace: apps\n'
      + `spec:\n  interval: ${interval}\n  chart:\n    spec:\n      chart: web\n      sourceRef:\n        kind: HelmRepository\n        name: charts\n`;
    write('apps/web.yaml', release('10m'));
    write('archive/old-cluster/apps/web.yaml', release('soon'));
    write('apps/web.old.yaml', release('later'));
    const schemaFiles = (report: JsonReport) => report.findings.filter((f) => f.rule === 'schema').map((f) => relative(repo, f.file)).sort();
    const all = await checkJson([repo]);
    expect(schemaFiles(all.report)).toEqual([join('apps', 'web.old.yaml'), join('archive', 'old-cluster', 'apps', 'web.yaml')]);
    const ignored = await checkJson([repo, '--ignore-paths', 'archive/', '--ignore-paths=*.old.yaml']);
    expect(ignored.code).toBe(0);
    expect(schemaFiles(ignored.report)).toEqual([]);
    expect(ignored.report.summary.files).toBe(1);
    // Patterns are relative to each folder given: '/old-cluster' is anchored at archive/ here.
    const below = await checkJson([join(repo, 'archive'), '--ignore-paths', '/old-cluster']);
    expect(below.report.summary.files).toBe(0);
    // A file named on the command line is read whatever the patterns say.
    const named = await checkJson([join(repo, 'apps', 'web.old.yaml'), '--ignore-paths', '*.old.yaml']);
    expect(schemaFiles(named.report)).toEqual([join('apps', 'web.old.yaml')]);
  });

  test("two clusters' folders (test/check/fixtures/two-clusters): the same Kustomizations are one per cluster, not duplicates, and the ExternalArtifacts their ArtifactGenerators make are not dangling", async () => {
    const tree = join('test', 'check', 'fixtures', 'two-clusters');
    const { code, report } = await checkJson([tree]);
    expect(code).toBe(0);
    expect(report.summary).toMatchObject({ errors: 0, warnings: 0 });
    expect(report.findings.filter((f) => f.rule === 'duplicate' || f.rule === 'reference')).toEqual([]);

    // Without the bootstrap folders the two copies are duplicates; without the generators the artifacts are unknown
    // (and without infrastructure.yaml, so is the Kustomization they depend on).
    const dir = mkdtempSync(join(tmpdir(), 'check-clusters-'));
    for (const cluster of ['production', 'staging']) {
      mkdirSync(join(dir, cluster));
      copyFileSync(join(ROOT, tree, 'clusters', cluster, 'apps.yaml'), join(dir, cluster, 'apps.yaml'));
    }
    const flat = await checkJson([dir]);
    expect(flat.report.findings.map((f) => `${f.severity} ${f.rule} ${relative(dir, f.file)} ${f.pointer ?? ''}`)).toEqual([
      `warning reference ${join('production', 'apps.yaml')} /spec/dependsOn/0`,
      `warning reference ${join('production', 'apps.yaml')} /spec/sourceRef`,
      `warning duplicate ${join('staging', 'apps.yaml')} `,
      `warning reference ${join('staging', 'apps.yaml')} /spec/dependsOn/0`,
      `warning reference ${join('staging', 'apps.yaml')} /spec/sourceRef`,
    ]);
    expect(flat.report.findings[1].message).toContain('names ExternalArtifact flux-system/apps, which is not in the files checked');
  });

  test("a kustomization's namespace: field puts the objects it lists in that namespace: tenant folders that each hold GitRepository flux-apps are not duplicates, and each reference resolves in its own namespace", async () => {
    const dir = mkdtempSync(join(tmpdir(), 'check-tenants-'));
    const tenant = (name: string, secret: boolean) => {
      mkdirSync(join(dir, 'tenants', name), { recursive: true });
      writeFileSync(join(dir, 'tenants', name, 'kustomization.yaml'), `apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\nnamespace: ${name}\nresources:\n  - sync.yaml\n${secret ? '  - secret.yaml\n' : ''}`);
      writeFileSync(join(dir, 'tenants', name, 'sync.yaml'), 'apiVersion: source.toolkit.fluxcd.io/v1\nkind: OCIRepository\nmetadata:\n  name: flux-apps\nspec:\n  interval: 1m\n'
        + '  url: oci://ghcr.io/acme/apps\n  ref:\n    tag: latest\n  secretRef:\n    name: pull\n---\n'
        + 'apiVersion: kustomize.toolkit.fluxcd.io/v1\nkind: Kustomization\nmetadata:\n  name: apps\nspec:\n  interval: 10m\n  path: ./\n  prune: true\n  sourceRef:\n    kind: OCIRepository\n    name: flux-apps\n');
      if (secret) writeFileSync(join(dir, 'tenants', name, 'secret.yaml'), 'apiVersion: v1\nkind: Secret\nmetadata:\n  name: pull\ntype: kubernetes.io/dockerconfigjson\nstringData:\n  .dockerconfigjson: \'{"auths":{"ghcr.io":{"auth":"dXNlcjpwYXNz"}}}\'\n');
    };
    tenant('frontend', true);
    tenant('backend', false);
    const { report } = await checkJson([dir]);
    expect(report.findings.filter((f) => f.rule === 'duplicate')).toEqual([]);
    // frontend's Secret is not backend's: backend's OCIRepository names a Secret the files do not have in its namespace.
    const references = report.findings.filter((f) => f.rule === 'reference');
    expect(references.map((f) => `${f.severity} ${relative(dir, f.file)} ${f.pointer}`)).toEqual([`warning ${join('tenants', 'backend', 'sync.yaml')} /spec/secretRef`]);
    expect(references[0].message).toBe('OCIRepository flux-apps spec.secretRef names Secret backend/pull, which is not in the files checked (fine if it exists in the cluster; what it holds is not checked)');
  });

  test("references to the cluster's sync source (a source named after its namespace, as flux bootstrap and a FluxInstance make it) are one note; other dangling references stay warnings", async () => {
    const dir = mkdtempSync(join(tmpdir(), 'check-sync-'));
    const kustomization = (name: string, source: string, namespace = 'flux-system') => `apiVersion: kustomize.toolkit.fluxcd.io/v1\nkind: Kustomization\nmetadata: {name: ${name}, namespace: ${namespace}}\n`
      + `spec:\n  interval: 10m\n  path: ./apps/${name}\n  prune: true\n  sourceRef: {kind: GitRepository, name: ${source}, namespace: flux-system}\n`;
    writeFileSync(join(dir, 'apps.yaml'), [kustomization('web', 'flux-system'), kustomization('api', 'flux-system', 'apps'), kustomization('db', 'fleet'), kustomization('jobs', 'flux-system')].join('---\n'));
    const { code, report } = await checkJson([dir]);
    expect(code).toBe(0);
    const references = report.findings.filter((f) => f.rule === 'reference');
    expect(references.map((f) => `${f.severity} ${f.line} ${f.object?.name}`)).toEqual(['note 8 web', 'warning 26 db']);
    expect(references[0].message).toBe("3 objects name GitRepository flux-system/flux-system, the cluster's sync source (flux bootstrap and a FluxInstance name it after its namespace); "
      + 'it is not in the files checked, so what it holds is not checked');
  });

  test("a FluxInstance's sync named in spec.sync.name (rwlove/home-ops names it home-ops-kubernetes) is the cluster's sync source: references to it are one note, and its Kustomizations' paths are checked", async () => {
    const { repo, write } = workingTree('check-sync-name-');
    const ks = (name: string, path: string) => `apiVersion: kustomize.toolkit.fluxcd.io/v1\nkind: Kustomization\nmetadata:\n  name: ${name}\n  namespace: flux-system\n`
      + `spec:\n  interval: 1h\n  prune: true\n  path: ${path}\n  sourceRef:\n    kind: GitRepository\n    name: home-ops-kubernetes\n`;
    write('kubernetes/flux/instance.yaml', 'apiVersion: fluxcd.controlplane.io/v1\nkind: FluxInstance\nmetadata:\n  name: flux\n  namespace: flux-system\nspec:\n'
      + '  distribution:\n    version: 2.x\n    registry: ghcr.io/fluxcd\n  sync:\n    kind: GitRepository\n    name: home-ops-kubernetes\n'
      + '    url: https://github.com/acme/ops.git\n    ref: refs/heads/main\n    path: kubernetes/flux/cluster\n');
    write('kubernetes/flux/cluster/apps.yaml', `${ks('cluster-apps', './kubernetes/apps')}---\n${ks('typo', './kubernetes/aps')}`);
    write('kubernetes/apps/config.yaml', 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: apps\n  namespace: default\n');
    const { report } = await checkJson([repo]);
    expect(report.findings.filter((f) => f.rule === 'reference' || f.rule === 'path').map((f) => `${f.severity} ${f.rule} ${f.object?.name} ${f.message.split(repo).join('<repo>')}`)).toEqual([
      "note reference cluster-apps 2 objects name GitRepository flux-system/home-ops-kubernetes, the cluster's sync source (FluxInstance flux-system/flux names it in its sync's name); "
        + 'it is not in the files checked, so what it holds is not checked',
      "error path typo Kustomization flux-system/typo spec.path './kubernetes/aps' is not in this repository: there is no './kubernetes/aps', "
        + "so kustomize-controller would fail with \"kustomization path not found\" (it reads GitRepository flux-system/home-ops-kubernetes, the cluster's sync source: this repository, <repo>); "
        + "did you mean './kubernetes/apps'?",
    ]);
  });

  test("the spec.ignore a patch in bootstrap's kustomization.yaml sets on the sync GitRepository decides what the artifact holds", async () => {
    const { repo, write } = workingTree('check-bootstrap-ignore-');
    const ks = (name: string, path: string) => `apiVersion: kustomize.toolkit.fluxcd.io/v1\nkind: Kustomization\nmetadata:\n  name: ${name}\n  namespace: flux-system\n`
      + `spec:\n  interval: 1h\n  prune: true\n  path: ${path}\n  sourceRef:\n    kind: GitRepository\n    name: flux-system\n`;
    write('clusters/prod/flux-system/gotk-sync.yaml', 'apiVersion: source.toolkit.fluxcd.io/v1\nkind: GitRepository\nmetadata:\n  name: flux-system\n  namespace: flux-system\n'
      + `spec:\n  interval: 1m\n  url: ssh://git@github.com/acme/ops\n  ref:\n    branch: main\n---\n${ks('flux-system', './clusters/prod')}`);
    write('clusters/prod/flux-system/kustomization.yaml', 'apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\nresources: [gotk-sync.yaml]\n'
      + 'patches:\n  - target: {kind: GitRepository, name: flux-system}\n    patch: |\n      - op: add\n        path: /spec/ignore\n        value: |\n          /docs/\n');
    write('clusters/prod/apps.yaml', `${ks('apps', './apps')}---\n${ks('docs', './docs')}`);
    write('apps/config.yaml', 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: apps\n  namespace: default\n');
    write('docs/config.yaml', 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: docs\n  namespace: default\n');
    const { report } = await checkJson([repo]);
    expect(report.findings.filter((f) => f.rule === 'path').map((f) => `${f.severity} ${f.object?.name} ${f.message}`)).toEqual([
      expect.stringMatching(/^error docs Kustomization flux-system\/docs spec.path '.\/docs' is left out of the artifact .* for GitRepository flux-system\/flux-system: '\/docs\/'/),
    ]);
    expect(report.findings.filter((f) => f.rule === 'not-checked' && /artifact/.test(f.message))).toEqual([]);
  });

  test("the spec.ignore a FluxInstance's kustomize.patches set on its GitRepository (tyriis/home-ops) decides what the artifact holds: a path outside it fails, and files outside it are not applied", async () => {
    const { repo, write } = workingTree('check-instance-ignore-');
    const ks = (name: string, path: string) => `apiVersion: kustomize.toolkit.fluxcd.io/v1\nkind: Kustomization\nmetadata:\n  name: ${name}\n  namespace: flux-system\n`
      + `spec:\n  interval: 1h\n  prune: true\n  path: ${path}\n  sourceRef:\n    kind: GitRepository\n    name: flux-system\n`;
    write('kubernetes/flux/instance.yaml', 'apiVersion: fluxcd.controlplane.io/v1\nkind: FluxInstance\nmetadata:\n  name: flux\n  namespace: flux-system\nspec:\n'
      + '  distribution:\n    version: 2.x\n    registry: ghcr.io/fluxcd\n  sync:\n    kind: GitRepository\n'
      + '    url: https://github.com/acme/ops.git\n    ref: refs/heads/main\n    path: kubernetes/flux/cluster\n'
      + '  kustomize:\n    patches:\n      - target:\n          kind: GitRepository\n          name: flux-system\n'
      + '        patch: |\n          - op: add\n            path: /spec/ignore\n            value: |\n              /*\n              !/kubernetes\n');
    write('kubernetes/flux/cluster/apps.yaml', `${ks('apps', './kubernetes/apps')}---\n${ks('docs', './docs/examples')}`);
    write('kubernetes/apps/config.yaml', 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: apps\n  namespace: default\n');
    write('docs/examples/config.yaml', 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: example\n  namespace: default\n');
    const { report } = await checkJson([repo]);
    expect(report.findings.filter((f) => f.rule === 'path').map((f) => `${f.severity} ${f.object?.name} ${f.message.split(repo).join('<repo>')}`)).toEqual([
      expect.stringMatching(/^error docs Kustomization flux-system\/docs spec.path '.\/docs\/examples' is left out of the artifact source-controller makes of this repository for the GitRepository of FluxInstance flux-system\/flux: '\/\*'/),
    ]);
    // Set aside: the file the artifact leaves out, and the instance's own file (outside the folder its sync starts at).
    expect(report.summary.notApplied).toBe(2);

    // Another cluster's instance syncing from an OCI artifact (tyriis/home-ops' development cluster): what it applies is not known, so nothing
    // is set aside as never applied, but the Git cluster's artifact still decides its paths.
    write('dev/instance.yaml', 'apiVersion: fluxcd.controlplane.io/v1\nkind: FluxInstance\nmetadata:\n  name: flux\n  namespace: flux-system\nspec:\n'
      + '  distribution:\n    version: 2.x\n    registry: ghcr.io/fluxcd\n  sync:\n    kind: OCIRepository\n    url: oci://registry.local/dev\n    ref: latest\n    path: ./dev\n');
    const withOci = (await checkJson([repo])).report;
    expect(withOci.summary.notApplied).toBe(0);
    expect(withOci.findings.filter((f) => f.rule === 'path').map((f) => f.object?.name)).toEqual(['docs']);
  });

  test("a ConfigMap a kustomization generates is what a HelmRelease's valuesFrom reads: its values are checked against the chart; a hashed name kustomize does not write into the reference is an error (a warning when optional)", async () => {
    const { repo, write } = workingTree('check-generated-values-');
    writeGitSync(write);
    write('clusters/prod/apps.yaml', 'apiVersion: kustomize.toolkit.fluxcd.io/v1\nkind: Kustomization\nmetadata:\n  name: apps\n  namespace: flux-system\n'
      + 'spec:\n  interval: 1h\n  prune: true\n  path: ./apps\n  sourceRef:\n    kind: GitRepository\n    name: flux-system\n');
    write('charts/web/Chart.yaml', 'apiVersion: v2\nname: web\nversion: 1.0.0\n');
    write('charts/web/values.yaml', 'replicas: 1\n');
    write('charts/web/values.schema.json', '{"type":"object","properties":{"replicas":{"type":"integer"}}}\n');
    const release = (valuesFrom: string) => 'apiVersion: helm.toolkit.fluxcd.io/v2\nkind: HelmRelease\nmetadata:\n  name: web\n  namespace: default\nspec:\n  interval: 1h\n'
      + '  chart:\n    spec:\n      chart: ./charts/web\n      sourceRef:\n        kind: GitRepository\n        name: flux-system\n        namespace: flux-system\n'
      + `  valuesFrom:\n${valuesFrom}`;
    write('apps/web/helmrelease.yaml', release('    - kind: ConfigMap\n      name: web-values\n'));
    write('apps/web/helm/values.yaml', 'replicas: many\n');
    write('apps/web/helm/kustomizeconfig.yaml', 'nameReference:\n  - kind: ConfigMap\n    version: v1\n    fieldSpecs:\n      - path: spec/valuesFrom/name\n        kind: HelmRelease\n');
    const kustomization = (extra: string) => 'apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\nnamespace: default\nresources:\n  - ./helmrelease.yaml\n'
      + `configMapGenerator:\n  - name: web-values\n    files:\n      - values.yaml=./helm/values.yaml\n${extra}`;
    const findings = async () => (await checkJson([repo])).report.findings.filter((f) => f.rule === 'values' || f.rule === 'reference' || f.pointer?.startsWith('/spec/valuesFrom'))
      .map((f) => `${f.severity} ${f.rule} ${relative(repo, f.file)}:${f.line} ${f.message.split(repo).join('<repo>')}`);
    const valuesError = `error values ${join('apps', 'web', 'helmrelease.yaml')}:15 HelmRelease default/web: values of chart web@1.0.0 at /replicas: got string, want integer (values.schema.json of web)`;

    // The generated name carries no hash: the release reads it, and its values fail the chart's schema.
    write('apps/web/kustomization.yaml', kustomization('    options:\n      disableNameSuffixHash: true\n'));
    expect(await findings()).toEqual([valuesError]);

    // Hashed, with the configuration that writes the hashed name into valuesFrom (as home-ops repositories' helm/kustomizeconfig.yaml): the same.
    write('apps/web/kustomization.yaml', `${kustomization('')}configurations:\n  - ./helm/kustomizeconfig.yaml\n`);
    expect(await findings()).toEqual([valuesError]);

    // Hashed without it: helm-controller looks for web-values, which is not there.
    write('apps/web/kustomization.yaml', kustomization(''));
    const hashed = `${join('apps', 'web', 'helmrelease.yaml')}:16 HelmRelease default/web spec.valuesFrom[0] names ConfigMap web-values, which ${join('<repo>', 'apps', 'web', 'kustomization.yaml')} `
      + 'configMapGenerator[0] generates as web-values-<hash of its content>, and no nameReference configuration makes kustomize write that name into spec/valuesFrom/name, so ';
    const fix = "list a configurations: file with a ConfigMap nameReference for HelmRelease spec/valuesFrom/name, or set the generator's options.disableNameSuffixHash: true";
    // The values check then does not know the values (a warning of its own).
    const unknown = `warning values ${join('apps', 'web', 'helmrelease.yaml')}:15 HelmRelease default/web: values of chart web@1.0.0 at the top level: `
      + "valuesFrom ConfigMap 'web-values' is not defined in this app, so the values it supplies are not checked";
    expect(await findings()).toEqual([unknown, `error reference ${hashed}helm-controller cannot find the ConfigMap; ${fix}`]);
    write('apps/web/helmrelease.yaml', release('    - kind: ConfigMap\n      name: web-values\n      optional: true\n'));
    expect((await findings()).filter((f) => f.includes('reference'))).toEqual([
      `warning reference ${hashed}helm-controller skips the entry (optional: true) and the release goes without these values; ${fix}`,
    ]);
  });

  test("a Flux Kustomization's spec.namePrefix and spec.nameSuffix rename what it builds, replacing the folder's own (kustomize-controller writes them into its kustomization, or the one it generates): a chartRef naming the written name is an error", async () => {
    const { repo, write } = workingTree('check-flux-name-prefix-');
    writeGitSync(write);
    const ks = (name: string, path: string, extra: string) => `apiVersion: kustomize.toolkit.fluxcd.io/v1\nkind: Kustomization\nmetadata:\n  name: ${name}\n  namespace: flux-system\n`
      + `spec:\n  interval: 1h\n  prune: true\n  path: ${path}\n  sourceRef:\n    kind: GitRepository\n    name: flux-system\n${extra}`;
    write('clusters/prod/apps.yaml', `${ks('staging', './apps/staging', '  namePrefix: staging-\n')}---\n${ks('plain', './apps/plain', '  nameSuffix: -v2\n')}`);
    const app = 'apiVersion: source.toolkit.fluxcd.io/v1\nkind: OCIRepository\nmetadata:\n  name: web\n  namespace: apps\nspec:\n  interval: 1h\n'
      + '  url: oci://ghcr.io/acme/charts/web\n  ref:\n    tag: 1.0.0\n---\n'
      + 'apiVersion: helm.toolkit.fluxcd.io/v2\nkind: HelmRelease\nmetadata:\n  name: web\n  namespace: apps\nspec:\n  interval: 1h\n'
      + '  chartRef:\n    kind: OCIRepository\n    name: web\n';
    write('apps/staging/web.yaml', app);
    // The folder's own namePrefix is replaced by the Kustomization's, not added to.
    write('apps/staging/kustomization.yaml', 'apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\nnamePrefix: old-\nresources:\n  - web.yaml\n');
    // A folder without a kustomization: the one kustomize-controller generates gets the suffix.
    write('apps/plain/web.yaml', app);
    const { report } = await checkJson([repo]);
    const shown = (...path: string[]) => join(repo, ...path);
    const refs = report.findings.filter((f) => f.rule === 'reference' && f.pointer === '/spec/chartRef');
    expect(refs.map((f) => `${f.severity} ${relative(repo, f.file)} ${f.message}`)).toEqual([
      `error ${join('apps', 'plain', 'web.yaml')} HelmRelease apps/web-v2 spec.chartRef names OCIRepository apps/web, which Kustomization flux-system/plain in `
        + `${shown('clusters', 'prod', 'apps.yaml')} (spec.nameSuffix '-v2') renames web-v2: kustomize updates a reference only in the fields its name-reference configuration lists, `
        + "none of a Flux kind's, so helm-controller finds no OCIRepository web; name it web-v2, or list this field in the kustomization's configurations:",
      `error ${join('apps', 'staging', 'web.yaml')} HelmRelease apps/staging-web spec.chartRef names OCIRepository apps/web, which Kustomization flux-system/staging in `
        + `${shown('clusters', 'prod', 'apps.yaml')} (spec.namePrefix 'staging-') renames staging-web: kustomize updates a reference only in the fields its name-reference `
        + "configuration lists, none of a Flux kind's, so helm-controller finds no OCIRepository web; name it staging-web, or list this field in the kustomization's configurations:",
    ]);
  });

  test("a ConfigMap a renamed build generates is renamed too (namePrefix, nameSuffix): a valuesFrom naming it as written is an error, and its values are not read; another overlay's copy is not renamed", async () => {
    const { repo, write } = workingTree('check-renamed-generated-');
    writeGitSync(write);
    const ks = (name: string, path: string) => `apiVersion: kustomize.toolkit.fluxcd.io/v1\nkind: Kustomization\nmetadata:\n  name: ${name}\n  namespace: flux-system\n`
      + `spec:\n  interval: 1h\n  prune: true\n  path: ${path}\n  sourceRef:\n    kind: GitRepository\n    name: flux-system\n`;
    write('clusters/prod/apps.yaml', `${ks('production', './apps/production')}---\n${ks('staging', './apps/staging')}`);
    write('charts/web/Chart.yaml', 'apiVersion: v2\nname: web\nversion: 1.0.0\n');
    write('charts/web/values.yaml', 'replicas: 1\n');
    write('charts/web/values.schema.json', '{"type":"object","properties":{"replicas":{"type":"integer"}}}\n');
    write('apps/base/helmrelease.yaml', 'apiVersion: helm.toolkit.fluxcd.io/v2\nkind: HelmRelease\nmetadata:\n  name: web\n  namespace: default\nspec:\n  interval: 1h\n'
      + '  chart:\n    spec:\n      chart: ./charts/web\n      sourceRef:\n        kind: GitRepository\n        name: flux-system\n        namespace: flux-system\n'
      + '  valuesFrom:\n    - kind: ConfigMap\n      name: web-values\n');
    write('apps/base/values.yaml', 'replicas: many\n');
    write('apps/base/kustomization.yaml', 'apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\nresources:\n  - helmrelease.yaml\n'
      + 'configMapGenerator:\n  - name: web-values\n    files:\n      - values.yaml\n    options:\n      disableNameSuffixHash: true\n');
    write('apps/production/kustomization.yaml', 'apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\nresources:\n  - ../base\n');
    write('apps/staging/kustomization.yaml', 'apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\nnamePrefix: staging-\nresources:\n  - ../base\n');
    const { report } = await checkJson([repo]);
    const found = report.findings.filter((f) => f.rule === 'values' || f.rule === 'reference')
      .map((f) => `${f.severity} ${f.rule} ${relative(repo, f.file)}:${f.line} ${f.message.split(repo).join('<repo>')}`);
    const builds = (name: string) => `(as Kustomization flux-system/${name} in ${join('<repo>', 'clusters', 'prod', 'apps.yaml')} builds it)`;
    expect(found).toEqual([
      // Production reads web-values: its values fail the chart's schema.
      `error values ${join('apps', 'base', 'helmrelease.yaml')}:15 HelmRelease default/web ${builds('production')}: values of chart web@1.0.0 at /replicas: `
        + 'got string, want integer (values.schema.json of web)',
      // Staging's ConfigMap is staging-web-values: the values are not known, and helm-controller finds no web-values.
      `warning values ${join('apps', 'base', 'helmrelease.yaml')}:15 HelmRelease default/staging-web ${builds('staging')}: values of chart web@1.0.0 at the top level: `
        + "valuesFrom ConfigMap 'web-values' is not defined in this app, so the values it supplies are not checked",
      `error reference ${join('apps', 'base', 'helmrelease.yaml')}:16 HelmRelease default/staging-web ${builds('staging')} spec.valuesFrom[0] names ConfigMap web-values, `
        + `which ${join('<repo>', 'apps', 'base', 'kustomization.yaml')} configMapGenerator[0] generates as staging-web-values `
        + `(renamed by ${join('<repo>', 'apps', 'staging', 'kustomization.yaml')} (namePrefix 'staging-'), as the release is), and no nameReference configuration makes kustomize `
        + 'write that name into spec/valuesFrom/name, so helm-controller cannot find the ConfigMap; list a configurations: file with a ConfigMap nameReference for HelmRelease '
        + 'spec/valuesFrom/name, or name it staging-web-values',
    ]);
  });

  test("a flux-instance release whose values a kustomization generates (onedr0p's template: helm/values.yaml) tells where the sync starts and what it names its source", async () => {
    const { repo, write } = workingTree('check-instance-values-');
    const app = 'kubernetes/apps/flux-system/flux-instance/app';
    write(`${app}/kustomization.yaml`, 'apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\nnamespace: flux-system\nresources:\n  - ./helmrelease.yaml\n'
      + 'configMapGenerator:\n  - name: flux-instance-values\n    files:\n      - values.yaml=./helm/values.yaml\nconfigurations:\n  - ./helm/kustomizeconfig.yaml\n');
    write(`${app}/helm/kustomizeconfig.yaml`, 'nameReference:\n  - kind: ConfigMap\n    version: v1\n    fieldSpecs:\n      - path: spec/valuesFrom/name\n        kind: HelmRelease\n');
    write(`${app}/helm/values.yaml`, 'instance:\n  distribution:\n    version: 2.x\n  sync:\n    kind: GitRepository\n    name: home-ops-kubernetes\n'
      + '    url: https://github.com/acme/ops.git\n    ref: refs/heads/main\n    path: kubernetes/flux/cluster\n    interval: 1h\n');
    write(`${app}/helmrelease.yaml`, 'apiVersion: source.toolkit.fluxcd.io/v1\nkind: OCIRepository\nmetadata:\n  name: flux-instance\nspec:\n  interval: 1h\n'
      + '  layerSelector:\n    mediaType: application/vnd.cncf.helm.chart.content.v1.tar+gzip\n    operation: copy\n  ref:\n    tag: 0.58.1\n'
      + '  url: oci://ghcr.io/controlplaneio-fluxcd/charts/flux-instance\n---\n'
      + 'apiVersion: helm.toolkit.fluxcd.io/v2\nkind: HelmRelease\nmetadata:\n  name: flux-instance\nspec:\n  interval: 1h\n'
      + '  chartRef:\n    kind: OCIRepository\n    name: flux-instance\n  valuesFrom:\n    - kind: ConfigMap\n      name: flux-instance-values\n');
    const ks = (name: string, path: string) => `apiVersion: kustomize.toolkit.fluxcd.io/v1\nkind: Kustomization\nmetadata:\n  name: ${name}\n  namespace: flux-system\n`
      + `spec:\n  interval: 1h\n  prune: true\n  path: ${path}\n  sourceRef:\n    kind: GitRepository\n    name: home-ops-kubernetes\n`;
    write('kubernetes/flux/cluster/ks.yaml', `${ks('cluster-apps', './kubernetes/apps')}---\n${ks('typo', './kubernetes/aps')}`);
    write('kubernetes/archive/old.yaml', 'apiVersion: helm.toolkit.fluxcd.io/v2\nkind: HelmRelease\nmetadata:\n  name: old\n  namespace: default\nspec:\n  interval: 5x\n'
      + '  chartRef:\n    kind: OCIRepository\n    name: old\n');
    const { report } = await checkJson([repo]);
    expect(report.findings.filter((f) => ['reference', 'path', 'not-applied'].includes(f.rule)).map((f) => `${f.severity} ${f.rule} ${relative(repo, f.file)} ${f.message.split(repo).join('<repo>')}`)).toEqual([
      `note not-applied ${join('kubernetes', 'archive', 'old.yaml')} ${join('<repo>', 'kubernetes', 'archive')} (1 file): 1 Flux object not checked: no Flux Kustomization's build holds it `
        + "(the cluster's sync starts at kubernetes/flux/cluster (HelmRelease flux-instance, chart flux-instance)), so Flux never applies it; "
        + `'flux-oci check ${join('<repo>', 'kubernetes', 'archive')}' checks it as if applied`,
      `note reference ${join('kubernetes', 'flux', 'cluster', 'ks.yaml')} 2 objects name GitRepository flux-system/home-ops-kubernetes, the cluster's sync source `
        + '(HelmRelease flux-instance names it in its sync\'s name); it is not in the files checked, so what it holds is not checked',
      `error path ${join('kubernetes', 'flux', 'cluster', 'ks.yaml')} Kustomization flux-system/typo spec.path './kubernetes/aps' is not in this repository: there is no './kubernetes/aps', `
        + "so kustomize-controller would fail with \"kustomization path not found\" (it reads GitRepository flux-system/home-ops-kubernetes, the cluster's sync source: this repository, <repo>); "
        + "did you mean './kubernetes/apps'?",
    ]);
  });

  test('a child Kustomization whose sourceRef a patch of the Kustomization that builds it sets (rwlove/home-ops) reads that source: its path is checked, and one nothing builds is not applied', async () => {
    const { repo, write } = workingTree('check-patched-source-');
    writeGitSync(write);
    write('clusters/prod/apps.yaml', 'apiVersion: kustomize.toolkit.fluxcd.io/v1\nkind: Kustomization\nmetadata:\n  name: apps\n  namespace: flux-system\n'
      + 'spec:\n  interval: 1h\n  prune: true\n  path: ./apps\n  sourceRef:\n    kind: GitRepository\n    name: flux-system\n'
      + '  patches:\n    - patch: |-\n        apiVersion: kustomize.toolkit.fluxcd.io/v1\n        kind: Kustomization\n        metadata:\n          name: _\n'
      + '        spec:\n          prune: true\n          sourceRef:\n            kind: GitRepository\n            name: flux-system\n            namespace: flux-system\n'
      + '      target:\n        group: kustomize.toolkit.fluxcd.io\n        kind: Kustomization\n');
    const child = (name: string, path: string) => `apiVersion: kustomize.toolkit.fluxcd.io/v1\nkind: Kustomization\nmetadata:\n  name: ${name}\n  namespace: flux-system\n`
      + `spec:\n  interval: 1h\n  path: ${path}\n`;
    write('apps/kustomization.yaml', 'apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\nresources:\n  - ./web/ks.yaml\n  # - ./old/ks.yaml\n');
    write('apps/web/ks.yaml', child('web', './apps/web/ap'));
    write('apps/web/app/config.yaml', 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: web\n  namespace: default\n');
    write('apps/old/ks.yaml', child('old', './apps/old/app'));
    write('apps/old/app/config.yaml', 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: old\n  namespace: default\n');
    const { report } = await checkJson([repo]);
    expect(report.findings.filter((f) => f.severity !== 'note' || f.rule === 'not-applied').map((f) => `${f.severity} ${f.rule} ${relative(repo, f.file)} ${f.object?.name ?? ''}`)).toEqual([
      `note not-applied ${join('apps', 'old', 'ks.yaml')} `,
      `error path ${join('apps', 'web', 'ks.yaml')} web`,
    ]);
    expect(report.findings.find((f) => f.rule === 'path')?.message).toContain("(it reads GitRepository flux-system/flux-system, the cluster's sync source: this repository,");
  });

  test('Flux post-build variables (a kustomize component of bjw-s-labs/home-ops): a field holding ${VAR} is a not-checked note, and no lookup is made with the literal; an object that opts out of substitution is checked as written', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'check-varsub-'));
    const source = (name: string, url: string, tag: string, metadata = '') => `apiVersion: source.toolkit.fluxcd.io/v1\nkind: OCIRepository\nmetadata:\n  name: ${name}\n${metadata}`
      + `spec:\n  interval: 15m\n  layerSelector: {mediaType: application/vnd.cncf.helm.chart.content.v1.tar+gzip, operation: copy}\n  ref:\n    tag: ${tag}\n  url: ${url}\n`;
    const release = 'apiVersion: helm.toolkit.fluxcd.io/v2\nkind: HelmRelease\nmetadata:\n  name: ${APP}-anubis\nspec:\n  interval: 1h\n  chartRef:\n    kind: OCIRepository\n    name: ${APP}-anubis\n';
    writeFileSync(join(dir, 'component.yaml'), [
      release,
      // A registry that cannot answer: any lookup made would be an error.
      source('${APP}-anubis', 'oci://127.0.0.1:1/charts/app-template', '${VERSION:=5.1.0}'),
      source('opted-out', 'oci://127.0.0.1:1/charts/${APP}', '1.0.0', '  annotations:\n    kustomize.toolkit.fluxcd.io/substitute: disabled\n'),
    ].join('---\n'));
    const { code, report } = await checkJson([dir], {});
    expect(code).toBe(1);
    const text = readFileSync(join(dir, 'component.yaml'), 'utf8');
    const names = text.split('\n').flatMap((l, i) => (l === '  name: ${APP}-anubis' ? [i + 1] : [])); // metadata, not chartRef (4 spaces)
    expect(report.findings.map((f) => `${f.severity} ${f.rule} ${f.line} ${f.pointer}`)).toEqual([
      `note schema ${names[0]} /metadata/name`,
      `note schema ${names[1]} /metadata/name`,
      `note not-checked ${lineOf(text, 'tag: ${VERSION')} /spec/ref/tag`,
      `error registry ${lineOf(text, 'url: oci://127.0.0.1:1/charts/${APP}')} /spec/url`,
    ]);
    expect(report.findings[0].message).toBe('helm.toolkit.fluxcd.io/v2 HelmRelease ${APP}-anubis /metadata/name: must be a DNS-1123 subdomain: lowercase letters, digits, \'-\' and \'.\', '
      + 'each dot-separated part starting and ending with a letter or digit; got "${APP}-anubis" — not checked: the value holds the Flux variable ${APP}, '
      + "which a Kustomization's postBuild substitutes before the object is applied");
    expect(report.findings[2].message).toBe("OCIRepository ${APP}-anubis: spec.ref.tag holds the Flux variable ${VERSION:=5.1.0}, known only once a Kustomization's postBuild substitutes it, so the chart is not looked up");
    expect(report.findings[3].message).toContain("repository path component '${APP}'");
    expect(report.summary).toMatchObject({ errors: 1, warnings: 0, notes: 3 });
  });

  test('a ${var} a Kustomization building the object does not define is a warning (Flux substitutes an empty string); escaped, defaulted and opted-out ones are not; where a source of variables is not in the files, nothing is judged', async () => {
    const { repo, write } = workingTree('check-variables-');
    const ks = (name: string, postBuild: string) => `apiVersion: kustomize.toolkit.fluxcd.io/v1\nkind: Kustomization\nmetadata:\n  name: ${name}\n  namespace: flux-system\nspec:\n  interval: 1h\n  prune: true\n`
      + `  path: ./apps/${name}\n  sourceRef:\n    kind: GitRepository\n    name: flux-system\n  postBuild:\n${postBuild}`;
    write('clusters/prod/apps.yaml', [
      ks('web', '    substitute:\n      APP: web\n      my-var: x\n    substituteFrom:\n      - kind: ConfigMap\n        name: cluster-settings\n'),
      ks('api', '    substituteFrom:\n      - kind: Secret\n        name: cluster-secrets\n'),
      // An optional source that is not in the files may be in the cluster all the same (an operator may create it).
      ks('oidc', '    substitute:\n      APP: oidc\n    substituteFrom:\n      - kind: Secret\n        name: oidc-credentials\n        optional: true\n'),
      'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: cluster-settings\n  namespace: flux-system\ndata:\n  DOMAIN: example.com\n',
    ].join('---\n'));
    const script = (name: string, labels = '') => `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: ${name}\n${labels}data:\n`
      + '  run.sh: |\n    echo "$${HOME} ${APP} ${DOMAIN} ${REPLICAS:=2}"\n    curl "https://${DOMAIN}/cron/${TOKEN}"\n';
    write('apps/web/script.yaml', [script('web-script'), script('web-literal', '  labels:\n    kustomize.toolkit.fluxcd.io/substitute: disabled\n')].join('---\n'));
    write('apps/api/script.yaml', script('api-script'));
    write('apps/oidc/script.yaml', script('oidc-script'));
    // A Kustomization below a built folder whose kustomization leaves it out applies nothing: what it would build is not judged.
    write('apps/kustomization.yaml', 'apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\nresources:\n  - ../vendor/platform/deploy.yaml\n');
    write('apps/old/ks.yaml', ks('old', '    substitute:\n      APP: old\n').replace('./apps/old', './legacy'));
    write('legacy/script.yaml', script('old-script'));
    write('clusters/prod/all.yaml', ks('all', '    substitute:\n      APP: all\n').replace('./apps/all', './apps'));
    const { report } = await checkJson([repo]);
    const variables = report.findings.filter((f) => f.rule === 'variable');
    expect(variables.map((f) => `${f.severity} ${relative(repo, f.file)} ${f.object?.name} ${f.pointer}`)).toEqual([
      `warning ${join('apps', 'web', 'script.yaml')} web-script /data/run.sh`,
      `error ${join('clusters', 'prod', 'apps.yaml')} web /spec/postBuild/substitute/my-var`,
    ]);
    expect(variables[0].message).toBe('ConfigMap web-script data.run.sh holds ${TOKEN}, and Kustomization flux-system/web, which builds it, does not define TOKEN '
      + '(postBuild.substitute: APP, my-var; ConfigMap cluster-settings: DOMAIN): Flux substitutes an empty string; write $${TOKEN} to keep it as written, or define TOKEN');
    expect(variables[1].message).toContain("'my-var' is not a valid variable name");
  });

  test("a Flux Kustomization's spec.components act on what it builds (kustomize-controller appends them to the folder's components): a component's patch is applied, and a problem it brings is at the patch", async () => {
    const { repo, write } = workingTree('check-flux-components-');
    write('clusters/prod/apps.yaml', 'apiVersion: kustomize.toolkit.fluxcd.io/v1\nkind: Kustomization\nmetadata:\n  name: web\n  namespace: flux-system\nspec:\n  interval: 1h\n'
      + '  prune: true\n  path: ./apps/web\n  components:\n    - ../../components/timeouts\n  sourceRef:\n    kind: GitRepository\n    name: flux-system\n');
    write('apps/web/release.yaml', 'apiVersion: helm.toolkit.fluxcd.io/v2\nkind: HelmRelease\nmetadata:\n  name: web\n  namespace: apps\nspec:\n  interval: 1h\n'
      + '  chartRef:\n    kind: OCIRepository\n    name: web\n');
    write('components/timeouts/kustomization.yaml', 'apiVersion: kustomize.config.k8s.io/v1alpha1\nkind: Component\npatches:\n  - path: timeout.yaml\n    target:\n      kind: HelmRelease\n');
    write('components/timeouts/timeout.yaml', 'apiVersion: helm.toolkit.fluxcd.io/v2\nkind: HelmRelease\nmetadata:\n  name: any\nspec:\n  timeout: 5 minutes\n');
    const { report } = await checkJson([repo]);
    expect(report.findings.filter((f) => f.severity === 'error').map((f) => `${f.rule} ${relative(repo, f.file)}:${f.line} ${f.pointer}`)).toEqual([
      `schema ${join('components', 'timeouts', 'timeout.yaml')}:6 /spec/timeout`,
    ]);
  });

  test('where the files install kustomize-mutating-webhook, every Kustomization with postBuild also defines the keys of what it watches (rwlove/home-ops); where that is not known, nothing is judged', async () => {
    const { repo, write } = workingTree('check-variables-webhook-');
    const ks = (name: string) => `apiVersion: kustomize.toolkit.fluxcd.io/v1\nkind: Kustomization\nmetadata:\n  name: ${name}\n  namespace: flux-system\nspec:\n  interval: 1h\n  prune: true\n`
      + `  path: ./apps/${name}\n  sourceRef:\n    kind: GitRepository\n    name: flux-system\n  postBuild:\n    substitute:\n      APP: ${name}\n`;
    const webhook = (values: string) => 'apiVersion: source.toolkit.fluxcd.io/v1\nkind: OCIRepository\nmetadata:\n  name: kustomize-mutating-webhook\n  namespace: flux-system\n'
      + 'spec:\n  interval: 1h\n  url: oci://ghcr.io/xunholy/charts/kustomize-mutating-webhook\n  ref:\n    tag: 0.12.0\n---\n'
      + 'apiVersion: helm.toolkit.fluxcd.io/v2\nkind: HelmRelease\nmetadata:\n  name: kustomize-mutating-webhook\n  namespace: flux-system\nspec:\n  interval: 1h\n'
      + `  chartRef:\n    kind: OCIRepository\n    name: kustomize-mutating-webhook\n  values:\n${values}`;
    write('clusters/prod/apps.yaml', ks('web'));
    write('clusters/prod/webhook.yaml', webhook('    configMaps:\n      - name: cluster-config\n      - name: extra\n        create: true\n        data:\n          REGION: eu\n'
      + '    secrets:\n      - name: cluster-secrets\n'));
    write('clusters/prod/config.yaml', 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: cluster-config\n  namespace: flux-system\ndata:\n  DOMAIN: example.com\n---\n'
      + 'apiVersion: v1\nkind: Secret\nmetadata:\n  name: cluster-secrets\n  namespace: flux-system\nstringData:\n  TOKEN: x\n');
    write('apps/web/script.yaml', 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: web-script\ndata:\n  run.sh: echo ${APP} ${DOMAIN} ${REGION} ${TOKEN} ${MISSING}\n');
    const { report } = await checkJson([repo]);
    expect(report.findings.filter((f) => f.rule === 'variable').map((f) => f.message)).toEqual([
      'ConfigMap web-script data.run.sh holds ${MISSING}, and Kustomization flux-system/web, which builds it, does not define MISSING (postBuild.substitute: APP; '
        + 'kustomize-mutating-webhook (HelmRelease flux-system/kustomize-mutating-webhook) adds ConfigMap cluster-config: DOMAIN; ConfigMap extra: REGION; Secret cluster-secrets: TOKEN): '
        + 'Flux substitutes an empty string; write $${MISSING} to keep it as written, or define MISSING',
    ]);
    // A Secret it watches that is not in the files (an ExternalSecret makes it): what the webhook adds is not known, so nothing is judged.
    write('clusters/prod/config.yaml', 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: cluster-config\n  namespace: flux-system\ndata:\n  DOMAIN: example.com\n');
    expect((await checkJson([repo])).report.findings.filter((f) => f.rule === 'variable')).toEqual([]);
  });

  test("a component several namespaces' kustomizations include lands in each of those namespaces (kustomize builds it into each): each app's Kustomization finds its Secret there, and it is a duplicate only where a namespace has its own", async () => {
    const { repo, write } = workingTree('check-shared-component-');
    const ks = (name: string, namespace: string, path: string, postBuild = '') => `apiVersion: kustomize.toolkit.fluxcd.io/v1\nkind: Kustomization\nmetadata:\n  name: ${name}\n  namespace: ${namespace}\n`
      + `spec:\n  interval: 1h\n  prune: true\n  path: ${path}\n  sourceRef:\n    kind: GitRepository\n    name: flux-system\n    namespace: flux-system\n${postBuild}`;
    const secret = 'apiVersion: v1\nkind: Secret\nmetadata:\n  name: cluster-secrets\n  namespace: flux-system\nstringData:\n  DOMAIN: example.com\n';
    write('clusters/prod/flux-system/gotk-sync.yaml', ks('flux-system', 'flux-system', './clusters/prod'));
    write('clusters/prod/apps.yaml', ks('cluster-apps', 'flux-system', './apps'));
    write('clusters/prod/vars.yaml', ks('cluster-vars', 'flux-system', './flux/vars'));
    write('flux/vars/kustomization.yaml', 'apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\nresources:\n  - cluster-secrets.yaml\n');
    write('flux/vars/cluster-secrets.yaml', secret);
    write('components/common/kustomization.yaml', 'apiVersion: kustomize.config.k8s.io/v1alpha1\nkind: Component\nresources:\n  - cluster-secrets.yaml\n');
    write('components/common/cluster-secrets.yaml', secret);
    write('apps/kustomization.yaml', 'apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\nresources:\n  - web\n  - api\n  - observability\n');
    // A namespace that writes the Secret itself as well: there the two are one object twice.
    write('apps/observability/kustomization.yaml', 'apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\nnamespace: observability\ncomponents:\n  - ../../components/common\nresources:\n  - secret.yaml\n');
    write('apps/observability/secret.yaml', secret.replace('flux-system', 'observability'));
    for (const app of ['web', 'api']) {
      write(`apps/${app}/kustomization.yaml`, `apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\nnamespace: ${app}\ncomponents:\n  - ../../components/common\nresources:\n  - ks.yaml\n`);
      write(`apps/${app}/ks.yaml`, ks(app, app, `./apps/${app}/app`, '  postBuild:\n    substituteFrom:\n      - kind: Secret\n        name: cluster-secrets\n        optional: true\n'));
      write(`apps/${app}/app/config.yaml`, `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: ${app}\ndata:\n  url: https://${app}.\${DOMAIN}/\${MISSING}\n`);
    }
    const { report } = await checkJson([repo]);
    const duplicates = report.findings.filter((f) => f.rule === 'duplicate');
    expect(duplicates.map((f) => `${relative(repo, f.file)}: ${f.message.split(':')[0]}`)).toEqual([
      `${join('components', 'common', 'cluster-secrets.yaml')}: Secret flux-system/cluster-secrets, which kustomizations put in namespace observability, is also defined at ${join(repo, 'apps', 'observability', 'secret.yaml')}`,
    ]);
    const variables = report.findings.filter((f) => f.rule === 'variable');
    // DOMAIN comes from each namespace's copy of the component's Secret; MISSING is defined nowhere.
    expect(variables.map((f) => `${relative(repo, f.file)} ${f.message.match(/holds (\S+),/)?.[1]}`)).toEqual([
      `${join('apps', 'api', 'app', 'config.yaml')} \${MISSING}`,
      `${join('apps', 'web', 'app', 'config.yaml')} \${MISSING}`,
    ]);
    expect(variables[1].message).toContain('(Secret cluster-secrets: DOMAIN)');
  });

  test("where the files tell where the cluster's sync starts (the flux-instance chart's instance.sync), files no Flux Kustomization's build holds are set aside in one note per folder; a Kustomization nothing builds counts as applied by hand", async () => {
    const { repo, write } = workingTree('check-not-applied-');
    const ks = (name: string, path: string, extra = '') => `apiVersion: kustomize.toolkit.fluxcd.io/v1\nkind: Kustomization\nmetadata:\n  name: ${name}\n  namespace: flux-system\n`
      + `spec:\n  interval: 1h\n  prune: true\n  path: ${path}\n  sourceRef:\n    kind: GitRepository\n    name: flux-system\n${extra}`;
    const release = (name: string, interval = '1h') => `apiVersion: helm.toolkit.fluxcd.io/v2\nkind: HelmRelease\nmetadata:\n  name: ${name}\n  namespace: apps\n`
      + `spec:\n  interval: ${interval}\n  chartRef:\n    kind: OCIRepository\n    name: ${name}\n`;
    const kustomization = (...resources: string[]) => `apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\nresources:\n${resources.map((r) => `  - ${r}\n`).join('')}`;
    write('kubernetes/apps/flux-system/flux-instance.yaml', [
      'apiVersion: source.toolkit.fluxcd.io/v1\nkind: OCIRepository\nmetadata:\n  name: flux-instance\n  namespace: flux-system\nspec:\n  interval: 1h\n'
        + '  url: oci://ghcr.io/controlplaneio-fluxcd/charts/flux-instance\n  ref:\n    tag: 0.30.0\n',
      'apiVersion: helm.toolkit.fluxcd.io/v2\nkind: HelmRelease\nmetadata:\n  name: flux-instance\n  namespace: flux-system\nspec:\n  interval: 1h\n'
        + '  chartRef:\n    kind: OCIRepository\n    name: flux-instance\n  values:\n    instance:\n      sync:\n        kind: GitRepository\n'
        + '        url: https://github.com/acme/home-ops\n        ref: refs/heads/main\n        path: kubernetes/flux/cluster\n',
    ].join('---\n'));
    write('kubernetes/flux/cluster/ks.yaml', ks('cluster-apps', './kubernetes/apps'));
    write('kubernetes/apps/kustomization.yaml', kustomization('flux-system/flux-instance.yaml', 'web/ks.yaml'));
    write('kubernetes/apps/web/ks.yaml', ks('web', './kubernetes/apps/web/app', '  components:\n    - ../../../components/common\n'));
    write('kubernetes/apps/web/app/kustomization.yaml', kustomization('release.yaml'));
    write('kubernetes/apps/web/app/release.yaml', `${release('web')}  dependsOn:\n    - name: unlisted\n`);
    // Left out of its folder's kustomization: never applied.
    write('kubernetes/apps/web/app/unlisted.yaml', release('unlisted', '5x'));
    // A component the web Kustomization's spec.components adds: applied.
    write('kubernetes/components/common/kustomization.yaml', 'apiVersion: kustomize.config.k8s.io/v1alpha1\nkind: Component\nresources:\n  - release.yaml\n');
    write('kubernetes/components/common/release.yaml', release('common', '5x'));
    // Listed nowhere, but a Kustomization nothing builds may be applied by hand: checked as if applied.
    write('kubernetes/apps/old/ks.yaml', ks('old', './kubernetes/apps/old/app'));
    write('kubernetes/apps/old/app/release.yaml', release('old', '5x'));
    write('ci/workflow.yaml', 'on: [push\n');
    // A path with a variable may build anything below the folder before it.
    write('kubernetes/apps/web/modes.yaml', ks('modes', './kubernetes/apps/web/modes/app-${MODE:=a}'));
    write('kubernetes/apps/kustomization.yaml', kustomization('flux-system/flux-instance.yaml', 'web/ks.yaml', 'web/modes.yaml'));
    write('kubernetes/apps/web/modes/app-b/release.yaml', release('mode-b', '5x'));
    const { report } = await checkJson([repo]);
    // ci/workflow.yaml and kubernetes/apps/web/app/unlisted.yaml; the summary counts them.
    expect(report.summary).toMatchObject({ notApplied: 2 });
    const text = await cli(['check', repo], { env: OFF });
    expect(text.stdout).toMatch(/\n\d+ files \(2 not applied\), \d+ Flux objects /);
    const found = report.findings.filter((f) => f.severity !== 'note' || f.rule === 'not-applied').map((f) => `${f.severity} ${f.rule} ${relative(repo, f.file)}`);
    expect(found).toEqual(expect.arrayContaining([
      `note not-applied ${join('ci', 'workflow.yaml')}`,
      `note not-applied ${join('kubernetes', 'apps', 'web', 'app', 'unlisted.yaml')}`,
      `error schema ${join('kubernetes', 'apps', 'old', 'app', 'release.yaml')}`,
      `error schema ${join('kubernetes', 'components', 'common', 'release.yaml')}`,
      `error schema ${join('kubernetes', 'apps', 'web', 'modes', 'app-b', 'release.yaml')}`,
    ]));
    expect(found.filter((f) => f.includes('not-applied') || f.includes('unlisted') || f.includes('workflow'))).toHaveLength(2);
    const notes = report.findings.filter((f) => f.rule === 'not-applied').map((f) => f.message.split(repo).join('<repo>'));
    const unlisted = join('<repo>', 'kubernetes', 'apps', 'web', 'app', 'unlisted.yaml');
    expect(notes).toEqual([
      `${join('<repo>', 'ci')} (1 file): 1 error from reading the file not reported: no Flux Kustomization's build holds it (the cluster's sync starts at kubernetes/flux/cluster `
        + `(HelmRelease flux-system/flux-instance, chart flux-instance)), so Flux never applies it; 'flux-oci check ${join('<repo>', 'ci')}' checks it as if applied`,
      `${unlisted} (1 file): 1 Flux object not checked: no Flux Kustomization's build holds it (the cluster's sync starts at `
        + `kubernetes/flux/cluster (HelmRelease flux-system/flux-instance, chart flux-instance)), so Flux never applies it; 'flux-oci check ${unlisted}' checks it as if applied`,
    ]);
    // A reference to an object in such a file says it is never applied.
    expect(report.findings.filter((f) => f.rule === 'reference' && f.pointer === '/spec/dependsOn/0').map((f) => f.message.split(repo).join('<repo>'))).toEqual([
      `HelmRelease apps/web spec.dependsOn[0] names HelmRelease apps/unlisted, which is in ${unlisted}:1, a file no Flux Kustomization's build holds, so Flux never applies it `
        + '(fine if it exists in the cluster; until it does, helm-controller holds this one back: "dependency not found")',
    ]);
    // Checked alone, the folder is checked as if applied.
    const alone = await checkJson([join(repo, 'ci')]);
    expect(alone.report.findings.map((f) => f.rule)).toEqual(['yaml']);
    // So is a subfolder that holds the flux-instance release but not the folder its sync starts at: what that applies is not known.
    const apps = await checkJson([join(repo, 'kubernetes', 'apps')]);
    expect(apps.report.summary.notApplied).toBe(0);
    expect(apps.report.findings.filter((f) => f.rule === 'schema').map((f) => relative(repo, f.file))).toContain(join('kubernetes', 'apps', 'web', 'app', 'unlisted.yaml'));
  });

  test('a Kustomization reading this repository whose build holds its own file is where the sync starts (applied once by hand, it keeps itself applied): what no build holds is set aside', async () => {
    const { repo, write } = workingTree('check-self-applied-');
    write('.git/config', '[remote "origin"]\n\turl = https://github.com/acme/home-ops\n\tfetch = +refs/heads/*:refs/remotes/origin/*\n');
    write('.git/HEAD', 'ref: refs/heads/main\n');
    const gitRepository = (name: string, url: string) => `apiVersion: source.toolkit.fluxcd.io/v1\nkind: GitRepository\nmetadata:\n  name: ${name}\n  namespace: flux-system\n`
      + `spec:\n  interval: 1h\n  url: ${url}\n  ref:\n    branch: main\n`;
    const ks = (name: string, path: string | undefined, source: string) => `apiVersion: kustomize.toolkit.fluxcd.io/v1\nkind: Kustomization\nmetadata:\n  name: ${name}\n`
      + `  namespace: flux-system\nspec:\n  interval: 1h\n  prune: true\n${path === undefined ? '' : `  path: ${path}\n`}  sourceRef:\n    kind: GitRepository\n    name: ${source}\n`;
    const release = (name: string, interval: string) => `apiVersion: helm.toolkit.fluxcd.io/v2\nkind: HelmRelease\nmetadata:\n  name: ${name}\n  namespace: apps\n`
      + `spec:\n  interval: ${interval}\n  chartRef:\n    kind: OCIRepository\n    name: ${name}\n`;
    // Ramblurr/home-ops' shape: applied by hand, the cluster Kustomization builds ./k8s/prod/flux, its own file included.
    write('k8s/prod/flux/config/cluster.yaml', `${gitRepository('home-kubernetes', 'https://github.com/acme/home-ops')}---\n${ks('cluster', './k8s/prod/flux', 'home-kubernetes')}`);
    write('k8s/prod/flux/apps.yaml', ks('cluster-apps', './k8s/prod/apps', 'home-kubernetes'));
    // Another repository's CRDs: builds none of these files.
    write('k8s/prod/flux/crds.yaml', `${gitRepository('crds-source', 'https://github.com/example/crds')}---\n${ks('crds', undefined, 'crds-source')}`);
    write('k8s/prod/apps/kustomization.yaml', 'apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\nresources:\n  - web.yaml\n');
    write('k8s/prod/apps/web.yaml', release('web', '1h'));
    // Left out of the folder's kustomization, and an archived copy of an old cluster's app: never applied.
    write('k8s/prod/apps/old.yaml', release('old', '5x'));
    write('archive/k8s/apps/web/release.yaml', release('web', '5x'));
    const { report } = await checkJson([repo]);
    expect(report.summary).toMatchObject({ notApplied: 2, errors: 0 });
    const notes = report.findings.filter((f) => f.rule === 'not-applied').map((f) => `${relative(repo, f.file)}: ${f.message.split(repo).join('<repo>')}`);
    expect(notes).toEqual([
      `${join('archive', 'k8s', 'apps', 'web', 'release.yaml')}: ${join('<repo>', 'archive')} (1 file): 1 Flux object not checked: `
        + "no Flux Kustomization's build holds it (the cluster's sync starts at ./k8s/prod/flux (Kustomization flux-system/cluster)), so Flux never applies it; "
        + `'flux-oci check ${join('<repo>', 'archive')}' checks it as if applied`,
      `${join('k8s', 'prod', 'apps', 'old.yaml')}: ${join('<repo>', 'k8s', 'prod', 'apps', 'old.yaml')} (1 file): 1 Flux object not checked: `
        + "no Flux Kustomization's build holds it (the cluster's sync starts at ./k8s/prod/flux (Kustomization flux-system/cluster)), so Flux never applies it; "
        + `'flux-oci check ${join('<repo>', 'k8s', 'prod', 'apps', 'old.yaml')}' checks it as if applied`,
    ]);
    // The archived copy is no duplicate of the applied release.
    expect(report.findings.filter((f) => f.rule === 'duplicate')).toEqual([]);
  });

  test("what source-controller leaves out of the sync source's artifact (default patterns, .sourceignore, spec.ignore) is not there for the builds: a generator file or a path left out fails, a YAML file left out is never applied", async () => {
    const { repo, write } = workingTree('check-artifact-');
    const ks = (name: string, path: string) => `apiVersion: kustomize.toolkit.fluxcd.io/v1\nkind: Kustomization\nmetadata:\n  name: ${name}\n  namespace: flux-system\n`
      + `spec:\n  interval: 1h\n  prune: true\n  path: ${path}\n  sourceRef:\n    kind: GitRepository\n    name: flux-system\n`;
    const source = 'apiVersion: source.toolkit.fluxcd.io/v1\nkind: GitRepository\nmetadata:\n  name: flux-system\n  namespace: flux-system\n'
      + 'spec:\n  interval: 1h\n  url: ssh://git@github.com/acme/ops\n  ref:\n    branch: main\n';
    write('clusters/prod/flux-system/gotk-sync.yaml', `${source}---\n${ks('flux-system', './clusters/prod')}`);
    write('clusters/prod/apps.yaml', ks('apps', './apps'));
    write('clusters/prod/extras.yaml', ks('extras', './extras'));
    write('clusters/prod/docs.yaml', ks('docs', './docs/examples'));
    const generator = 'apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\nnamespace: web\nconfigMapGenerator:\n  - name: assets\n    files:\n      - index.html\n      - logo.png\n';
    write('apps/kustomization.yaml', generator);
    write('apps/index.html', '<html></html>');
    write('apps/logo.png', 'png');
    write('docs/examples/config.yaml', 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: example\n  namespace: default\n');
    write('extras/config.yaml', 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: extras\n  namespace: default\n');
    // A chart of this repository, whose release takes a values file from the source's root.
    write('charts/web/Chart.yaml', 'apiVersion: v2\nname: web\nversion: 1.0.0\n');
    write('charts/web/values.yaml', 'replicas: 1\n');
    write('charts/web/values-prod.yaml', 'replicas: 2\n');
    write('extras/web.yaml', 'apiVersion: helm.toolkit.fluxcd.io/v2\nkind: HelmRelease\nmetadata:\n  name: web\n  namespace: default\nspec:\n  interval: 1h\n'
      + '  chart:\n    spec:\n      chart: ./charts/web\n      valuesFiles:\n        - charts/web/values-prod.yaml\n'
      + '      sourceRef:\n        kind: GitRepository\n        name: flux-system\n        namespace: flux-system\n');
    write('charts/api/Chart.yaml', 'apiVersion: v2\nname: api\nversion: 1.0.0\n');
    write('extras/api.yaml', 'apiVersion: helm.toolkit.fluxcd.io/v2\nkind: HelmRelease\nmetadata:\n  name: api\n  namespace: default\nspec:\n  interval: 1h\n'
      + '  chart:\n    spec:\n      chart: ./charts/api\n      sourceRef:\n        kind: GitRepository\n        name: flux-system\n        namespace: flux-system\n');
    // A chart whose defaults the artifact leaves out: its schema then fails the release's values.
    write('charts/db/Chart.yaml', 'apiVersion: v2\nname: db\nversion: 1.0.0\n');
    write('charts/db/values.yaml', 'size: 1\n');
    write('charts/db/values.schema.json', '{"type":"object","required":["size"]}\n');
    write('extras/db.yaml', 'apiVersion: helm.toolkit.fluxcd.io/v2\nkind: HelmRelease\nmetadata:\n  name: db\n  namespace: default\nspec:\n  interval: 1h\n'
      + '  chart:\n    spec:\n      chart: ./charts/db\n      sourceRef:\n        kind: GitRepository\n        name: flux-system\n        namespace: flux-system\n');
    write('extras/draft/release.yaml', 'apiVersion: helm.toolkit.fluxcd.io/v2\nkind: HelmRelease\nmetadata:\n  name: draft\n  namespace: default\nspec:\n  interval: 5x\n'
      + '  chartRef:\n    kind: OCIRepository\n    name: draft\n');
    const paths = (report: JsonReport) => report.findings.filter((f) => f.rule === 'path' || f.rule === 'not-applied' || f.rule === 'schema')
      .map((f) => `${f.severity} ${f.rule} ${relative(repo, f.file)}:${f.line}${f.rule === 'schema' ? '' : ` ${f.message.split(repo).join('<repo>')}`}`);

    // No .sourceignore and no spec.ignore: the default patterns leave out *.png, so the generator cannot read it.
    const defaults = await checkJson([repo]);
    expect(paths(defaults.report)).toEqual([
      `error path ${join('apps', 'kustomization.yaml')}:8 ${join('<repo>', 'apps', 'kustomization.yaml')} configMapGenerator[0].files[1] 'logo.png' is left out of the artifact `
        + "source-controller makes of this repository for GitRepository flux-system/flux-system: '*.png' (source-controller's default ignore patterns), "
        + `so kustomize build of ${join('<repo>', 'apps')} fails in the cluster; re-include it with a '!' pattern in a .sourceignore or the GitRepository's spec.ignore`,
      // Applied (the Kustomization extras builds its folder), so checked.
      `error schema ${join('extras', 'draft', 'release.yaml')}:7`,
    ]);

    // A .sourceignore replaces the defaults (so the image is kept) and leaves out docs/ and, scoped to extras/, its drafts.
    write('.sourceignore', '# not for the cluster\n/docs/\n/charts/web/values-prod.yaml\n');
    write('extras/.sourceignore', 'draft/\n');
    write('charts/api/.sourceignore', 'Chart.yaml\n');
    write('charts/db/.sourceignore', '/values.yaml\n');
    const ignored = await checkJson([repo]);
    expect(paths(ignored.report)).toEqual([
      `error path ${join('clusters', 'prod', 'docs.yaml')}:9 Kustomization flux-system/docs spec.path './docs/examples' is left out of the artifact source-controller makes of this repository `
        + "for GitRepository flux-system/flux-system: '/docs/' (.sourceignore:2), so kustomize-controller would fail with \"kustomization path not found\" "
        + "(it reads GitRepository flux-system/flux-system, the cluster's sync source: this repository, <repo>); "
        + "re-include it with a '!' pattern in a .sourceignore or the GitRepository's spec.ignore",
      `error path ${join('extras', 'api.yaml')}:10 HelmRelease default/api spec.chart.spec.chart './charts/api' is a folder whose Chart.yaml is left out of the artifact `
        + "source-controller makes of this repository for GitRepository flux-system/flux-system: 'Chart.yaml' (charts/api/.sourceignore:1), so source-controller cannot load it as a chart "
        + "(it reads GitRepository flux-system/flux-system, the cluster's sync source: this repository, <repo>); re-include it with a '!' pattern in a .sourceignore or the GitRepository's spec.ignore",
      // The chart builds without its defaults: a warning at each release of it, the cause of the values error below.
      `warning path ${join('extras', 'db.yaml')}:10 HelmRelease default/db: chart ./charts/db is built without one of its files, which source-controller leaves out of the artifact `
        + "of GitRepository flux-system/flux-system: values.yaml ('/values.yaml' (charts/db/.sourceignore:1)), the chart's default values; "
        + "re-include what the chart needs with a '!' pattern in a .sourceignore or the GitRepository's spec.ignore",
      `note not-applied ${join('extras', 'draft', 'release.yaml')}:1 ${join('<repo>', 'extras', 'draft')} (1 file): 1 Flux object not checked: `
        + "source-controller leaves it out of the artifact of GitRepository flux-system/flux-system ('draft/' (extras/.sourceignore:1)), so Flux never applies it; "
        + `'flux-oci check ${join('<repo>', 'extras', 'draft')}' checks it as if applied`,
      `error path ${join('extras', 'web.yaml')}:12 HelmRelease default/web valuesFiles[0] 'charts/web/values-prod.yaml' is left out of the artifact `
        + "source-controller makes of this repository for GitRepository flux-system/flux-system: '/charts/web/values-prod.yaml' (.sourceignore:3), "
        + "so source-controller cannot build the chart (ignoreMissingValuesFiles: true skips a missing one); re-include it with a '!' pattern in a .sourceignore or the GitRepository's spec.ignore",
    ]);
    expect(ignored.report.findings.filter((f) => f.rule === 'values').map((f) => `${f.severity} ${relative(repo, f.file)} ${f.message}`)).toEqual([
      `error ${join('extras', 'db.yaml')} HelmRelease default/db: values of chart db@1.0.0 at the top level: missing property 'size' (values.schema.json of db)`,
    ]);
    expect(defaults.report.findings.filter((f) => f.rule === 'values')).toEqual([]);
    // docs/examples/config.yaml (no Flux object, so no note) and the draft.
    expect(ignored.report.summary).toMatchObject({ notApplied: 2 });

    // spec.ignore comes after the .sourceignore files: re-including docs/ puts the path back.
    write('clusters/prod/flux-system/gotk-sync.yaml', `${source}  ignore: |\n    !/docs/\n---\n${ks('flux-system', './clusters/prod')}`);
    const reincluded = await checkJson([repo]);
    expect(paths(reincluded.report).map((f) => f.split(' ').slice(0, 3).join(' '))).toEqual([
      `error path ${join('extras', 'api.yaml')}:10`, `warning path ${join('extras', 'db.yaml')}:10`, `note not-applied ${join('extras', 'draft', 'release.yaml')}:1`,
      `error path ${join('extras', 'web.yaml')}:12`,
    ]);
  });

  test('a local chart is built from the artifact: a template, CRD or subchart it leaves out, or a file a template reads (.Files), is a warning naming the pattern; other files are not', async () => {
    const { repo, write } = workingTree('check-chart-files-');
    writeGitSync(write);
    const release = (name: string) => `apiVersion: helm.toolkit.fluxcd.io/v2\nkind: HelmRelease\nmetadata:\n  name: ${name}\n  namespace: default\nspec:\n  interval: 1h\n`
      + `  chart:\n    spec:\n      chart: ./charts/${name}\n      sourceRef:\n        kind: GitRepository\n        name: flux-system\n        namespace: flux-system\n`;
    write('clusters/prod/releases.yaml', `${release('web')}---\n${release('docs')}`);
    // web: its Helm test, its CRD, its subchart and the dashboard its ConfigMap reads with .Files may be left out; so may its icon, which .Files could read too.
    write('charts/web/Chart.yaml', 'apiVersion: v2\nname: web\nversion: 1.0.0\n');
    write('charts/web/templates/configmap.yaml', 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: dashboards\ndata:\n  web.json: {{ .Files.Get "files/web.json" | quote }}\n');
    write('charts/web/templates/tests/connection.yaml', 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: test\n');
    write('charts/web/crds/widgets.yaml', 'apiVersion: apiextensions.k8s.io/v1\nkind: CustomResourceDefinition\n');
    write('charts/web/files/web.json', '{}\n');
    write('charts/web/icon.png', 'png');
    write('charts/web/charts/cache/Chart.yaml', 'apiVersion: v2\nname: cache\nversion: 1.0.0\n');
    write('charts/web/charts/cache/templates/service.yaml', 'apiVersion: v1\nkind: Service\nmetadata:\n  name: cache\n');
    // docs: no template reads .Files, so its screenshot (left out by the default patterns) changes nothing.
    write('charts/docs/Chart.yaml', 'apiVersion: v2\nname: docs\nversion: 1.0.0\n');
    write('charts/docs/templates/configmap.yaml', 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: docs\n');
    write('charts/docs/screenshot.png', 'png');
    const warnings = async () => (await checkJson([repo])).report.findings.filter((f) => f.rule === 'path')
      .map((f) => `${f.severity} ${relative(repo, f.file)}:${f.line} ${f.pointer} ${f.message}`);

    // The default patterns: only the icon, which a template could read.
    expect(await warnings()).toEqual([
      `warning ${join('clusters', 'prod', 'releases.yaml')}:10 /spec/chart/spec/chart HelmRelease default/web: chart ./charts/web is built without one of its files, `
        + "which source-controller leaves out of the artifact of GitRepository flux-system/flux-system: icon.png ('*.png' (source-controller's default ignore patterns)), "
        + "a file the templates may read (.Files); re-include what the chart needs with a '!' pattern in a .sourceignore or the GitRepository's spec.ignore",
    ]);

    // Five files are named, in the chart's order; the rest are counted.
    write('.sourceignore', 'tests/\ncrds/\n*.json\n*.png\ncache/\n');
    expect(await warnings()).toEqual([
      `warning ${join('clusters', 'prod', 'releases.yaml')}:10 /spec/chart/spec/chart HelmRelease default/web: chart ./charts/web is built without 6 of its files, `
        + 'which source-controller leaves out of the artifact of GitRepository flux-system/flux-system: '
        + "charts/cache/Chart.yaml ('cache/' (.sourceignore:5)), part of a subchart the chart is built without; "
        + "charts/cache/templates/service.yaml ('cache/' (.sourceignore:5)), part of a subchart the chart is built without; "
        + "crds/widgets.yaml ('crds/' (.sourceignore:2)), a CRD Helm does not install; "
        + "files/web.json ('*.json' (.sourceignore:3)), a file the templates may read (.Files); icon.png ('*.png' (.sourceignore:4)), a file the templates may read (.Files); "
        + "and 1 more; re-include what the chart needs with a '!' pattern in a .sourceignore or the GitRepository's spec.ignore",
    ]);
    write('.sourceignore', 'tests/\n');
    expect(await warnings()).toEqual([
      `warning ${join('clusters', 'prod', 'releases.yaml')}:10 /spec/chart/spec/chart HelmRelease default/web: chart ./charts/web is built without one of its files, `
        + 'which source-controller leaves out of the artifact of GitRepository flux-system/flux-system: '
        + "templates/tests/connection.yaml ('tests/' (.sourceignore:1)), a template helm-controller does not render; "
        + "re-include what the chart needs with a '!' pattern in a .sourceignore or the GitRepository's spec.ignore",
    ]);

    // Re-included, the chart is whole again.
    write('.sourceignore', 'tests/\ncrds/\n*.json\n*.png\ncache/\n!/charts/web/**\n');
    expect(await warnings()).toEqual([]);
  });

  test("a GitRepository other than the sync source whose URL is this repository's (a remote of the checkout), on the sync's branch, reads this working tree: its Kustomizations' paths are checked in its artifact", async () => {
    const { repo, write } = workingTree('check-home-kubernetes-');
    const ks = (name: string, path: string, source = 'home-kubernetes') => `apiVersion: kustomize.toolkit.fluxcd.io/v1\nkind: Kustomization\nmetadata:\n  name: ${name}\n  namespace: flux-system\n`
      + `spec:\n  interval: 1h\n  prune: true\n  path: ${path}\n  sourceRef:\n    kind: GitRepository\n    name: ${source}\n`;
    const gitRepository = (name: string, ref: string, ignore = '') => `apiVersion: source.toolkit.fluxcd.io/v1\nkind: GitRepository\nmetadata:\n  name: ${name}\n  namespace: flux-system\n`
      + `spec:\n  interval: 1h\n  url: https://github.com/acme/ops\n  ref:\n    ${ref}\n${ignore}`;
    // As onedr0p/flux-cluster-template lays it out: the sync, applied by hand, reads the repository as home-kubernetes.
    write('kubernetes/flux/config/cluster.yaml', `${gitRepository('home-kubernetes', 'branch: main', '  ignore: |\n    /*\n    !/kubernetes\n')}---\n${ks('cluster', './kubernetes/flux')}`);
    write('kubernetes/flux/apps.yaml', ks('cluster-apps', './kubernetes/apps'));
    write('kubernetes/flux/typo.yaml', ks('typo', './kubernetes/aps'));
    write('kubernetes/flux/docs.yaml', ks('docs', './docs'));
    // The same repository at a tag is another revision: its paths are not this working tree's.
    write('kubernetes/flux/pinned.yaml', `${gitRepository('pinned', 'tag: v1.0.0')}---\n${ks('pinned', './gone', 'pinned')}`);
    write('kubernetes/apps/config.yaml', 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: apps\n  namespace: default\n');
    write('docs/config.yaml', 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: docs\n  namespace: default\n');
    const paths = async () => (await checkJson([repo])).report.findings.filter((f) => f.rule === 'path')
      .map((f) => `${relative(repo, f.file)}:${f.line} ${f.message.split(repo).join('<repo>')}`);

    const notChecked = async () => (await checkJson([repo])).report.findings.filter((f) => f.rule === 'not-checked' && f.pointer === '/spec/path')
      .map((f) => `${relative(repo, f.file)}:${f.line} ${f.message}`);

    // No remote in the checkout and no sync source in the files: which repository home-kubernetes reads is not known, and a note says so.
    expect(await paths()).toEqual([]);
    expect(await notChecked()).toEqual([
      `${join('kubernetes', 'flux', 'apps.yaml')}:9 the spec.path of 5 Kustomizations is not checked: they read GitRepository flux-system/home-kubernetes, `
        + "GitRepository flux-system/pinned, not known to be this working tree (only the cluster's sync source and a GitRepository of this repository's URL "
        + "on the sync's branch are), and flux-oci does not fetch other repositories or revisions",
    ]);

    write('.git/config', '[remote "origin"]\n\turl = git@github.com:acme/ops.git\n\tfetch = +refs/heads/*:refs/remotes/origin/*\n');
    expect(await paths()).toEqual([
      `${join('kubernetes', 'flux', 'docs.yaml')}:9 Kustomization flux-system/docs spec.path './docs' is left out of the artifact source-controller makes of this repository `
        + "for GitRepository flux-system/home-kubernetes: '/*' (spec.ignore of GitRepository flux-system/home-kubernetes, line 1), so kustomize-controller would fail with \"kustomization path not found\" "
        + '(it reads GitRepository flux-system/home-kubernetes, which reads this repository (https://github.com/acme/ops, branch main), <repo>); '
        + "re-include it with a '!' pattern in a .sourceignore or the GitRepository's spec.ignore",
      `${join('kubernetes', 'flux', 'typo.yaml')}:9 Kustomization flux-system/typo spec.path './kubernetes/aps' is not in this repository: there is no './kubernetes/aps', `
        + 'so kustomize-controller would fail with "kustomization path not found" '
        + "(it reads GitRepository flux-system/home-kubernetes, which reads this repository (https://github.com/acme/ops, branch main), <repo>); did you mean './kubernetes/apps'?",
    ]);
    expect(await notChecked()).toEqual([
      `${join('kubernetes', 'flux', 'pinned.yaml')}:20 the spec.path of Kustomization flux-system/pinned is not checked: it reads GitRepository flux-system/pinned, `
        + "not known to be this working tree (only the cluster's sync source and a GitRepository of this repository's URL on the sync's branch are), "
        + 'and flux-oci does not fetch other repositories or revisions',
    ]);
  });

  test("a path into what the sync source's spec.include copies in from another repository is not this working tree's: a note, not a missing path", async () => {
    const { repo, write } = workingTree('check-include-');
    const ks = (name: string, path: string, extra = '') => `apiVersion: kustomize.toolkit.fluxcd.io/v1\nkind: Kustomization\nmetadata:\n  name: ${name}\n  namespace: flux-system\n`
      + `spec:\n  interval: 1h\n  prune: true\n  path: ${path}\n  sourceRef:\n    kind: GitRepository\n    name: flux-system\n${extra}`;
    write('clusters/prod/flux-system/gotk-sync.yaml', 'apiVersion: source.toolkit.fluxcd.io/v1\nkind: GitRepository\nmetadata:\n  name: flux-system\n  namespace: flux-system\n'
      + 'spec:\n  interval: 1h\n  url: ssh://git@github.com/acme/ops\n  ref:\n    branch: main\n  include:\n    - repository:\n        name: platform\n      fromPath: deploy\n      toPath: vendor/platform\n'
      + `    - repository:\n        name: crds\n---\n${ks('flux-system', './clusters/prod')}`);
    write('clusters/prod/platform.yaml', ks('platform', './vendor/platform/base', '  components:\n    - ../../../crds/common\n    - ../../../components/missing\n'));
    write('clusters/prod/typo.yaml', ks('typo', './vendr/platform'));
    // A component in what the include of crds (no toPath: at ./crds) copies in.
    write('apps/kustomization.yaml', 'apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\nresources:\n  - ../vendor/platform/deploy.yaml\n');
    write('clusters/prod/apps.yaml', ks('apps', './apps', '  components:\n    - ../crds/common\n'));
    const { report } = await checkJson([repo]);
    expect(report.findings.filter((f) => f.rule === 'path' || f.message.includes('from another repository'))
      .map((f) => `${f.severity} ${f.rule} ${f.object?.name} ${f.pointer} ${f.message.split(repo).join('<repo>')}`)).toEqual([
      `note not-checked undefined /resources/0 ${join('<repo>', 'apps', 'kustomization.yaml')} resources[0] '../vendor/platform/deploy.yaml' is not checked: `
        + "it lies in what the cluster's sync source includes from another repository (GitRepository platform, included at vendor/platform)",
      'note not-checked apps /spec/components/0 the spec.components[0] of Kustomization flux-system/apps is not checked: it lies in what the cluster\'s sync source includes '
        + 'from another repository (GitRepository crds, included at crds)',
      'note not-checked platform /spec/path the spec.path of Kustomization flux-system/platform is not checked: it lies in what the cluster\'s sync source includes '
        + 'from another repository (GitRepository platform, included at vendor/platform)',
      expect.stringMatching(/^error path typo \/spec\/path Kustomization flux-system\/typo spec.path '.\/vendr\/platform' is not in this repository: there is no '.\/vendr'/),
    ]);
  });

  test('a duplicate says which Flux Kustomizations apply the two copies: one building both fails; two take turns, and pruning the last to apply it deletes it', async () => {
    const { repo, write } = workingTree('check-duplicate-builders-');
    const ks = (name: string) => `apiVersion: kustomize.toolkit.fluxcd.io/v1\nkind: Kustomization\nmetadata:\n  name: ${name}\n  namespace: flux-system\n`
      + `spec:\n  interval: 1h\n  prune: true\n  path: ./apps/${name}\n  targetNamespace: apps\n  sourceRef:\n    kind: GitRepository\n    name: flux-system\n`;
    const source = 'apiVersion: source.toolkit.fluxcd.io/v1\nkind: OCIRepository\nmetadata:\n  name: app-template\nspec:\n  interval: 1h\n'
      + '  url: oci://ghcr.io/bjw-s-labs/helm/app-template\n  ref:\n    tag: 4.4.0\n';
    write('clusters/prod/apps.yaml', [ks('web'), ks('api')].join('---\n'));
    write('clusters/prod/flux-system/gotk-sync.yaml', ks('flux-system').replace('./apps/flux-system', './clusters/prod').replace('  targetNamespace: apps\n', ''));
    write('apps/web/source.yaml', source);
    write('apps/api/source.yaml', source);
    write('apps/api/again.yaml', source);
    // A name holding a post-build variable is a name only once each Kustomization substitutes its own (tyriis/home-ops' minecraft worlds): not a duplicate across two.
    const templated = source.replace('name: app-template', 'name: ${APP}-chart');
    write('apps/web/templated.yaml', templated);
    write('apps/api/templated.yaml', templated);
    write('apps/api/templated-again.yaml', templated);
    const { report } = await checkJson([repo]);
    const messages = report.findings.filter((f) => f.rule === 'duplicate').map((f) => `${relative(repo, f.file)}: ${f.message.slice(f.message.indexOf(': ') + 2)}`);
    expect(messages).toEqual([
      `${join('apps', 'api', 'source.yaml')}: Kustomization flux-system/api builds both, and kustomize refuses an object twice in one build ("may not add resource with an already registered id")`,
      // One Kustomization substitutes one value: the same name twice in its build.
      `${join('apps', 'api', 'templated.yaml')}: Kustomization flux-system/api builds both, and kustomize refuses an object twice in one build ("may not add resource with an already registered id")`,
      `${join('apps', 'web', 'source.yaml')}: Kustomization flux-system/web applies this one and Kustomization flux-system/api that one, so each overwrites the other's, `
        + 'and pruning the one that applied it last (its app removed) deletes it until the other applies it again; give one another name, or keep one where both can use it',
    ]);
  });

  test("a Flux Kustomization building an overlay builds the base as the overlay patches it: each cluster's object is checked, and a problem both share is one finding", async () => {
    const { repo, write } = workingTree('check-overlay-builds-');
    const ks = (cluster: string) => 'apiVersion: kustomize.toolkit.fluxcd.io/v1\nkind: Kustomization\nmetadata:\n  name: apps\n  namespace: flux-system\n'
      + `spec:\n  interval: 1h\n  prune: true\n  path: ./apps/${cluster}\n  sourceRef:\n    kind: GitRepository\n    name: flux-system\n`;
    const release = 'apiVersion: helm.toolkit.fluxcd.io/v2\nkind: HelmRelease\nmetadata:\n  name: web\n  namespace: apps\nspec:\n  interval: 1h\n  timeout: 5x\n'
      + '  chartRef:\n    kind: OCIRepository\n    name: web\n';
    write('apps/base/kustomization.yaml', 'resources: [release.yaml]\n');
    write('apps/base/release.yaml', release);
    for (const cluster of ['production', 'staging']) {
      write(`clusters/${cluster}/apps.yaml`, ks(cluster));
      write(`apps/${cluster}/kustomization.yaml`, 'resources: [../base]\npatches:\n  - path: web.yaml\n'
        // A patch file in JSON, which the folder walk does not read as YAML: read from disk, as kustomize reads it.
        + (cluster === 'staging' ? 'patchesJson6902:\n  - target: {kind: HelmRelease}\n    path: history.json\n' : ''));
      write(`apps/${cluster}/web.yaml`, `apiVersion: helm.toolkit.fluxcd.io/v2\nkind: HelmRelease\nmetadata:\n  name: web\n  namespace: apps\nspec:\n  interval: ${cluster === 'production' ? '1x' : '10m'}\n`);
    }
    write('apps/staging/history.json', '[{"op": "add", "path": "/spec/maxHistory", "value": "ten"}]\n');
    const { report } = await checkJson([repo]);
    expect(report.findings.filter((f) => f.severity === 'error').map((f) => `${f.rule} ${relative(repo, f.file)}:${f.line} ${f.pointer}`)).toEqual([
      // The timeout both builds keep from the base: once, at the base.
      `schema ${join('apps', 'base', 'release.yaml')}:8 /spec/timeout`,
      // The interval only production's patch breaks: at that patch.
      `schema ${join('apps', 'production', 'web.yaml')}:7 /spec/interval`,
      `schema ${join('apps', 'staging', 'history.json')}:1 /spec/maxHistory`,
    ]);
    expect(report.summary).toMatchObject({ fluxObjects: 4 });
    // No duplicate: the two are one document built twice, into two clusters' builds.
    expect(report.findings.filter((f) => f.rule === 'duplicate')).toEqual([]);
  });

  test("two clusters' trees without bootstrap files (each a Kustomization nothing in the files builds) hold one object each: the same object in both is not a duplicate; roots written in one file are one tree", async () => {
    const { repo, write } = workingTree('check-cluster-roots-');
    const ks = (name: string, path: string, source = 'GitRepository') => `apiVersion: kustomize.toolkit.fluxcd.io/v1\nkind: Kustomization\nmetadata:\n  name: ${name}\n`
      + `  namespace: flux-system\nspec:\n  interval: 1h\n  prune: true\n  path: ${path}\n  sourceRef:\n    kind: ${source}\n    name: flux-system\n`;
    const release = 'apiVersion: helm.toolkit.fluxcd.io/v2\nkind: HelmRelease\nmetadata:\n  name: web\n  namespace: apps\nspec:\n  interval: 1h\n  chartRef:\n    kind: OCIRepository\n    name: web\n';
    for (const cluster of ['main', 'staging']) {
      write(`kubernetes/${cluster}/flux/cluster.yaml`, ks('cluster-apps', `./kubernetes/${cluster}/apps`));
      write(`kubernetes/${cluster}/apps/web.yaml`, release);
    }
    // A third cluster's tree whose root reads an OCI artifact (tyriis/home-ops' dev cluster): what it builds is not known, but it is its own tree.
    write('devenv/flux/cluster.yaml', ks('cluster-apps', './apps', 'OCIRepository'));
    // Within one cluster's tree, the same object twice is still a duplicate.
    write('kubernetes/main/apps/web-again.yaml', release);
    const { report } = await checkJson([repo]);
    const duplicates = report.findings.filter((f) => f.rule === 'duplicate');
    expect(duplicates.map((f) => `${relative(repo, f.file)} ${f.object?.kind}`)).toEqual([`${join('kubernetes', 'main', 'apps', 'web.yaml')} HelmRelease`]);
    // Two roots written in one file are applied together (tyriis/home-ops' flux-sync.yaml): one tree, where the same object twice is a duplicate.
    write('kubernetes/staging/flux/cluster.yaml', `${ks('cluster-apps', './kubernetes/staging/apps')}---\n${ks('cluster-infra', './kubernetes/staging/infra')}`);
    write('kubernetes/staging/infra/web.yaml', release);
    const together = (await checkJson([repo])).report.findings.filter((f) => f.rule === 'duplicate');
    expect(together.map((f) => `${relative(repo, f.file)} ${f.object?.kind}`)).toEqual([
      `${join('kubernetes', 'main', 'apps', 'web.yaml')} HelmRelease`,
      `${join('kubernetes', 'staging', 'infra', 'web.yaml')} HelmRelease`,
    ]);
  });

  test("a Kustomization's healthChecks: an apiVersion Flux no longer serves fails the health check (an error; a warning where --flux-version still serves it); a Flux object not in the files is a warning (the namespace does not default); none with wait: true", async () => {
    const { repo, write } = workingTree('check-health-checks-');
    const ks = (name: string, extra: string) => `apiVersion: kustomize.toolkit.fluxcd.io/v1\nkind: Kustomization\nmetadata:\n  name: ${name}\n  namespace: flux-system\n`
      + `spec:\n  interval: 1h\n  prune: true\n  path: ./apps\n  sourceRef:\n    kind: GitRepository\n    name: flux-system\n${extra}`;
    const check = (apiVersion: string, kind: string, name: string, namespace?: string) => `    - apiVersion: ${apiVersion}\n      kind: ${kind}\n      name: ${name}\n`
      + (namespace ? `      namespace: ${namespace}\n` : '');
    write('apps/web.yaml', 'apiVersion: helm.toolkit.fluxcd.io/v2\nkind: HelmRelease\nmetadata:\n  name: web\n  namespace: apps\nspec:\n  interval: 1h\n'
      + '  chartRef:\n    kind: OCIRepository\n    name: web\n');
    write('clusters/apps.yaml', ks('apps', `  healthChecks:\n${[
      check('helm.toolkit.fluxcd.io/v2', 'HelmRelease', 'web', 'apps'),
      check('helm.toolkit.fluxcd.io/v2beta2', 'HelmRelease', 'web', 'apps'),
      check('helm.toolkit.fluxcd.io/v2', 'HelmRelease', 'wbe', 'apps'),
      check('helm.toolkit.fluxcd.io/v2', 'HelmRelease', 'web', 'flux-system'),
      check('apps/v1', 'Deployment', 'web', 'apps'),
      check('kustomize.toolkit.fluxcd.io/v1', 'Kustomization', 'apps', 'flux-system'),
    ].join('')}`));
    // With wait: true kustomize-controller checks what it applied and never reads the list.
    write('clusters/waiting.yaml', ks('waiting', `  wait: true\n  healthChecks:\n${check('helm.toolkit.fluxcd.io/v2beta2', 'HelmRelease', 'gone', 'apps')}`));
    const found = async (...args: string[]) => (await checkJson([repo, ...args])).report.findings.filter((f) => f.pointer?.startsWith('/spec/healthChecks'))
      .map((f) => `${f.severity} ${f.rule} ${f.pointer} ${f.message}`);
    const timeout = (name: string, namespace: string) => '(fine if it exists in the cluster; until it does, kustomize-controller\'s health check fails after spec.timeout: '
      + `"timeout waiting for: [HelmRelease/${namespace}/${name} status: 'NotFound']")`;
    const unserved = 'Kustomization flux-system/apps spec.healthChecks[1] names helm.toolkit.fluxcd.io/v2beta2 HelmRelease, which Flux 2.8 or newer does not serve (last served by Flux 2.7.x)';
    expect(await found()).toEqual([
      `error api-version /spec/healthChecks/1 ${unserved}: kustomize-controller cannot look the object up by it, so the health check fails; use helm.toolkit.fluxcd.io/v2`,
      `warning reference /spec/healthChecks/2 Kustomization flux-system/apps spec.healthChecks[2] names HelmRelease apps/wbe, which is not in the files checked ${timeout('wbe', 'apps')}`,
      'warning reference /spec/healthChecks/3 Kustomization flux-system/apps spec.healthChecks[3] names HelmRelease flux-system/web, which is not in the files checked '
        + `(HelmRelease web is in namespace apps; a health check's namespace does not default to the Kustomization's) ${timeout('web', 'flux-system')}`,
    ]);
    expect((await found('--flux-version', '2.7'))[0]).toBe('warning api-version /spec/healthChecks/1 Kustomization flux-system/apps spec.healthChecks[1] names '
      + 'helm.toolkit.fluxcd.io/v2beta2 HelmRelease, which Flux 2.7 (--flux-version) serves but Flux 2.8 or newer does not: there kustomize-controller cannot look the object up '
      + 'by it, and the health check fails; use helm.toolkit.fluxcd.io/v2');
    // An apiVersion the named Flux does not serve yet (helm.toolkit.fluxcd.io/v2 came with Flux 2.3) fails the same way.
    const older = await found('--flux-version', '2.2');
    const notYet = (i: number) => `error api-version /spec/healthChecks/${i} Kustomization flux-system/apps spec.healthChecks[${i}] names helm.toolkit.fluxcd.io/v2 HelmRelease, `
      + 'which Flux 2.2 (--flux-version) does not serve (served from Flux 2.3): kustomize-controller cannot look the object up by it, so the health check fails; '
      + 'use the version that release serves or raise --flux-version';
    expect(older.filter((f) => f.startsWith('error'))).toEqual([notYet(0), notYet(2), notYet(3)]);
  });

  test("a Flux Kustomization's spec.patches apply to what it builds: objects are checked as patched, a problem a patch brings is reported once at the patch (traced to where it is written), and a patch kustomize cannot apply is an error", async () => {
    const { repo, write } = workingTree('check-flux-patches-');
    const indent = (text: string, by: string) => text.split('\n').map((l) => (l === '' ? l : `${by}${l}`)).join('\n');
    const releaseDefaults = 'apiVersion: helm.toolkit.fluxcd.io/v2\nkind: HelmRelease\nmetadata:\n  name: _\nspec:\n  install:\n    crds: CreateReplaces\n';
    const kustomizationDefaults = 'apiVersion: kustomize.toolkit.fluxcd.io/v1\nkind: Kustomization\nmetadata:\n  name: _\nspec:\n  interval: 1h\n  prune: true\n  patches:\n'
      + `    - patch: |-\n${indent(releaseDefaults, '        ')}      target:\n        kind: HelmRelease\n`
      // A JSON6902 patch the top Kustomization sets in the others, which fails on the one release without a timeout.
      + '    - patch: |-\n        - op: remove\n          path: /spec/timeout\n      target:\n        kind: HelmRelease\n        name: api\n';
    write('clusters/prod/apps.yaml', 'apiVersion: kustomize.toolkit.fluxcd.io/v1\nkind: Kustomization\nmetadata:\n  name: apps\n  namespace: flux-system\nspec:\n  interval: 1h\n  prune: true\n'
      + '  path: ./apps\n  sourceRef:\n    kind: GitRepository\n    name: flux-system\n  patches:\n'
      + `    - patch: |-\n${indent(kustomizationDefaults, '        ')}      target:\n        group: kustomize.toolkit.fluxcd.io\n        kind: Kustomization\n`
      + '    - patch: |-\n        - op: remove\n          path: /spec/suspend\n      target:\n        kind: Kustomization\n        name: web\n');
    // Without interval and prune, which the CRD requires: the patch above supplies them.
    const ks = (name: string) => `apiVersion: kustomize.toolkit.fluxcd.io/v1\nkind: Kustomization\nmetadata:\n  name: ${name}\n  namespace: flux-system\nspec:\n  path: ./apps/${name}/app\n  sourceRef:\n    kind: GitRepository\n    name: flux-system\n`;
    write('apps/web/ks.yaml', ks('web'));
    write('apps/api/ks.yaml', ks('api'));
    const release = (name: string) => `apiVersion: helm.toolkit.fluxcd.io/v2\nkind: HelmRelease\nmetadata:\n  name: ${name}\n  namespace: apps\nspec:\n  interval: 1h\n  chartRef:\n    kind: OCIRepository\n    name: ${name}\n`;
    write('apps/web/app/release.yaml', release('web'));
    write('apps/api/app/release.yaml', release('api'));
    const { code, report } = await checkJson([repo]);
    expect(code).toBe(1);
    const problems = report.findings.filter((f) => f.severity !== 'note' && f.rule !== 'reference');
    const apps = readFileSync(join(repo, 'clusters', 'prod', 'apps.yaml'), 'utf8').split('\n');
    expect(problems.map((f) => `${f.severity} ${f.rule} ${relative(repo, f.file)}:${f.line} ${f.pointer}`)).toEqual([
      `error patch ${join('clusters', 'prod', 'apps.yaml')}:${apps.indexOf('    - patch: |-') + 1} /spec/patches/0/patch`,
      `error patch ${join('clusters', 'prod', 'apps.yaml')}:${apps.indexOf('    - patch: |-') + 1} /spec/patches/0/patch`,
      `error patch ${join('clusters', 'prod', 'apps.yaml')}:${apps.lastIndexOf('    - patch: |-') + 1} /spec/patches/1/patch`,
    ]);
    const traced = problems.splice(problems.findIndex((f) => f.message.includes('cannot be applied to HelmRelease')), 1)[0];
    expect(traced.message).toMatch(/^Kustomization flux-system\/apps spec\.patches\[0\], through the patch it sets in Kustomization flux-system\/api spec\.patches\[1\], cannot be applied to HelmRelease apps\/api: JSON6902 operation 1 \(remove \/spec\/timeout\): .*, so kustomize build fails$/);
    expect(problems[0].message).toBe('Kustomization flux-system/apps spec.patches[0], through the patch it sets in Kustomization flux-system/api spec.patches[0], makes 2 objects, '
      + `the first HelmRelease apps/api at ${join(repo, 'apps', 'api', 'app', 'release.yaml')}:1 fail the CRD: /spec/install/crds: must be one of "Skip", "Create", "CreateReplace"; got "CreateReplaces"`);
    expect(problems[1].message).toMatch(/^Kustomization flux-system\/apps spec\.patches\[1\] cannot be applied to Kustomization flux-system\/web: JSON6902 operation 1 \(remove \/spec\/suspend\): .*, so kustomize build fails$/);
  });

  test('a patch of a Kustomization whose build is not located here (another source) may apply: objects it makes valid are summed up in one note, not failed as written', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'check-flux-patches-oci-'));
    writeFileSync(join(dir, 'cluster.yaml'), 'apiVersion: kustomize.toolkit.fluxcd.io/v1\nkind: Kustomization\nmetadata:\n  name: cluster\n  namespace: flux-system\nspec:\n  interval: 1h\n  prune: true\n'
      + '  path: ./apps\n  sourceRef:\n    kind: OCIRepository\n    name: flux-system\n  patches:\n    - patch: |-\n        apiVersion: kustomize.toolkit.fluxcd.io/v1\n        kind: Kustomization\n'
      + '        metadata:\n          name: _\n        spec:\n          interval: 30m\n          prune: true\n      target:\n        kind: Kustomization\n        labelSelector: defaults!=disabled\n');
    const ks = (name: string, label = '') => `apiVersion: kustomize.toolkit.fluxcd.io/v1\nkind: Kustomization\nmetadata:\n  name: ${name}\n  namespace: apps\n${label}spec:\n  path: ./${name}\n  sourceRef:\n    kind: OCIRepository\n    name: flux-system\n    namespace: flux-system\n`;
    writeFileSync(join(dir, 'apps.yaml'), [ks('web'), ks('api'), ks('opted-out', '  labels:\n    defaults: disabled\n')].join('---\n'));
    const { code, report } = await checkJson([dir]);
    expect(code).toBe(1);
    const found = report.findings.filter((f) => f.rule === 'patch' || f.rule === 'schema');
    expect(found.map((f) => `${f.severity} ${f.rule} ${relative(dir, f.file)} ${f.object?.name} ${f.pointer}`)).toEqual([
      'error schema apps.yaml opted-out /spec/interval',
      'error schema apps.yaml opted-out /spec/prune',
      'note patch cluster.yaml cluster /spec/patches/0/patch',
    ]);
    expect(found[2].message).toBe(`2 objects, the first Kustomization apps/web at ${join(dir, 'apps.yaml')}:1 fail the CRD as written (/spec/interval: required field is missing; /spec/prune: required field is missing) `
      + 'but not once Kustomization flux-system/cluster spec.patches[0] patches them. Whether it builds them is not known here (what it builds is not a folder of this Git working tree), so they are checked as patched');
  });

  test("a Flux Kustomization's targetNamespace puts what it builds from the sync source in that namespace (its folder's kustomization, or every file below a folder without one): references resolve there, and a reference into another namespace is a warning with the fix", async () => {
    const { repo, write } = workingTree('check-target-namespace-');
    const ks = (name: string, path: string, targetNamespace: string) => `apiVersion: kustomize.toolkit.fluxcd.io/v1\nkind: Kustomization\nmetadata:\n  name: ${name}\n  namespace: flux-system\n`
      + `spec:\n  interval: 10m\n  prune: true\n  path: ${path}\n  targetNamespace: ${targetNamespace}\n  sourceRef:\n    kind: GitRepository\n    name: flux-system\n`;
    const release = (name: string, chart: string) => `apiVersion: helm.toolkit.fluxcd.io/v2\nkind: HelmRelease\nmetadata:\n  name: ${name}\nspec:\n  interval: 10m\n${chart}`;
    write('clusters/prod/apps.yaml', [ks('repos', './repos', 'flux-system'), ks('web', './apps/web', 'default'), ks('api', './apps/api', 'backend')].join('---\n'));
    // No kustomization.yaml: Flux generates one with every YAML file below (here in a subfolder too).
    write('repos/nested/bitnami.yaml', 'apiVersion: source.toolkit.fluxcd.io/v1\nkind: HelmRepository\nmetadata:\n  name: bitnami\nspec:\n  interval: 1h\n  url: https://charts.bitnami.com/bitnami\n');
    // A kustomization.yaml: the target namespace is its namespace, the outermost.
    write('apps/web/kustomization.yaml', 'apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\nnamespace: ignored\nresources:\n  - release.yaml\n  - source.yaml\n');
    write('apps/web/source.yaml', 'apiVersion: source.toolkit.fluxcd.io/v1\nkind: OCIRepository\nmetadata:\n  name: web\nspec:\n  interval: 1h\n  url: oci://ghcr.io/acme/charts/web\n  ref:\n    tag: 1.0.0\n');
    write('apps/web/release.yaml', release('web', '  chartRef:\n    kind: OCIRepository\n    name: web\n    namespace: default\n'));
    // Two releases named after the source the other folder holds: one reads it in its own namespace (backend), which the files do not have.
    write('apps/api/release.yaml', [
      release('api', '  chart:\n    spec:\n      chart: api\n      sourceRef:\n        kind: HelmRepository\n        name: bitnami\n        namespace: flux-system\n'),
      release('api-typo', '  chart:\n    spec:\n      chart: api\n      sourceRef:\n        kind: HelmRepository\n        name: bitnami\n'),
      release('web', '  chartRef:\n    kind: OCIRepository\n    name: web\n    namespace: default\n'),
    ].join('---\n'));
    const { report } = await checkJson([repo]);
    const references = report.findings.filter((f) => f.severity !== 'note' && (f.rule === 'reference' || f.rule === 'duplicate'));
    expect(references.map((f) => `${f.severity} ${f.rule} ${f.object?.name} ${f.pointer}`)).toEqual(['warning reference api-typo /spec/chart/spec/sourceRef']);
    expect(references[0].message).toBe('HelmRelease api-typo spec.chart.spec.sourceRef names HelmRepository backend/bitnami, which is not in the files checked; '
      + 'the files have HelmRepository flux-system/bitnami: if that is the one, give the reference namespace: flux-system (fine if it exists in the cluster; what it holds is not checked)');
  });

  test('dependsOn entries that form a cycle are an error at the first entry on it (none of them is ever reconciled on a new cluster); a readyExpr on one entry breaks it', async () => {
    const { repo, write } = workingTree('check-dependency-cycles-');
    const ks = (name: string, dependsOn: string[], readyExpr?: string) => 'apiVersion: kustomize.toolkit.fluxcd.io/v1\nkind: Kustomization\nmetadata:\n'
      + `  name: ${name}\n  namespace: flux-system\nspec:\n  interval: 1h\n  prune: true\n  path: ./apps/${name}\n  sourceRef:\n    kind: GitRepository\n    name: flux-system\n`
      + (dependsOn.length ? `  dependsOn:\n${dependsOn.map((d) => `    - name: ${d}\n${readyExpr ? `      readyExpr: ${readyExpr}\n` : ''}`).join('')}` : '');
    const release = (name: string, dependsOn: string) => `apiVersion: helm.toolkit.fluxcd.io/v2\nkind: HelmRelease\nmetadata:\n  name: ${name}\n  namespace: apps\n`
      + `spec:\n  interval: 1h\n  chartRef:\n    kind: OCIRepository\n    name: ${name}\n  dependsOn:\n    - name: ${dependsOn}\n`;
    write('clusters/infra.yaml', [ks('infra', ['apps']), ks('apps', ['config']), ks('config', ['infra']), ks('alone', ['alone']), ks('base', []), ks('top', ['base'])].join('---\n'));
    write('clusters/expr.yaml', [ks('left', ['right']), ks('right', ['left'], "'dep.status.conditions.exists(c, c.type == \"Ready\")'")].join('---\n'));
    write('apps/releases.yaml', [release('db', 'api'), release('api', 'db')].join('---\n'));
    const { code, report } = await checkJson([repo]);
    expect(code).toBe(1);
    const cycles = report.findings.filter((f) => f.message.includes('dependency cycle'));
    const reconciled = (controller: string) => `${controller} reconciles an object only once each dependency is Ready, so where none of them is Ready yet `
      + '(a new cluster, or once one fails) none is ever reconciled ("dependency \'…\' is not ready"); drop one of these entries, or give one a readyExpr';
    expect(cycles.map((f) => `${f.severity} ${f.rule} ${relative(repo, f.file)}:${f.line} ${f.pointer} ${f.message}`)).toEqual([
      `error reference ${join('apps', 'releases.yaml')}:12 /spec/dependsOn/0 HelmRelease apps/db spec.dependsOn[0] is on a dependency cycle: `
        + `HelmRelease apps/db → HelmRelease apps/api → HelmRelease apps/db. ${reconciled('helm-controller')}`,
      `error reference ${join('clusters', 'infra.yaml')}:14 /spec/dependsOn/0 Kustomization flux-system/infra spec.dependsOn[0] is on a dependency cycle: `
        + `Kustomization flux-system/infra → Kustomization flux-system/apps → Kustomization flux-system/config → Kustomization flux-system/infra. ${reconciled('kustomize-controller')}`,
      `error reference ${join('clusters', 'infra.yaml')}:59 /spec/dependsOn/0 Kustomization flux-system/alone spec.dependsOn[0] is on a dependency cycle: `
        + `Kustomization flux-system/alone → Kustomization flux-system/alone. ${reconciled('kustomize-controller')}`,
    ]);
  });

  test("dependsOn names objects of the referrer's kind, in its namespace unless the entry says otherwise: one not in the files is a warning at its entry", async () => {
    const dir = mkdtempSync(join(tmpdir(), 'check-depends-'));
    const kustomization = (name: string, dependsOn: string) => `apiVersion: kustomize.toolkit.fluxcd.io/v1\nkind: Kustomization\nmetadata:\n  name: ${name}\n  namespace: apps\n`
      + `spec:\n  interval: 10m\n  path: ./${name}\n  prune: true\n  sourceRef:\n    kind: OCIRepository\n    name: manifests\n${dependsOn}`;
    const release = 'apiVersion: helm.toolkit.fluxcd.io/v2\nkind: HelmRelease\nmetadata:\n  name: web\n  namespace: apps\nspec:\n  interval: 10m\n'
      + '  chartRef:\n    kind: OCIRepository\n    name: manifests\n  dependsOn:\n    - name: database\n';
    writeFileSync(join(dir, 'apps.yaml'), [
      'apiVersion: source.toolkit.fluxcd.io/v1\nkind: OCIRepository\nmetadata:\n  name: manifests\n  namespace: apps\nspec:\n  interval: 10m\n  url: oci://ghcr.io/acme/manifests\n  ref:\n    tag: latest\n',
      kustomization('crds', ''),
      // The first entry is found (same namespace); the second names another namespace, where there is none.
      kustomization('operators', '  dependsOn:\n    - name: crds\n    - name: crds\n      namespace: infra\n'),
      release,
    ].join('---\n'));
    const { code, report } = await checkJson([dir]);
    expect(code).toBe(0);
    const references = report.findings.filter((f) => f.rule === 'reference');
    expect(references.map((f) => `${f.severity} ${f.object?.kind} ${f.pointer}`)).toEqual(['warning Kustomization /spec/dependsOn/1', 'warning HelmRelease /spec/dependsOn/0']);
    expect(references.map((f) => f.message)).toEqual([
      'Kustomization apps/operators spec.dependsOn[1] names Kustomization infra/crds, which is not in the files checked; the files have Kustomization apps/crds: if that is the one, give the reference namespace: apps (fine if it exists in the cluster; until it does, kustomize-controller holds this one back: "dependency not found")',
      'HelmRelease apps/web spec.dependsOn[0] names HelmRelease apps/database, which is not in the files checked (fine if it exists in the cluster; until it does, helm-controller holds this one back: "dependency not found")',
    ]);
  });

  test("an Alert's providerRef names a Provider, and a Provider's and a Receiver's secretRef a Secret, in their own namespace: one not in the files is a warning saying what notification-controller does meanwhile", async () => {
    const dir = mkdtempSync(join(tmpdir(), 'check-alert-provider-'));
    const alert = (name: string, provider: string) => `apiVersion: notification.toolkit.fluxcd.io/v1beta3\nkind: Alert\nmetadata:\n  name: ${name}\n  namespace: apps\n`
      + `spec:\n  providerRef:\n    name: ${provider}\n  eventSources:\n    - kind: Kustomization\n      name: '*'\n`;
    writeFileSync(join(dir, 'alerts.yaml'), [
      'apiVersion: notification.toolkit.fluxcd.io/v1beta3\nkind: Provider\nmetadata:\n  name: slack\n  namespace: apps\nspec:\n  type: slack\n  channel: ops\n  address: https://hooks.slack.com/services/T/B/X\n',
      alert('found', 'slack'),
      alert('typo', 'slak'),
    ].join('---\n'));
    // A Provider's and a Receiver's Secrets, in their namespaces: one an ExternalSecret makes is there.
    writeFileSync(join(dir, 'secrets.yaml'), [
      'apiVersion: notification.toolkit.fluxcd.io/v1beta3\nkind: Provider\nmetadata:\n  name: github\n  namespace: apps\nspec:\n  type: github\n'
        + '  address: https://github.com/acme/ops\n  secretRef:\n    name: github-token\n',
      'apiVersion: notification.toolkit.fluxcd.io/v1\nkind: Receiver\nmetadata:\n  name: push\n  namespace: apps\nspec:\n  type: github\n  events: [push]\n'
        + '  secretRef:\n    name: webhook-token\n  resources:\n    - kind: GitRepository\n      name: ops\n',
      'apiVersion: external-secrets.io/v1\nkind: ExternalSecret\nmetadata:\n  name: webhook-token\n  namespace: apps\nspec:\n  secretStoreRef:\n'
        + '    kind: ClusterSecretStore\n    name: vault\n  dataFrom:\n    - extract:\n        key: webhook\n',
    ].join('---\n'));
    const { code, report } = await checkJson([dir]);
    expect(code).toBe(0);
    expect(referenceLines(report)).toEqual([
      notInFiles('/spec/providerRef', 'Alert apps/typo spec.providerRef names Provider apps/slak',
        'notification-controller fails to dispatch every event this Alert matches: "failed to read provider"'),
      notInFiles('/spec/secretRef', 'Provider apps/github spec.secretRef names Secret apps/github-token',
        'notification-controller fails to dispatch the events sent through this Provider'),
      notInFiles('/spec/resources/0', 'Receiver apps/push spec.resources[0] names GitRepository apps/ops',
        'every call of this Receiver\'s webhook fails for it ("unable to read GitRepository") and answers 500'),
    ]);
  });

  test("a GitRepository's include names a GitRepository, and a source's Secrets are in its namespace; the sync source's own Secret and a FluxInstance's pullSecret are made at bootstrap and not reported", async () => {
    const dir = mkdtempSync(join(tmpdir(), 'check-source-refs-'));
    const git = (name: string, more: string) => `apiVersion: source.toolkit.fluxcd.io/v1\nkind: GitRepository\nmetadata:\n  name: ${name}\n  namespace: flux-system\n`
      + `spec:\n  interval: 1h\n  url: https://github.com/acme/${name}\n  ref:\n    branch: main\n${more}`;
    writeFileSync(join(dir, 'sources.yaml'), [
      // The sync source, as flux bootstrap writes it: its Secret is made when Flux is bootstrapped, and another source may name it too.
      git('flux-system', '  secretRef:\n    name: flux-system\n'),
      git('platform', '  secretRef:\n    name: flux-system\n  include:\n    - repository:\n        name: shared\n      toPath: shared\n    - repository:\n        name: sharde\n'),
      git('shared', '  secretRef:\n    name: github-token\n'),
      'apiVersion: source.toolkit.fluxcd.io/v1\nkind: Bucket\nmetadata:\n  name: artifacts\n  namespace: flux-system\nspec:\n  interval: 5m\n  bucketName: artifacts\n'
        + '  endpoint: minio.example.com\n  provider: aws\n  sts:\n    provider: aws\n    endpoint: https://sts.amazonaws.com\n  secretRef:\n    name: minio-keys\n',
      'apiVersion: image.toolkit.fluxcd.io/v1\nkind: ImageRepository\nmetadata:\n  name: web\n  namespace: flux-system\nspec:\n  image: ghcr.io/acme/web\n  interval: 1h\n'
        + '  secretRef:\n    name: github-token\n',
      'apiVersion: v1\nkind: Secret\nmetadata:\n  name: github-token\n  namespace: flux-system\nstringData:\n  username: git\n  password: token\n',
    ].join('---\n'));
    const { report } = await checkJson([dir]);
    expect(referenceLines(report)).toEqual([
      notInFiles('/spec/include/1/repository', 'GitRepository flux-system/platform spec.include[1].repository names GitRepository flux-system/sharde',
        'source-controller makes no artifact of this GitRepository: "could not get resource for include \'sharde\'"'),
      'warning /spec/secretRef Bucket flux-system/artifacts spec.secretRef names Secret flux-system/minio-keys, which is not in the files checked (fine if it exists in the cluster; what it holds is not checked)',
    ]);
    // A FluxInstance whose sync's pullSecret is flux-system: that Secret is made with the instance.
    writeFileSync(join(dir, 'instance.yaml'), 'apiVersion: fluxcd.controlplane.io/v1\nkind: FluxInstance\nmetadata:\n  name: flux\n  namespace: flux-system\nspec:\n'
      + '  distribution:\n    version: 2.x\n    registry: ghcr.io/fluxcd\n  sync:\n    kind: OCIRepository\n    url: oci://ghcr.io/acme/fleet\n    ref: latest\n'
      + '    path: clusters/prod\n    pullSecret: minio-keys\n');
    const withInstance = await checkJson([dir]);
    expect(referenceLines(withInstance.report).filter((l) => l.includes('minio-keys'))).toEqual([]);
  });

  test("an Alert's event sources and a Receiver's resources name objects (not '*'): one not in the files is a warning saying what notification-controller does; a Receiver entry whose kind the webhook cannot give an apiVersion, or a Receiver Secret without a token, is an error; the cluster's sync objects are one note each", async () => {
    const dir = mkdtempSync(join(tmpdir(), 'check-notified-'));
    const notify = [
      'apiVersion: notification.toolkit.fluxcd.io/v1beta3\nkind: Alert\nmetadata:\n  name: apps\n  namespace: flux-system\nspec:\n  providerRef:\n    name: slack\n'
        + '  eventSources:\n    - kind: Kustomization\n      name: "*"\n    - kind: HelmRelease\n      name: podinfo\n      namespace: apps\n'
        + '    - kind: HelmRelease\n      name: podinfi\n      namespace: apps\n    - kind: GitRepository\n      name: flux-system\n',
      'apiVersion: notification.toolkit.fluxcd.io/v1beta3\nkind: Provider\nmetadata:\n  name: slack\n  namespace: flux-system\nspec:\n  type: slack\n  channel: ops\n  address: https://hooks.slack.com/services/T/B/X\n',
      'apiVersion: notification.toolkit.fluxcd.io/v1\nkind: Receiver\nmetadata:\n  name: push\n  namespace: flux-system\nspec:\n  type: github\n'
        + '  secretRef:\n    name: webhook-token\n  resources:\n    - kind: GitRepository\n      name: flux-system\n    - kind: Kustomization\n      name: apps\n'
        + '    - apiVersion: kustomize.toolkit.fluxcd.io/v1\n      kind: Kustomization\n      name: flux-system\n'
        + '    - kind: OCIRepository\n      name: "*"\n      matchLabels:\n        app: web\n    - kind: OCIRepository\n      name: charts\n',
      'apiVersion: v1\nkind: Secret\nmetadata:\n  name: webhook-token\n  namespace: flux-system\nstringData:\n  token: t\n',
      'apiVersion: helm.toolkit.fluxcd.io/v2\nkind: HelmRelease\nmetadata:\n  name: podinfo\n  namespace: apps\nspec:\n  interval: 1h\n'
        + '  chartRef:\n    kind: OCIRepository\n    name: podinfo\n---\napiVersion: source.toolkit.fluxcd.io/v1\nkind: OCIRepository\nmetadata:\n  name: podinfo\n  namespace: apps\n'
        + 'spec:\n  interval: 1h\n  url: oci://ghcr.io/stefanprodan/charts/podinfo\n  ref:\n    semver: 6.x\n',
      // A Receiver's Secret without a token key: the Receiver never gets a webhook.
      'apiVersion: notification.toolkit.fluxcd.io/v1\nkind: Receiver\nmetadata:\n  name: pull\n  namespace: flux-system\nspec:\n  type: generic\n'
        + '  secretRef:\n    name: pull-token\n  resources:\n    - kind: GitRepository\n      name: "*"\n',
      'apiVersion: v1\nkind: Secret\nmetadata:\n  name: pull-token\n  namespace: flux-system\nstringData:\n  password: t\n',
    ].join('---\n');
    writeFileSync(join(dir, 'notify.yaml'), notify);
    const { code, report } = await checkJson([dir]);
    expect(code).toBe(1);
    expect(report.findings.filter((f) => f.rule === 'reference').map((f) => `${f.severity} ${f.pointer} ${f.message}`)).toEqual([
      notInFiles('/spec/eventSources/2', 'Alert flux-system/apps spec.eventSources[2] names HelmRelease apps/podinfi',
        'notification-controller matches no event to this entry: the Alert sends nothing about it'),
      // The Alert and the Receiver both name the sync source: one note, at the first.
      'note /spec/eventSources/3 2 objects name GitRepository flux-system/flux-system, the cluster\'s sync source '
        + '(flux bootstrap and a FluxInstance name it after its namespace); it is not in the files checked, so what it holds is not checked',
      'error /spec/resources/1 Receiver flux-system/push spec.resources[1] names Kustomization apps without an apiVersion: notification-controller knows the apiVersion '
        + 'only of Bucket, HelmChart, HelmRepository, GitRepository, OCIRepository, ImageRepository, ArtifactGenerator, so every call of this Receiver\'s webhook fails '
        + 'for it ("apiVersion must be specified for kind \'Kustomization\'") and answers 500; give the entry its apiVersion',
      'note /spec/resources/2 Receiver flux-system/push names Kustomization flux-system/flux-system, the cluster\'s sync Kustomization '
        + '(flux bootstrap and a FluxInstance name it after its namespace); it is not in the files checked',
      notInFiles('/spec/resources/4', 'Receiver flux-system/push spec.resources[4] names OCIRepository flux-system/charts',
        'every call of this Receiver\'s webhook fails for it ("unable to read OCIRepository") and answers 500'),
      `error /spec/secretRef Receiver flux-system/pull spec.secretRef names Secret flux-system/pull-token at ${dir}/notify.yaml:${notify.split('\n').lastIndexOf('apiVersion: v1') + 1}, `
        + 'which has no token key: notification-controller marks the Receiver not ready ("invalid \'flux-system/pull-token\' secret data: required fields \'token\'") '
        + 'and serves no webhook for it; put the webhook token under data.token or stringData.token',
    ]);
  });

  test("an ImagePolicy's imageRepositoryRef and an ImageUpdateAutomation's sourceRef (in the referrer's namespace unless they name one): one not in the files is a warning", async () => {
    const dir = mkdtempSync(join(tmpdir(), 'check-image-refs-'));
    const policy = (name: string, repository: string) => `apiVersion: image.toolkit.fluxcd.io/v1\nkind: ImagePolicy\nmetadata:\n  name: ${name}\n  namespace: apps\n`
      + `spec:\n  imageRepositoryRef:\n    name: ${repository}\n  policy:\n    semver:\n      range: 1.x\n`;
    writeFileSync(join(dir, 'images.yaml'), [
      'apiVersion: image.toolkit.fluxcd.io/v1\nkind: ImageRepository\nmetadata:\n  name: web\n  namespace: apps\nspec:\n  image: ghcr.io/acme/web\n  interval: 1h\n',
      policy('web', 'web'),
      policy('api', 'api'),
      'apiVersion: image.toolkit.fluxcd.io/v1\nkind: ImageUpdateAutomation\nmetadata:\n  name: apps\n  namespace: apps\nspec:\n  interval: 1h\n'
        + '  sourceRef:\n    kind: GitRepository\n    name: apps-repo\n  git:\n    commit:\n      author:\n        name: bot\n        email: bot@example.com\n',
    ].join('---\n'));
    const { report } = await checkJson([dir]);
    expect(referenceLines(report)).toEqual([
      notInFiles('/spec/imageRepositoryRef', 'ImagePolicy apps/api spec.imageRepositoryRef names ImageRepository apps/api',
        'image-reflector-controller selects no image for this policy: "referenced ImageRepository does not exist"'),
      notInFiles('/spec/sourceRef', 'ImageUpdateAutomation apps/apps spec.sourceRef names GitRepository apps/apps-repo', 'image-automation-controller updates nothing'),
    ]);
  });

  test('notification, image, GitRepository and Bucket objects are validated against their CRDs (defaults applied as the API server does); an apiVersion Flux 2.9 no longer serves is an error with its replacement; one without a packaged schema is a note naming what is packaged', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'check-more-kinds-'));
    const notify = [
      // generic-oidc takes oidcProviders, not a secretRef (a CEL rule of the Receiver CRD).
      'apiVersion: notification.toolkit.fluxcd.io/v1\nkind: Receiver\nmetadata:\n  name: push\n  namespace: apps\nspec:\n  type: generic-oidc\n'
        + '  resources:\n    - kind: GitRepository\n      name: ops\n  secretRef:\n    name: webhook-token\n  oidcProviders:\n'
        + '    - issuerURL: https://token.actions.githubusercontent.com\n      validations:\n        - expression: "claims.repository == \'acme/ops\'"\n'
        + '          message: only acme/ops\n',
      'apiVersion: notification.toolkit.fluxcd.io/v1beta3\nkind: Alert\nmetadata:\n  name: deploys\n  namespace: apps\nspec:\n  providerRef:\n    name: slack\n'
        + '  eventSources:\n    - kind: Deployment\n      name: web\n',
      'apiVersion: notification.toolkit.fluxcd.io/v1beta2\nkind: Provider\nmetadata:\n  name: slack\n  namespace: apps\nspec:\n  type: slack\n  channel: ops\n  address: https://hooks.slack.com/services/T/B/X\n',
    ].join('---\n');
    const sources = [
      'apiVersion: source.toolkit.fluxcd.io/v1\nkind: GitRepository\nmetadata:\n  name: ops\n  namespace: apps\nspec:\n  interval: 1h\n'
        + '  url: https://github.com/acme/ops\n  gitImplementation: go-git\n',
      // No provider: the CRD's default, generic, which takes an LDAP STS; a required field with a default (sourceRef.kind) may be left out.
      'apiVersion: source.toolkit.fluxcd.io/v1\nkind: Bucket\nmetadata:\n  name: artifacts\n  namespace: apps\nspec:\n  interval: 5m\n  bucketName: artifacts\n'
        + '  endpoint: minio.example.com\n  sts:\n    provider: ldap\n    endpoint: https://ldap.example.com\n',
      'apiVersion: image.toolkit.fluxcd.io/v1\nkind: ImageUpdateAutomation\nmetadata:\n  name: apps\n  namespace: apps\nspec:\n  interval: 1h\n  sourceRef:\n    name: ops\n'
        + '  git:\n    commit:\n      author:\n        name: bot\n        email: bot@example.com\n',
      'apiVersion: image.toolkit.fluxcd.io/v1beta1\nkind: ImageRepository\nmetadata:\n  name: web\n  namespace: apps\nspec:\n  image: ghcr.io/acme/web\n  interval: 1h\n',
    ].join('---\n');
    writeFileSync(join(dir, 'notify.yaml'), notify);
    writeFileSync(join(dir, 'sources.yaml'), sources);
    const { code, report } = await checkJson([dir]);
    expect(code).toBe(1);
    expect(report.findings.filter((f) => f.rule !== 'reference').map((f) => `${f.file.slice(dir.length + 1)}:${f.line} ${f.severity} ${f.rule} ${f.pointer ?? ''} ${f.message}`)).toEqual([
      `notify.yaml:${lineOf(notify, 'spec:')} error schema /spec notification.toolkit.fluxcd.io/v1 Receiver apps/push /spec: secretRef cannot be set when type is generic-oidc`
        + ' (CRD rule: self.type != \'generic-oidc\' || !has(self.secretRef))',
      `notify.yaml:${lineOf(notify, 'kind: Deployment')} error schema /spec/eventSources/0/kind notification.toolkit.fluxcd.io/v1beta3 Alert apps/deploys /spec/eventSources/0/kind: must be one of `
        + '"Bucket", "GitRepository", "Kustomization", "HelmRelease", "HelmChart", "HelmRepository", "ImageRepository", "ImagePolicy", "ImageUpdateAutomation", "OCIRepository", "ArtifactGenerator", "ExternalArtifact"; got "Deployment"',
      `notify.yaml:${lineOf(notify, 'v1beta2')} error api-version /apiVersion Provider apps/slack: notification.toolkit.fluxcd.io/v1beta2 Provider is not served by Flux 2.9 or newer (last served by Flux 2.8.x); `
        + 'use notification.toolkit.fluxcd.io/v1beta3 (none of its fields change, only the apiVersion). \'flux migrate\' rewrites manifests in place',
      `sources.yaml:${lineOf(sources, 'gitImplementation')} error schema /spec/gitImplementation source.toolkit.fluxcd.io/v1 GitRepository apps/ops /spec/gitImplementation: unknown field: `
        + 'not in the source.toolkit.fluxcd.io/v1 GitRepository schema (the API server would drop it)',
      `sources.yaml:${lineOf(sources, 'v1beta1')} error api-version /apiVersion ImageRepository apps/web: image.toolkit.fluxcd.io/v1beta1 ImageRepository is not served by Flux 2.7 or newer (last served by Flux 2.6.x); `
        + 'use image.toolkit.fluxcd.io/v1 (field changes are not recorded here: compare the object with the reference of the new version). \'flux migrate\' rewrites manifests in place',
      `sources.yaml:${lineOf(sources, 'v1beta1')} note no-schema  image.toolkit.fluxcd.io/v1beta1 ImageRepository: no schema packaged with flux-oci, so this object is not validated `
        + '(flux-oci packages image.toolkit.fluxcd.io/v1 and v1beta2 ImageRepository)',
    ]);
  });

  test("an Alert's event source or a Receiver's resource of a flux-operator kind (FluxInstance, ResourceSet, ResourceSetInputProvider) is taken where flux-operator installs Flux, refused where Flux's own manifests do, and a note where the files do not tell", async () => {
    const alert = 'apiVersion: notification.toolkit.fluxcd.io/v1beta3\nkind: Alert\nmetadata:\n  name: instance\n  namespace: flux-system\nspec:\n'
      + '  providerRef:\n    name: slack\n  eventSources:\n    - kind: FluxInstance\n      name: flux\n'
      + '---\napiVersion: notification.toolkit.fluxcd.io/v1\nkind: Receiver\nmetadata:\n  name: push\n  namespace: flux-system\nspec:\n  type: github\n'
      + '  secretRef:\n    name: token\n  resources:\n    - kind: ResourceSet\n      name: apps\n'
      + '---\napiVersion: notification.toolkit.fluxcd.io/v1beta3\nkind: Provider\nmetadata:\n  name: slack\n  namespace: flux-system\nspec:\n  type: slack\n  address: https://hooks.slack.com/services/T/B/X\n';
    const instance = 'apiVersion: fluxcd.controlplane.io/v1\nkind: FluxInstance\nmetadata:\n  name: flux\n  namespace: flux-system\nspec:\n'
      + '  distribution:\n    version: 2.x\n    registry: ghcr.io/fluxcd\n';
    // flux bootstrap's gotk-components.yaml holds Flux's CRDs, the Alert's among them (abridged).
    const components = 'apiVersion: apiextensions.k8s.io/v1\nkind: CustomResourceDefinition\nmetadata:\n  name: alerts.notification.toolkit.fluxcd.io\n'
      + 'spec:\n  group: notification.toolkit.fluxcd.io\n  names:\n    kind: Alert\n    plural: alerts\n  scope: Namespaced\n  versions: []\n';
    const schemaLines = async (files: Record<string, string>): Promise<string[]> => {
      const dir = mkdtempSync(join(tmpdir(), 'check-operator-kinds-'));
      for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
      const { report } = await checkJson([dir]);
      return report.findings.filter((f) => f.rule === 'schema').map((f) => `${f.severity} ${f.pointer} ${f.message}`);
    };
    expect(await schemaLines({ 'notify.yaml': alert, 'instance.yaml': instance })).toEqual([]);
    expect(await schemaLines({ 'notify.yaml': alert })).toEqual([
      'note /spec/eventSources/0/kind Alert flux-system/instance spec.eventSources[0].kind is FluxInstance: not checked. Flux\'s Alert CRD does not take it, '
        + 'but flux-operator adds FluxInstance, ResourceSet and ResourceSetInputProvider to it where it installs Flux, and the files do not tell how this cluster\'s Flux is installed',
      'note /spec/resources/0/kind Receiver flux-system/push spec.resources[0].kind is ResourceSet: not checked. Flux\'s Receiver CRD does not take it, '
        + 'but flux-operator adds FluxInstance, ResourceSet and ResourceSetInputProvider to it where it installs Flux, and the files do not tell how this cluster\'s Flux is installed',
    ]);
    const refused = await schemaLines({ 'notify.yaml': alert, 'gotk-components.yaml': components });
    expect(refused).toHaveLength(2);
    expect(refused[0]).toMatch(/^error \/spec\/eventSources\/0\/kind notification\.toolkit\.fluxcd\.io\/v1beta3 Alert flux-system\/instance \/spec\/eventSources\/0\/kind: must be one of .*; got "FluxInstance"; /);
    expect(refused[0]).toContain('FluxInstance, ResourceSet and ResourceSetInputProvider are taken only where flux-operator installs Flux, and this cluster\'s Flux is installed '
      + 'from its own manifests (CustomResourceDefinition alerts.notification.toolkit.fluxcd.io at ');
    expect(refused[1]).toMatch(/^error \/spec\/resources\/0\/kind notification\.toolkit\.fluxcd\.io\/v1 Receiver flux-system\/push .*; got "ResourceSet"; /);
  });

  test("where the files turn on the multitenancy lockdown (a bootstrap patch, a FluxInstance's cluster.multitenant, a controller's args), a reference into another namespace that the controller refuses is an error (an Alert's event source a warning), dependsOn is not refused, what runs as an unbound default ServiceAccount is a warning, and a remote base fails the build", async () => {
    const meta = (kind: string, name: string, apiVersion: string) => `apiVersion: ${apiVersion}\nkind: ${kind}\nmetadata:\n  name: ${name}\n  namespace: team\n`;
    const ks = (name: string, sourceRef: string, extra = '') => `${meta('Kustomization', name, 'kustomize.toolkit.fluxcd.io/v1')}spec:\n  interval: 1h\n  prune: true\n  path: ./deploy\n`
      + `  serviceAccountName: team\n  sourceRef:\n${sourceRef}${extra}`;
    const tenant = [
      ks('web', '    kind: GitRepository\n    name: flux-system\n    namespace: flux-system\n'),
      ks('own', '    kind: GitRepository\n    name: team-repo\n', '  dependsOn:\n    - name: apps\n      namespace: flux-system\n'),
      `${meta('GitRepository', 'team-repo', 'source.toolkit.fluxcd.io/v1')}spec:\n  interval: 1h\n  url: https://github.com/acme/team\n`,
      `${meta('HelmRelease', 'web', 'helm.toolkit.fluxcd.io/v2')}spec:\n  interval: 1h\n  chartRef:\n    kind: OCIRepository\n    name: web\n    namespace: flux-system\n`,
      `${meta('HelmRelease', 'api', 'helm.toolkit.fluxcd.io/v2')}spec:\n  interval: 1h\n  chart:\n    spec:\n      chart: api\n      sourceRef:\n`
        + '        kind: HelmRepository\n        name: charts\n        namespace: flux-system\n',
      `${meta('Provider', 'slack', 'notification.toolkit.fluxcd.io/v1beta3')}spec:\n  type: generic\n  address: https://hooks.example.com/\n`,
      `${meta('Alert', 'alerts', 'notification.toolkit.fluxcd.io/v1beta3')}spec:\n  providerRef:\n    name: slack\n  eventSources:\n`
        + '    - kind: Kustomization\n      name: "*"\n      namespace: flux-system\n    - kind: HelmRelease\n      name: "*"\n',
      'apiVersion: source.toolkit.fluxcd.io/v1\nkind: OCIRepository\nmetadata:\n  name: web\n  namespace: flux-system\nspec:\n  interval: 1h\n'
        + '  url: oci://ghcr.io/acme/web\n  ref:\n    tag: 1.0.0\n',
      'apiVersion: source.toolkit.fluxcd.io/v1\nkind: HelmRepository\nmetadata:\n  name: charts\n  namespace: flux-system\nspec:\n  interval: 1h\n  url: https://charts.example.com\n',
    ].join('---\n');
    const apps = 'apiVersion: kustomize.toolkit.fluxcd.io/v1\nkind: Kustomization\nmetadata:\n  name: apps\n  namespace: flux-system\nspec:\n  interval: 1h\n  prune: true\n'
      + '  path: ./apps\n  serviceAccountName: kustomize-controller\n  sourceRef:\n    kind: GitRepository\n    name: flux-system\n';
    const lockdownPatch = (controllers: string, value = '--no-cross-namespace-refs=true') => '  - patch: |\n      - op: add\n        path: /spec/template/spec/containers/0/args/-\n'
      + `        value: ${value}\n    target:\n      kind: Deployment\n      name: "${controllers}"\n`;
    const lines = (report: JsonReport) => referenceLines(report).filter((l) => l.includes('another namespace'));
    const refused = (pointer: string, names: string, controller: string, by: string, refusal: string, fix = 'keep the ' + names.split(' ')[0] + ' in team, the namespace of what names it') =>
      `${pointer.endsWith('/0') ? 'warning' : 'error'} ${pointer} ${names}, in another namespace, and in this cluster ${controller} runs with --no-cross-namespace-refs=true (${by}), `
      + `so ${refusal}; ${fix}`;

    // flux bootstrap's kustomization, patched as fluxcd/flux2-multi-tenancy patches it.
    const bootstrap = workingTree('check-lockdown-');
    writeGitSync(bootstrap.write);
    bootstrap.write('clusters/prod/flux-system/kustomization.yaml', 'apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\nresources: [gotk-sync.yaml]\npatches:\n'
      + lockdownPatch('(kustomize-controller|helm-controller|notification-controller|image-reflector-controller|image-automation-controller)'));
    bootstrap.write('clusters/prod/apps.yaml', apps);
    bootstrap.write('apps/tenant.yaml', tenant);
    bootstrap.write('deploy/settings.yaml', 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: settings\n  namespace: team\n');
    const by = `a patch at ${join(bootstrap.repo, 'clusters', 'prod', 'flux-system', 'kustomization.yaml')}:5`;
    const all = [
      refused('/spec/sourceRef', 'Kustomization team/web spec.sourceRef names GitRepository flux-system/flux-system', 'kustomize-controller', by,
        'it refuses the reference: "can\'t access \'GitRepository/flux-system/flux-system\', cross-namespace references have been blocked"', 'keep the GitRepository in team, the namespace of what names it'),
      refused('/spec/chartRef', 'HelmRelease team/web spec.chartRef names OCIRepository flux-system/web', 'helm-controller', by,
        'it refuses the reference: "cross-namespace references are not allowed: cannot access OCIRepository flux-system/web"', 'keep the OCIRepository in team, the namespace of what names it'),
      refused('/spec/chart/spec/sourceRef', 'HelmRelease team/api spec.chart.spec.sourceRef names HelmRepository flux-system/charts', 'helm-controller', by,
        'it makes the release\'s HelmChart in flux-system and refuses to read it: "cross-namespace references are not allowed: cannot access HelmChart flux-system/team-api"',
        'keep the HelmRepository in team, the namespace of what names it'),
      refused('/spec/eventSources/0', 'Alert team/alerts spec.eventSources[0] names Kustomization flux-system/*', 'notification-controller', by,
        'it discards the events of this source and the Alert never reports them: "alert \'team/alerts\' can\'t process event from \'Kustomization/flux-system/*\', '
        + 'cross-namespace references have been blocked"', 'an Alert in flux-system can report them'),
    ];
    expect(lines((await checkJson([bootstrap.repo])).report)).toEqual(all);

    // Without the patch nothing is refused.
    bootstrap.write('clusters/prod/flux-system/kustomization.yaml', 'apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\nresources: [gotk-sync.yaml]\n');
    expect(lines((await checkJson([bootstrap.repo])).report)).toEqual([]);

    // The controllers' Deployments in the files (gotk-components.yaml), their args as written.
    bootstrap.write('clusters/prod/flux-system/kustomization.yaml', 'apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\n'
      + 'resources: [gotk-components.yaml, gotk-sync.yaml]\n');
    bootstrap.write('clusters/prod/flux-system/gotk-components.yaml', 'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: kustomize-controller\n  namespace: flux-system\n'
      + 'spec:\n  template:\n    spec:\n      containers:\n        - name: manager\n          args:\n            - --log-level=info\n            - --no-cross-namespace-refs\n');
    expect(lines((await checkJson([bootstrap.repo])).report)).toEqual([all[0].replace(by, `its Deployment's args at ${join(bootstrap.repo, 'clusters', 'prod', 'flux-system', 'gotk-components.yaml')}:11`)]);

    // A FluxInstance's multitenant lockdown; a patch of its own after it turns helm-controller's flag off again.
    const instance = workingTree('check-lockdown-instance-');
    instance.write('clusters/prod/flux-system/instance.yaml', 'apiVersion: fluxcd.controlplane.io/v1\nkind: FluxInstance\nmetadata:\n  name: flux\n  namespace: flux-system\nspec:\n'
      + '  distribution:\n    version: 2.7.x\n    registry: ghcr.io/fluxcd\n  cluster:\n    multitenant: true\n  sync:\n    kind: GitRepository\n'
      + '    url: https://github.com/acme/ops.git\n    ref: refs/heads/main\n    path: clusters/prod\n  kustomize:\n    patches:\n'
      + lockdownPatch('helm-controller', '--no-cross-namespace-refs=false').replace(/^ {2}/gm, '      '));
    instance.write('clusters/prod/apps.yaml', apps);
    instance.write('apps/tenant.yaml', tenant);
    instance.write('deploy/settings.yaml', 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: settings\n  namespace: team\n');
    const lockdown = `the multitenancy lockdown of FluxInstance flux-system/flux at ${join(instance.repo, 'clusters', 'prod', 'flux-system', 'instance.yaml')}:11`;
    const instanceReport = (await checkJson([instance.repo])).report;
    expect(lines(instanceReport)).toEqual([all[0], all[3]].map((l) => l.replace(by, lockdown)));
    // The lockdown also makes kustomize- and helm-controller apply what sets no serviceAccountName as the namespace's default ServiceAccount.
    const defaultAccount = (name: string) => `warning /spec/serviceAccountName HelmRelease team/${name} sets no spec.serviceAccountName, and in this cluster helm-controller runs `
      + `with --default-service-account=default (${lockdown}), so helm-controller applies the release as ServiceAccount team/default, which no RoleBinding or `
      + 'ClusterRoleBinding in the files grants anything: the API server refuses what it applies (fine if the cluster binds it elsewhere); '
      + 'set spec.serviceAccountName to an account bound to what it applies';
    const unbound = (report: JsonReport) => referenceLines(report).filter((l) => l.includes('sets no spec.serviceAccountName'));
    expect(unbound(instanceReport)).toEqual([defaultAccount('web'), defaultAccount('api')]);
    // A RoleBinding in the namespace for that account (its subject's namespace defaults to the binding's) answers it.
    instance.write('apps/rbac.yaml', 'apiVersion: rbac.authorization.k8s.io/v1\nkind: RoleBinding\nmetadata:\n  name: reconciler\n  namespace: team\n'
      + 'roleRef:\n  apiGroup: rbac.authorization.k8s.io\n  kind: ClusterRole\n  name: admin\nsubjects:\n  - kind: ServiceAccount\n    name: default\n');
    expect(unbound((await checkJson([instance.repo])).report)).toEqual([]);

    // The lockdown also confines kustomize-controller's builds to the artifact (--no-remote-bases): a remote base or component fails the build
    // that reads it; a YAML file fetched over HTTP does not.
    instance.write('apps/kustomization.yaml', 'apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\nresources:\n  - tenant.yaml\n  - rbac.yaml\n'
      + '  - https://raw.githubusercontent.com/acme/base/v1/crds.yaml\n  - https://github.com/acme/base//deploy?ref=v1\ncomponents:\n  - github.com/acme/components/monitoring\n');
    const builds = await checkJson([instance.repo]);
    const remote = (pointer: string, path: string, what: string) => `${join(instance.repo, 'apps', 'kustomization.yaml')} ${pointer} '${path}' is a remote ${what}, and in this `
      + `cluster kustomize-controller runs with --no-remote-bases=true (${lockdown}), so kustomize build of ${join(instance.repo, 'apps')} (as Kustomization flux-system/apps in `
      + `${join(instance.repo, 'clusters', 'prod', 'apps.yaml')} builds it) fails: the controller builds on a file system confined to the source's artifact and cannot fetch it; `
      + 'copy it into the repository, or have a Flux source fetch it';
    expect(builds.report.findings.filter((f) => f.rule === 'kustomize-build').map((f) => `${f.severity} ${f.message}`)).toEqual([
      `error ${remote('resources[3]', 'https://github.com/acme/base//deploy?ref=v1', 'base')}`,
      `error ${remote('components[0]', 'github.com/acme/components/monitoring', 'component')}`,
    ]);
  });

  test("what a flux-operator ResourceSet applies is checked as the files' other objects, located inside it; templates and inputs from providers are a note", async () => {
    const dir = mkdtempSync(join(tmpdir(), 'check-resource-set-'));
    // A web release's source and release, a templated ConfigMap, and previews from a provider (xunholy/k8s-gitops, d1-fleet install flux-operator so).
    const rs = `${[
      'apiVersion: fluxcd.controlplane.io/v1',
      'kind: ResourceSet',
      'metadata:',
      '  name: web',
      '  namespace: apps',
      'spec:',
      '  commonMetadata:',
      '    labels:',
      '      team: platform',
      '  resources:',
      '    - apiVersion: source.toolkit.fluxcd.io/v1',
      '      kind: OCIRepository',
      '      metadata:',
      '        name: web',
      '        namespace: apps',
      '      spec:',
      '        interval: 1h',
      '        url: oci://ghcr.io/acme/charts/web',
      '        ref:',
      '          semver: 1.x',
      '        layerSelector:',
      '          mediaType: application/vnd.cncf.helm.chart.content.v1.tar+gzip',
      '          operation: copy',
      '    - apiVersion: helm.toolkit.fluxcd.io/v2',
      '      kind: HelmRelease',
      '      metadata:',
      '        name: web',
      '        namespace: apps',
      '      spec:',
      '        chartRef:',
      '          kind: OCIRepository',
      '          name: web',
      '        valuesFrom:',
      '          - kind: ConfigMap',
      '            name: web-values',
      '    - apiVersion: v1',
      '      kind: ConfigMap',
      '      metadata:',
      '        name: web-<< inputs.id >>',
      '        namespace: apps',
      '---',
      'apiVersion: fluxcd.controlplane.io/v1',
      'kind: ResourceSet',
      'metadata:',
      '  name: previews',
      '  namespace: apps',
      'spec:',
      '  inputsFrom:',
      '    - kind: ResourceSetInputProvider',
      '      name: pull-requests',
      '  resources:',
      '    - apiVersion: helm.toolkit.fluxcd.io/v2',
      '      kind: HelmRelease',
      '      metadata:',
      '        name: preview',
      '        namespace: apps',
      '      spec:',
      '        chartRef:',
      '          kind: OCIRepository',
      '          name: nowhere',
    ].join('\n')}\n`;
    writeFileSync(join(dir, 'rs.yaml'), rs);
    writeFileSync(join(dir, 'kustomization.yaml'), 'apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\nresources: [rs.yaml]\n'
      + 'configMapGenerator:\n  - name: web-values\n    namespace: apps\n    literals: [replicas=2]\n');
    const lines = async () => (await checkJson([dir])).report.findings.filter((f) => !f.message.startsWith('registry check off'))
      .map((f) => `${relative(dir, f.file)}:${f.line} ${f.severity} ${f.rule} ${f.message}`);
    const unchecked = (name: string, why: string) => `rs.yaml:${lineOf(rs, `name: ${name}`) - 3} note not-checked ResourceSet apps/${name}: ${why}; `
      + 'what flux-operator applies from there is not checked';
    const templateNote = unchecked('web', '1 of its resources is a template (<< >>) flux-operator renders with the ResourceSet\'s inputs');
    const providersNote = unchecked('previews', 'its resources are applied only when the input providers of spec.inputsFrom give inputs, which are not known here');
    // The HelmRelease inside fails its CRD there (no interval); its chartRef finds the OCIRepository beside it; its valuesFrom misses the hashed ConfigMap.
    const schema = 'rs.yaml:29 error schema helm.toolkit.fluxcd.io/v2 HelmRelease apps/web /spec/interval: required field is missing';
    const hashed = 'rs.yaml:34 error reference HelmRelease apps/web spec.valuesFrom[0] names ConfigMap web-values, which '
      + `${join(dir, 'kustomization.yaml')} configMapGenerator[0] generates as web-values-<hash of its content>, and no nameReference configuration makes kustomize `
      + 'write that name into spec/resources/spec/valuesFrom/name, so helm-controller cannot find the ConfigMap; list a configurations: file with a ConfigMap '
      + "nameReference for ResourceSet spec/resources/spec/valuesFrom/name, or set the generator's options.disableNameSuffixHash: true";
    expect(await lines()).toEqual([templateNote, schema, hashed, providersNote]);
    // A nameReference for the ResourceSet's field makes kustomize write the hashed name there.
    writeFileSync(join(dir, 'kustomizeconfig.yaml'), 'nameReference:\n  - kind: ConfigMap\n    version: v1\n    fieldSpecs:\n'
      + '      - path: spec/resources/spec/valuesFrom/name\n        kind: ResourceSet\n');
    writeFileSync(join(dir, 'kustomization.yaml'), `${readFileSync(join(dir, 'kustomization.yaml'), 'utf8')}configurations: [kustomizeconfig.yaml]\n`);
    expect(await lines()).toEqual([templateNote, schema, providersNote]);
  });

  test("a Kustomization's postBuild.substituteFrom names a ConfigMap or Secret in its namespace: one not in the files, unless optional, made by an ExternalSecret or a SealedSecret or generated by a kustomization there, is a warning (the build fails without it)", async () => {
    const dir = mkdtempSync(join(tmpdir(), 'check-substitute-from-'));
    const from = (kind: string, name: string, optional = false) => `      - kind: ${kind}\n        name: ${name}\n${optional ? '        optional: true\n' : ''}`;
    writeFileSync(join(dir, 'apps.yaml'), [
      'apiVersion: kustomize.toolkit.fluxcd.io/v1\nkind: Kustomization\nmetadata:\n  name: apps\n  namespace: flux-system\nspec:\n  interval: 1h\n  prune: true\n'
        + '  path: ./apps\n  sourceRef:\n    kind: OCIRepository\n    name: manifests\n  postBuild:\n    substituteFrom:\n'
        + from('ConfigMap', 'cluster-settings') + from('Secret', 'cluster-secrets') + from('ConfigMap', 'cluster-settings-user', true) + from('Secret', 'made-by-eso')
        + from('ConfigMap', 'cluster-setings') + from('ConfigMap', 'generated-vars') + from('Secret', 'sealed'),
      'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: cluster-settings\n  namespace: flux-system\ndata:\n  DOMAIN: example.com\n',
      'apiVersion: external-secrets.io/v1\nkind: ExternalSecret\nmetadata:\n  name: eso\n  namespace: flux-system\nspec:\n  secretStoreRef:\n    kind: ClusterSecretStore\n'
        + '    name: vault\n  target:\n    name: made-by-eso\n  dataFrom:\n    - extract:\n        key: cluster\n',
      // A SealedSecret is unsealed into a Secret of its own name, whatever its template names.
      'apiVersion: bitnami.com/v1alpha1\nkind: SealedSecret\nmetadata:\n  name: sealed\n  namespace: flux-system\nspec:\n  encryptedData:\n    TOKEN: AgBy3i4OJSWK\n'
        + '  template:\n    metadata:\n      name: other\n',
    ].join('---\n'));
    // A ConfigMap the kustomization beside it generates is there too.
    writeFileSync(join(dir, 'kustomization.yaml'), 'apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\nresources:\n  - apps.yaml\n'
      + 'configMapGenerator:\n  - name: generated-vars\n    namespace: flux-system\n    literals:\n      - REGION=eu\n    options:\n      disableNameSuffixHash: true\n');
    const { report } = await checkJson([dir]);
    const missing = (kind: string, name: string, i: number) => notInFiles(`/spec/postBuild/substituteFrom/${i}`,
      `Kustomization flux-system/apps spec.postBuild.substituteFrom[${i}] names ${kind} flux-system/${name}`,
      `kustomize-controller fails the build: "substitute from '${kind}/${name}' error: … not found"; mark the entry optional: true if it may be missing`);
    expect(referenceLines(report, (f) => f.pointer === '/spec/sourceRef')).toEqual([
      missing('Secret', 'cluster-secrets', 1),
      missing('ConfigMap', 'cluster-setings', 4),
    ]);
  });

  test("a Helm chart's folder in a tree is not read (its templates are not YAML yet): a note at its Chart.yaml, not a YAML error", async () => {
    const dir = mkdtempSync(join(tmpdir(), 'check-charts-'));
    mkdirSync(join(dir, 'charts', 'web', 'templates'), { recursive: true });
    mkdirSync(join(dir, 'clusters'));
    writeFileSync(join(dir, 'charts', 'web', 'Chart.yaml'), 'apiVersion: v2\nname: web\nversion: 1.0.0\n');
    writeFileSync(join(dir, 'charts', 'web', 'values.yaml'), 'replicaCount: 1\n');
    writeFileSync(join(dir, 'charts', 'web', 'templates', 'deploy.yaml'), 'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  labels:\n    {{- include "web.labels" . | nindent 4 }}\n');
    copyFileSync(join(GUIDES, 'aws-ecr.yaml'), join(dir, 'clusters', 'apps.yaml'));
    const { code, report } = await checkJson([dir, '--flux-version', '2.0']);
    expect(code).toBe(0);
    expect(report.summary).toMatchObject({ files: 1 });
    const notes = report.findings.filter((f) => f.rule === 'helm-chart');
    expect(notes.map((f) => `${f.severity} ${relative(dir, f.file)}:${f.line}`)).toEqual([`note ${join('charts', 'web', 'Chart.yaml')}:1`]);
    expect(notes[0].message).toBe(`a Helm chart's folder, not read: its templates are YAML only once Helm renders them; to check what it makes, pipe 'helm template ${join(dir, 'charts', 'web')}' to 'flux-oci check -'`);
    expect(report.findings.filter((f) => f.rule === 'yaml')).toEqual([]);
  });

  test('a SOPS-encrypted Secret a Flux Kustomization applies without spec.decryption is an error (kustomize-controller refuses the whole apply); with decryption, set or patched in by the Kustomization building it, or opted out, a note', async () => {
    const { repo, write } = workingTree('check-sops-decryption-');
    writeGitSync(write);
    const ks = (name: string, path: string, extra = '') => `apiVersion: kustomize.toolkit.fluxcd.io/v1\nkind: Kustomization\nmetadata:\n  name: ${name}\n  namespace: flux-system\n`
      + `spec:\n  interval: 1h\n  prune: true\n  path: ${path}\n  sourceRef:\n    kind: GitRepository\n    name: flux-system\n${extra}`;
    const decryption = '  decryption:\n    provider: sops\n    secretRef:\n      name: sops-age\n';
    const secret = (name: string, annotations = '') => `apiVersion: v1\nkind: Secret\nmetadata:\n  name: ${name}\n  namespace: apps\n${annotations}`
      + 'stringData:\n  token: ENC[AES256_GCM,data:3q2+7w==,iv:AAAA,tag:BBBB,type:str]\nsops:\n  age:\n    - recipient: age1qqqq\n  mac: ENC[AES256_GCM,data:AAAA,type:str]\n';
    write('clusters/prod/plain.yaml', ks('plain', './apps/plain'));
    write('apps/plain/secret.sops.yaml', secret('plain-token'));
    write('apps/plain/opted-out.sops.yaml', secret('opted-out', '  annotations:\n    kustomize.toolkit.fluxcd.io/decrypt: disabled\n'));
    write('clusters/prod/decrypting.yaml', ks('decrypting', './apps/decrypting', decryption));
    write('apps/decrypting/secret.sops.yaml', secret('decrypted-token'));
    // A parent whose spec.patches give every Kustomization it builds decryption (Ramblurr/home-ops' cluster-core).
    write('clusters/prod/parent.yaml', ks('parent', './apps/children', '  patches:\n    - patch: |-\n        - op: add\n          path: /spec/decryption\n          value:\n'
      + '            provider: sops\n      target:\n        kind: Kustomization\n'));
    write('apps/children/child.yaml', ks('child', './apps/child'));
    write('apps/child/secret.sops.yaml', secret('child-token'));
    const { code, report } = await checkJson([repo]);
    expect(code).toBe(1);
    const found = report.findings.filter((f) => f.rule === 'encrypted-secret').map((f) => `${f.severity} ${relative(repo, f.file)}`);
    expect(found).toEqual([
      `note ${join('apps', 'child', 'secret.sops.yaml')}`,
      `note ${join('apps', 'decrypting', 'secret.sops.yaml')}`,
      `note ${join('apps', 'plain', 'opted-out.sops.yaml')}`,
      `error ${join('apps', 'plain', 'secret.sops.yaml')}`,
    ]);
    expect(report.findings.find((f) => f.rule === 'encrypted-secret' && f.severity === 'error')?.message).toBe(
      `Secret apps/plain-token is SOPS-encrypted, and Kustomization flux-system/plain in ${join(repo, 'clusters', 'prod', 'plain.yaml')}, which applies it, has no spec.decryption: `
      + 'kustomize-controller refuses to apply it ("Secret/apps/plain-token is SOPS encrypted, configuring decryption is required for this secret to be reconciled"), '
      + 'and nothing that Kustomization builds is applied; set its spec.decryption ({provider: sops, secretRef: {name: <the Secret holding the key>}}), '
      + 'or annotate the Secret kustomize.toolkit.fluxcd.io/decrypt: disabled',
    );
  });

  test('a SOPS-encrypted Secret is recognised and skipped with a note', async () => {
    const sops = `apiVersion: v1
kind: Secret
metadata:
  name: ghcr-auth
  namespace: flux-system
type: kubernetes.io/dockerconfigjson
data:
  .dockerconfigjson: ENC[AES256_GCM,data:3q2+7w==,iv:AAAA,tag:BBBB,type:str]
sops:
  age:
    - recipient: age1qqqq
  lastmodified: "2026-01-01T00:00:00Z"
  version: 3.9.0
`;
    const ocirepo = readFileSync(join(GUIDES, 'ocirepository-semver.yaml'), 'utf8');
    const run = await cli(['check', '--json', '-'], { stdin: `${sops}---\n${ocirepo}`, env: { FLUX_OCI_RESOLVE: 'locked' } });
    const { findings } = JSON.parse(run.stdout);
    expect(findings.filter((f: JsonFinding) => f.rule === 'encrypted-secret')).toEqual([expect.objectContaining({
      line: 1, severity: 'note', message: expect.stringContaining('Secret flux-system/ghcr-auth is SOPS-encrypted and is not decrypted here'),
    })]);
    // The Secret is in the files, so the reference is not dangling.
    expect(findings.filter((f: JsonFinding) => f.rule === 'reference')).toEqual([]);
    expect(run.stdout).not.toContain('3q2+7w');
  });

  test('progress on a terminal for a large tree, on stderr; none when stderr is not a terminal', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'check-large-'));
    for (let i = 0; i < 60; i++) copyFileSync(join(GUIDES, 'bitnami-mysql.yaml'), join(dir, `app-${String(i).padStart(2, '0')}.yaml`));
    const tty = await cli(['check', dir], { env: OFF, stderrTty: true });
    expect(tty.stderr).toContain('\rreading files: 50');
    expect(tty.stderr).toContain('checked 120 objects in 60 files');
    expect(tty.stderr.endsWith('\r\u001b[K')).toBe(true);
    expect(tty.stdout).not.toContain('\r');
    const plain = await cli(['check', dir], { env: OFF });
    expect(plain.stderr).toBe('');
    expect(plain.stdout).toBe(tty.stdout);
  });
});
