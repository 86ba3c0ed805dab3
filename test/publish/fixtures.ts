import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

/** Writes a small chart directory (with a `+` in the version) and returns its path. */
export function writeChartDir(name: string, version: string, extra: Record<string, string | Buffer> = {}): string {
  const dir = join(mkdtempSync(join(tmpdir(), 'flux-oci-push-')), name);
  const files: Record<string, string | Buffer> = {
    'Chart.yaml': [
      'apiVersion: v2',
      `name: ${name}`,
      `version: ${version}`,
      'appVersion: "2.0"',
      'description: a chart pushed by the tests',
      'home: https://example.com/home',
      'sources:',
      '  - https://github.com/acme/app',
      'maintainers:',
      '  - name: Ada',
      '    email: ada@example.com',
      '',
    ].join('\n'),
    'values.yaml': 'replicas: 1\n',
    'templates/cm.yaml': 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: {{ .Release.Name }}\n',
    ...extra,
  };
  writeFiles(dir, files);
  return dir;
}

/** Writes a directory of manifests for a Flux artifact and returns its path. */
export function writeManifestDir(files: Record<string, string | Buffer>): string {
  const dir = mkdtempSync(join(tmpdir(), 'flux-oci-artifact-'));
  writeFiles(dir, files);
  return dir;
}

function writeFiles(dir: string, files: Record<string, string | Buffer>): void {
  for (const [name, content] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, name)), { recursive: true });
    writeFileSync(join(dir, name), content);
  }
}
