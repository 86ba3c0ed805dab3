/**
 * What the packaged schemas are made from: every CRD file under reference/
 * with the release it comes from (see reference/flux-crds/SOURCE.md and
 * reference/helm-operator-crds/SOURCE.md), and the hand-written schemas of
 * kinds without a CRD. A CRD file that is not listed here, or a listed file
 * that is missing, fails the generator: a new file must say where it is from.
 */
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import * as path from 'node:path';
import { parseAllDocuments } from 'yaml';
import { CONFIG_MAP_SCHEMA, NAMESPACE_SCHEMA, SECRET_SCHEMA } from './core-kinds';
import { SchemaCompileError } from './errors';
import { EXTERNAL_SECRET_SCHEMA } from './external-secret';

export const REPOSITORY = path.resolve(__dirname, '..', '..');
export const REFERENCE = path.join(REPOSITORY, 'reference');

/** `current` for the top-level CRDs, `legacy/<controller>-v<version>` for legacy/, `hand-written`. */
export type Origin = string;

export interface CrdFile {
  /** Relative to reference/. */
  readonly file: string;
  readonly release: string;
}

/** One release's CRD files under reference/: `<folder>/<group>_<plural>.yaml` for each plural. */
function filesOf(release: string, folder: string, group: string, ...plurals: string[]): CrdFile[] {
  return plurals.map((plural) => ({ file: `${folder}/${group}_${plural}.yaml`, release }));
}

const SOURCE = 'source.toolkit.fluxcd.io';
const NOTIFICATION = 'notification.toolkit.fluxcd.io';
const IMAGE = 'image.toolkit.fluxcd.io';
const HELM = 'helm.toolkit.fluxcd.io';

export const CRD_FILES: readonly CrdFile[] = [
  ...filesOf('fluxcd/helm-controller@0f61a860 (v1.6.0-21; CRD as in v1.6.3, Flux 2.9)', 'flux-crds', HELM, 'helmreleases'),
  ...filesOf('fluxcd/kustomize-controller@186fb3b2 (v1.9.0-36; CRD as in v1.9.4, Flux 2.9)', 'flux-crds', 'kustomize.toolkit.fluxcd.io', 'kustomizations'),
  ...filesOf('fluxcd/image-reflector-controller v1.2.0 @cf3258ba (schema as in v1.2.x, Flux 2.9)', 'flux-crds', IMAGE, 'imagepolicies', 'imagerepositories'),
  ...filesOf('fluxcd/image-automation-controller v1.2.1 @aec08629 (schema as in v1.2.x, Flux 2.9)', 'flux-crds', IMAGE, 'imageupdateautomations'),
  ...filesOf('fluxcd/notification-controller v1.9.3 @0b6fcb11 (Flux 2.9)', 'flux-crds', NOTIFICATION, 'alerts', 'providers', 'receivers'),
  ...filesOf('fluxcd/source-controller@39b711b1 (v1.9.0-13; schema as in v1.9.1, Flux 2.9)', 'flux-crds', SOURCE,
    'buckets', 'gitrepositories', 'helmcharts', 'helmrepositories', 'ocirepositories'),
  ...filesOf('fluxcd/source-watcher v2.2.1 @824a8bdc (Flux 2.9)', 'flux-crds', 'source.extensions.fluxcd.io', 'artifactgenerators'),
  ...filesOf('fluxcd/helm-controller v1.3.0 @e47f47f1 (Flux 2.6)', 'flux-crds/legacy/helm-controller-v1.3.0', HELM, 'helmreleases'),
  ...filesOf('fluxcd/helm-controller v1.4.5 @3ebc2f57 (Flux 2.7)', 'flux-crds/legacy/helm-controller-v1.4.5', HELM, 'helmreleases'),
  ...filesOf('fluxcd/image-automation-controller v1.1.4 @6ffb95aa (Flux 2.8)', 'flux-crds/legacy/image-automation-controller-v1.1.4', IMAGE, 'imageupdateautomations'),
  ...filesOf('fluxcd/image-reflector-controller v1.1.2 @5556b250 (Flux 2.8)', 'flux-crds/legacy/image-reflector-controller-v1.1.2', IMAGE,
    'imagepolicies', 'imagerepositories'),
  ...filesOf('fluxcd/notification-controller v1.8.4 @f98e1eb5 (Flux 2.8)', 'flux-crds/legacy/notification-controller-v1.8.4', NOTIFICATION,
    'alerts', 'providers', 'receivers'),
  ...filesOf('fluxcd/source-controller v1.7.4 @2eb5a81a (Flux 2.7)', 'flux-crds/legacy/source-controller-v1.7.4', SOURCE,
    'buckets', 'gitrepositories', 'helmcharts', 'helmrepositories', 'ocirepositories'),
  ...filesOf('ketches/helm-operator@482c8a13 (v0.3.2)', 'helm-operator-crds', 'helm-operator.ketches.cn', 'helmreleases', 'helmrepositories'),
];

/** One served version of one kind, before translation. */
export interface SchemaSource {
  readonly apiVersion: string;
  readonly kind: string;
  readonly origin: Origin;
  /** Relative to reference/ (CRDs) or to the repository (hand-written). */
  readonly file: string;
  readonly release: string;
  readonly sha256: string;
  readonly deprecated: boolean;
  readonly scope: 'Namespaced' | 'Cluster';
  /** Which syntax `metadata.name` follows: DNS-1123 subdomain, or label (Namespace). */
  readonly nameRule: 'subdomain' | 'label';
  /** The structural schema (`openAPIV3Schema`). */
  readonly schema: unknown;
}

export function originOf(file: string): Origin {
  const legacy = /^flux-crds\/legacy\/([^/]+)\//.exec(file);
  return legacy ? `legacy/${legacy[1]}` : 'current';
}

/** Every served version of every listed CRD file. */
export function crdSources(): SchemaSource[] {
  const onDisk = [...yamlFiles(path.join(REFERENCE, 'flux-crds')), ...yamlFiles(path.join(REFERENCE, 'helm-operator-crds'))];
  const listed = new Set(CRD_FILES.map((f) => f.file));
  const unlisted = onDisk.filter((f) => !listed.has(f));
  if (unlisted.length > 0) {
    throw new SchemaCompileError('CRD file not listed in scripts/schemas/sources.ts (add it with its release)', unlisted.join(', '));
  }
  return CRD_FILES.flatMap(({ file, release }) => {
    let text: string;
    try {
      text = readFileSync(path.join(REFERENCE, file), 'utf8');
    } catch (e) {
      throw new SchemaCompileError(`cannot read the CRD: ${(e as Error).message}`, `reference/${file}`);
    }
    const sha256 = createHash('sha256').update(text).digest('hex');
    const sources: SchemaSource[] = [];
    for (const doc of parseAllDocuments(text)) {
      if (doc.errors.length > 0) throw new SchemaCompileError(`YAML does not parse: ${doc.errors[0].message}`, file);
      const crd = doc.toJS() as any;
      if (crd?.kind !== 'CustomResourceDefinition') continue;
      const { group, names, scope } = crd.spec;
      for (const version of crd.spec.versions) {
        if (!version.served) continue;
        sources.push({
          apiVersion: `${group}/${version.name}`,
          kind: names.kind,
          origin: originOf(file),
          file,
          release,
          sha256,
          deprecated: version.deprecated === true,
          scope,
          nameRule: 'subdomain',
          schema: version.schema.openAPIV3Schema,
        });
      }
    }
    return sources;
  });
}

/** Kinds flux-oci writes that have no CRD in reference/. */
export function handWrittenSources(): SchemaSource[] {
  const entry = (apiVersion: string, kind: string, file: string, schema: unknown, more: Partial<SchemaSource> = {}): SchemaSource => ({
    apiVersion,
    kind,
    origin: 'hand-written',
    file,
    release: more.release ?? 'Kubernetes API reference (core/v1)',
    sha256: createHash('sha256').update(JSON.stringify(schema)).digest('hex'),
    deprecated: false,
    scope: 'Namespaced',
    nameRule: 'subdomain',
    schema,
    ...more,
  });
  const core = 'scripts/schemas/core-kinds.ts';
  return [
    entry('v1', 'Secret', core, SECRET_SCHEMA),
    entry('v1', 'ConfigMap', core, CONFIG_MAP_SCHEMA),
    entry('v1', 'Namespace', core, NAMESPACE_SCHEMA, { scope: 'Cluster', nameRule: 'label' }),
    entry('external-secrets.io/v1', 'ExternalSecret', 'scripts/schemas/external-secret.ts', EXTERNAL_SECRET_SCHEMA, {
      release: 'external-secrets API reference, v1 (not the upstream CRD)',
    }),
  ];
}

/** `helm-controller-v1.4.5` before `helm-controller-v1.3.0`; controllers by name. */
export function releasesNewestFirst(releases: readonly string[]): string[] {
  const parse = (r: string) => {
    const m = /^(.*)-v(\d+)\.(\d+)\.(\d+)$/.exec(r);
    if (!m) throw new SchemaCompileError('legacy folder name must be <controller>-v<major>.<minor>.<patch>', r);
    return { name: m[1], version: [Number(m[2]), Number(m[3]), Number(m[4])] };
  };
  return [...releases].sort((a, b) => {
    const pa = parse(a);
    const pb = parse(b);
    if (pa.name !== pb.name) return pa.name < pb.name ? -1 : 1;
    for (let i = 0; i < 3; i++) {
      if (pa.version[i] !== pb.version[i]) return pb.version[i] - pa.version[i];
    }
    return 0;
  });
}

function yamlFiles(dir: string): string[] {
  return readdirSync(dir).sort().flatMap((name) => {
    const p = path.join(dir, name);
    if (statSync(p).isDirectory()) return yamlFiles(p);
    return name.endsWith('.yaml') || name.endsWith('.yml') ? [path.relative(REFERENCE, p)] : [];
  });
}
