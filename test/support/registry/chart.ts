import { createHash } from 'node:crypto';
import { stringify } from 'yaml';
import { tarGzip } from './tar';

/** What goes into a generated Helm chart. */
export interface TestChartSpec {
  /** Chart name, also the top folder in the archive. */
  readonly name: string;
  /** Chart version (SemVer 2, may contain `+`). */
  readonly version: string;
  /** @default - no appVersion */
  readonly appVersion?: string;
  /** @default 'tiny test chart' */
  readonly description?: string;
  /**
   * More files, relative to the chart folder (`templates/secret.yaml`,
   * `README.md`); a path that exists replaces the generated file.
   * @default - none
   */
  readonly extraFiles?: Readonly<Record<string, string | Buffer>>;
}

/** A packaged chart and its Helm OCI config blob. */
export interface BuiltChart {
  /** The `.tgz` Helm would push as the chart layer. */
  readonly tgz: Buffer;
  /** Chart metadata as JSON: the `application/vnd.cncf.helm.config.v1+json` blob. */
  readonly configJson: Buffer;
  readonly chartYaml: string;
}

/**
 * Builds a real Helm chart (apiVersion v2: Chart.yaml, values.yaml, one
 * ConfigMap template) as a deterministic `.tgz`: the same spec gives the
 * same bytes, so digests are stable within a Node version.
 */
export function buildTestChart(spec: TestChartSpec): BuiltChart {
  // Field order follows Helm's Metadata struct, as `helm push` writes the config.
  const metadata: Record<string, string> = {
    name: spec.name,
    version: spec.version,
    description: spec.description ?? 'tiny test chart',
    apiVersion: 'v2',
    ...(spec.appVersion !== undefined ? { appVersion: spec.appVersion } : {}),
    type: 'application',
  };
  const chartYaml = stringify({
    apiVersion: 'v2',
    name: spec.name,
    version: spec.version,
    description: metadata.description,
    type: 'application',
    ...(spec.appVersion !== undefined ? { appVersion: spec.appVersion } : {}),
  });
  const files = new Map<string, Buffer>([
    ['Chart.yaml', Buffer.from(chartYaml)],
    ['values.yaml', Buffer.from('replicaCount: 1\n')],
    ['templates/configmap.yaml', Buffer.from(
      'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: {{ .Release.Name }}-cm\ndata:\n  replicaCount: {{ .Values.replicaCount | quote }}\n',
    )],
  ]);
  for (const [file, content] of Object.entries(spec.extraFiles ?? {})) {
    files.set(file, Buffer.from(content));
  }
  const tgz = tarGzip([...files].map(([file, content]) => ({ path: `${spec.name}/${file}`, content })));
  return { tgz, configJson: Buffer.from(JSON.stringify(metadata)), chartYaml };
}

/**
 * A provenance file shaped like Helm's (PGP clear-signed Chart.yaml plus the
 * archive's sha256). The signature is a placeholder: good enough to test
 * that a provenance layer is carried, not to verify it.
 */
export function buildProvenance(name: string, version: string, chart: BuiltChart): Buffer {
  const sha = createHash('sha256').update(chart.tgz).digest('hex');
  return Buffer.from([
    '-----BEGIN PGP SIGNED MESSAGE-----',
    'Hash: SHA512',
    '',
    chart.chartYaml.trimEnd(),
    '',
    '...',
    'files:',
    `  ${name}-${version}.tgz: sha256:${sha}`,
    '-----BEGIN PGP SIGNATURE-----',
    '',
    'dGVzdCBmaXh0dXJlOiBub3QgYSByZWFsIHNpZ25hdHVyZQ==',
    '-----END PGP SIGNATURE-----',
    '',
  ].join('\n'));
}
