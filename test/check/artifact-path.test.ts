import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { writeTarGz } from '../../src/archives';
import { checkKustomizationPath } from '../../src/check/artifact-path';
import type { ContentOutcome } from '../../src/check/content-fetch';

const CONFIG_MAP = 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: app\n';
const DIGEST = `sha256:${'a'.repeat(64)}`;

/** A fetched content layer holding `files` (path → text). */
function layer(files: Record<string, string>): ContentOutcome {
  const bytes = writeTarGz(Object.entries(files).map(([name, text]) => ({ name, type: 'file' as const, mode: 0o644, data: Buffer.from(text) })));
  return { state: 'fetched', layer: { manifestDigest: DIGEST, layerDigest: DIGEST, bytes, from: 'cache' } };
}

const at = (path: string | undefined, content: ContentOutcome, ignore?: string) => checkKustomizationPath(path, 'oci://r/site', content, { ignore })?.message;

describe('a Kustomization path in an OciArtifactSource, as source-controller extracts and archives the layer again', () => {
  test("without .sourceignore or spec.ignore, source-controller's defaults leave CI folders out", () => {
    const content = layer({ 'apps/cm.yaml': CONFIG_MAP, '.github/workflows/deploy.yaml': CONFIG_MAP });
    expect(at('./apps', content)).toBeUndefined();
    expect(at('./.github/workflows', content)).toBe(`path './.github/workflows' is in artifact oci://r/site@${DIGEST}, but source-controller leaves it out when it extracts `
      + "the artifact for its OCIRepository ('.github/' (source-controller's default ignore patterns)); kustomize-controller would fail with 'kustomization path not found'");
  });

  test("the OCIRepository's spec.ignore: a folder left out is not found, one whose manifests are all left out applies nothing", () => {
    const content = layer({ 'apps/web/cm.yaml': CONFIG_MAP, 'infra/cm.yaml': CONFIG_MAP, 'drafts/cm.yaml': CONFIG_MAP, 'drafts/README.md': '#' });
    const ignore = '# only the apps\n/*\n!/apps/\n!/drafts/\n/drafts/*.yaml\n';
    expect(at('./apps/web', content, ignore)).toBeUndefined();
    expect(at('./infra', content, ignore)).toMatch(/^path '.\/infra' is in artifact \S+, but source-controller leaves it out when it extracts the artifact for its OCIRepository \('\/\*' \(its spec.ignore, line 2\)\);/);
    expect(at('./drafts', content, ignore)).toBe(`path './drafts' ('drafts' of artifact oci://r/site@${DIGEST}) holds no kustomization.yaml, kustomization.yml, Kustomization `
      + "and no .yaml/.yml manifest below it once source-controller extracts it for its OCIRepository ('drafts/cm.yaml' left out: '/drafts/*.yaml' (its spec.ignore, line 5)): "
      + 'Flux would apply nothing, and with prune delete what this Kustomization applied before');
    // Without the ignore, the same layer passes.
    expect(at('./infra', content)).toBeUndefined();
  });

  test("the layer's .sourceignore files, each scoped to its folder, come before spec.ignore and drop the defaults", () => {
    const content = layer({
      '.sourceignore': '/staging/\n',
      'apps/.sourceignore': 'local/\n',
      'apps/local/cm.yaml': CONFIG_MAP,
      'local/cm.yaml': CONFIG_MAP,
      'staging/cm.yaml': CONFIG_MAP,
      '.github/cm.yaml': CONFIG_MAP,
    });
    expect(at('./staging', content)).toMatch(/leaves it out when it extracts the artifact for its OCIRepository \('\/staging\/' \(.sourceignore:1\)\);/);
    expect(at('./apps/local', content)).toMatch(/\('local\/' \(apps\/.sourceignore:1\)\);/);
    // Scoped to apps/: a top-level local/ is kept; with patterns given, .github/ is no longer a default.
    expect(at('./local', content)).toBeUndefined();
    expect(at('./.github', content)).toBeUndefined();
    // spec.ignore comes last, so it can re-include.
    expect(at('./staging', content, '!/staging/\n')).toBeUndefined();
  });

  test("the Kustomization's components, relative to its path: each a folder holding a kustomization in the extracted artifact, unless ignoreMissingComponents skips a missing one", () => {
    const content = layer({
      'apps/web/kustomization.yaml': 'resources: []\n',
      'apps/components/tls/kustomization.yaml': 'kind: Component\n',
      'apps/components/plain/cm.yaml': CONFIG_MAP,
      'apps/components/local/kustomization.yaml': 'kind: Component\n',
    });
    const check = (components: string[], options: { ignore?: string; ignoreMissingComponents?: boolean } = {}) =>
      checkKustomizationPath('./apps/web', 'oci://r/site', content, { components, ...options });
    expect(check(['../components/tls'])).toBeUndefined();
    expect(check(['../components/tls', '../components/tsl'])).toEqual({
      severity: 'error',
      component: 1,
      message: `component '../components/tsl' (relative to path './apps/web') is not in artifact oci://r/site@${DIGEST}, so the kustomize build fails (ignoreMissingComponents: true skips a missing component)`,
    });
    expect(check(['../components/tsl'], { ignoreMissingComponents: true })).toBeUndefined();
    expect(check(['../components/plain'])?.message).toBe(`component '../components/plain' (relative to path './apps/web') is not a folder holding a kustomization in artifact oci://r/site@${DIGEST}, so the kustomize build fails`);
    expect(check(['https://github.com/acme/components//tls'])?.message).toBe("component 'https://github.com/acme/components//tls' (relative to path './apps/web') must be a local relative path; kustomize-controller refuses it");
    expect(check(['../components/local'], { ignore: '/apps/components/local/\n' })?.message)
      .toMatch(/^component '..\/components\/local' \(relative to path '.\/apps\/web'\) is left out when source-controller extracts artifact \S+ for its OCIRepository \('\/apps\/components\/local\/' \(its spec.ignore, line 1\)\), so the kustomize build fails \(ignoreMissingComponents: true skips a missing component\)$/);
  });

  test('symbolic links are skipped when the layer is extracted', () => {
    const dir = mkdtempSync(join(tmpdir(), 'flux-oci-links-'));
    const write = (path: string, text: string) => {
      mkdirSync(dirname(join(dir, 'src', path)), { recursive: true });
      writeFileSync(join(dir, 'src', path), text);
    };
    write('base/cm.yaml', CONFIG_MAP);
    write('base/kustomization.yaml', 'resources: [cm.yaml]\n');
    mkdirSync(join(dir, 'src', 'linked'));
    symlinkSync('../base/kustomization.yaml', join(dir, 'src', 'linked', 'kustomization.yaml'));
    execFileSync('tar', ['-czf', join(dir, 'layer.tgz'), '-C', join(dir, 'src'), '.']);
    const content: ContentOutcome = { state: 'fetched', layer: { manifestDigest: DIGEST, layerDigest: DIGEST, bytes: readFileSync(join(dir, 'layer.tgz')), from: 'cache' } };
    expect(at('./base', content)).toBeUndefined();
    expect(at('./linked', content)).toMatch(/holds no kustomization.yaml, .* once source-controller extracts it for its OCIRepository \('linked\/kustomization.yaml' left out: a symbolic link, skipped\):/);
  });
});
