/**
 * Which schema validates which apiVersion/kind: the CRD files read in place
 * from reference/, plus the hand-written schemas for kinds without one.
 *
 * Precedence, first source serving a version wins:
 * - `current`: the current CRDs (flux-crds/*.yaml, helm-operator-crds/*.yaml),
 *   then legacy releases, newest first — so a version only older Flux serves
 *   (source v1beta2, HelmRelease v2beta1/v2beta2) is checked against the
 *   last release that served it;
 * - `legacy`: legacy releases, newest first, then the current CRDs for kinds
 *   no legacy file covers (Kustomization, helm-operator). With the files in
 *   reference/ this is Flux 2.7 (source-controller v1.7.4,
 *   helm-controller v1.4.5), plus helm-controller v1.3.0 for v2beta1.
 *
 * Every schema is translated when the catalog loads, so an unknown CEL rule,
 * format or keyword in any file fails the first validation of the process.
 */
import { readdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { parseAllDocuments } from 'yaml';
import { SHARED_DIR, sharedPath } from '../shared';
import { CONFIG_MAP_SCHEMA, checkConfigMap, checkSecret, NAMESPACE_SCHEMA, SECRET_SCHEMA } from './core-kinds';
import { SchemaCompileError } from './errors';
import { EXTERNAL_SECRET_SCHEMA } from './external-secret';
import { NameRule, Scope } from './metadata';
import { Problem } from './problem';
import { JsonSchema, toJsonSchema } from './structural';

export type CrdSet = 'current' | 'legacy';

/** An extra check for rules a kind's API server enforces outside its schema. */
export type ObjectCheck = (obj: Record<string, unknown>) => Problem[];

export interface CatalogEntry {
  readonly apiVersion: string;
  readonly kind: string;
  /** The schema's file, relative to reference/ (CRDs) or the repository (hand-written). */
  readonly file: string;
  /** `current`, `legacy/<controller>-v<version>` or `hand-written`. */
  readonly origin: string;
  /** Served but marked deprecated by the CRD. */
  readonly deprecated: boolean;
  readonly scope: Scope;
  readonly nameRule: NameRule;
  /** The translated root schema, ajv-ready. */
  readonly schema: JsonSchema;
  readonly checks: readonly ObjectCheck[];
}

interface Source {
  readonly origin: string;
  readonly entries: readonly CatalogEntry[];
}

export function entryKey(apiVersion: string, kind: string): string {
  return `${apiVersion} ${kind}`;
}

const indexes = new Map<CrdSet, ReadonlyMap<string, CatalogEntry>>();
let sources: { current: Source; legacy: Source[]; handWritten: Source } | undefined;

/** apiVersion/kind → entry for a CRD set; built once per process. */
export function catalog(crdSet: CrdSet): ReadonlyMap<string, CatalogEntry> {
  let index = indexes.get(crdSet);
  if (!index) {
    sources ??= loadSources();
    const order = crdSet === 'current'
      ? [sources.current, ...sources.legacy, sources.handWritten]
      : [...sources.legacy, sources.current, sources.handWritten];
    const built = new Map<string, CatalogEntry>();
    for (const source of order) {
      for (const entry of source.entries) {
        const key = entryKey(entry.apiVersion, entry.kind);
        if (!built.has(key)) built.set(key, entry);
      }
    }
    index = built;
    indexes.set(crdSet, index);
  }
  return index;
}

function loadSources(): { current: Source; legacy: Source[]; handWritten: Source } {
  const current: CatalogEntry[] = [];
  for (const dir of ['flux-crds', 'helm-operator-crds']) {
    for (const file of yamlFiles(sharedPath(dir))) current.push(...loadCrdFile(file, 'current'));
  }
  const legacyDir = sharedPath('flux-crds', 'legacy');
  const legacy = releasesNewestFirst(readdirSync(legacyDir, { withFileTypes: true })
    .filter((d) => d.isDirectory()).map((d) => d.name))
    .map((release) => ({
      origin: `legacy/${release}`,
      entries: yamlFiles(path.join(legacyDir, release)).flatMap((f) => loadCrdFile(f, `legacy/${release}`)),
    }));
  return { current: { origin: 'current', entries: current }, legacy, handWritten: { origin: 'hand-written', entries: handWritten() } };
}

function yamlFiles(dir: string): string[] {
  return readdirSync(dir).filter((f) => f.endsWith('.yaml') || f.endsWith('.yml')).sort().map((f) => path.join(dir, f));
}

/** `helm-controller-v1.4.5` before `helm-controller-v1.3.0`; controllers by name. */
export function releasesNewestFirst(releases: string[]): string[] {
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

function loadCrdFile(file: string, origin: string): CatalogEntry[] {
  const relative = path.relative(SHARED_DIR, file);
  const entries: CatalogEntry[] = [];
  for (const doc of parseAllDocuments(readFileSync(file, 'utf8'))) {
    if (doc.errors.length > 0) throw new SchemaCompileError(`YAML does not parse: ${doc.errors[0].message}`, relative);
    const crd = doc.toJS() as any;
    if (crd?.kind !== 'CustomResourceDefinition') continue;
    const { group, names, scope } = crd.spec;
    for (const version of crd.spec.versions) {
      if (!version.served) continue;
      const apiVersion = `${group}/${version.name}`;
      const location = `${relative} ${names.kind} ${version.name}`;
      entries.push({
        apiVersion,
        kind: names.kind,
        file: relative,
        origin,
        deprecated: version.deprecated === true,
        scope,
        nameRule: 'subdomain',
        schema: finishRoot(toJsonSchema(version.schema.openAPIV3Schema, location)),
        checks: [],
      });
    }
  }
  return entries;
}

function handWritten(): CatalogEntry[] {
  const entry = (apiVersion: string, kind: string, file: string, schema: unknown, more: Partial<CatalogEntry> = {}): CatalogEntry => ({
    apiVersion,
    kind,
    file,
    origin: 'hand-written',
    deprecated: false,
    scope: 'Namespaced',
    nameRule: 'subdomain',
    schema: finishRoot(toJsonSchema(schema, `${file} ${kind}`)),
    checks: [],
    ...more,
  });
  const core = 'test/support/validate/core-kinds.ts';
  return [
    entry('v1', 'Secret', core, SECRET_SCHEMA, { checks: [checkSecret] }),
    entry('v1', 'ConfigMap', core, CONFIG_MAP_SCHEMA, { checks: [checkConfigMap] }),
    entry('v1', 'Namespace', core, NAMESPACE_SCHEMA, { scope: 'Cluster', nameRule: 'label' }),
    entry('external-secrets.io/v1', 'ExternalSecret', 'test/support/validate/external-secret.ts', EXTERNAL_SECRET_SCHEMA),
  ];
}

/**
 * CRDs declare `metadata: {type: object}` and leave ObjectMeta to the API
 * server; metadata.ts does that part. A spec whose schema has required
 * fields must be present: the API server would accept an object without
 * one, but its required fields and rules would then never be checked.
 */
function finishRoot(schema: JsonSchema): JsonSchema {
  const properties = { ...(schema.properties as Record<string, JsonSchema>) };
  properties.metadata = { type: 'object' };
  const required = new Set([...((schema.required as string[] | undefined) ?? []), 'apiVersion', 'kind', 'metadata']);
  const spec = properties.spec;
  if (spec && Array.isArray(spec.required) && spec.required.length > 0) required.add('spec');
  return { ...schema, properties, required: [...required] };
}
