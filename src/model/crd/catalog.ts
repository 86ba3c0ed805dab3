/**
 * Which packaged schema validates which apiVersion/kind
 * (generated/catalog.json, written by scripts/generate-schemas.ts).
 *
 * Precedence, first origin serving a version wins:
 * - `current`: the current CRDs, then the legacy releases newest first (so
 *   a version only older Flux serves, such as source v1beta2 or HelmRelease
 *   v2beta1, is checked against the last release that served it), then the
 *   hand-written schemas (Secret, ConfigMap, Namespace, ExternalSecret);
 * - `legacy`: the legacy releases first (Flux 2.7: source-controller v1.7.4,
 *   helm-controller v1.4.5; helm-controller v1.3.0 for v2beta1; Flux 2.8 for
 *   the notification and image kinds, the last releases serving their
 *   v1beta2), then the current CRDs for kinds no legacy file covers, then the
 *   hand-written ones.
 */
import packaged from './generated/catalog.json';

/** Which CRDs win where several releases serve a version: the current ones, or the legacy (Flux 2.7) ones. */
export type CrdSet = 'current' | 'legacy';

/** One served apiVersion/kind in generated/catalog.json. */
export interface PackagedEntry {
  readonly apiVersion: string;
  readonly kind: string;
  /** `current`, `legacy/<controller>-v<version>` or `hand-written`. */
  readonly origin: string;
  /** Relative to reference/ for CRDs, to the repository for hand-written schemas. */
  readonly file: string;
  /** Served but marked deprecated by the CRD. */
  readonly deprecated: boolean;
  readonly scope: 'Namespaced' | 'Cluster';
  /** Which syntax `metadata.name` follows: DNS-1123 subdomain, or label (Namespace). */
  readonly nameRule: 'subdomain' | 'label';
  /** Key of the schema in generated/schemas.json and of its validator. */
  readonly schema: string;
}

/** The shape of generated/catalog.json. */
export interface PackagedCatalog {
  /** Legacy origins, newest release first per controller. */
  readonly legacyOrigins: readonly string[];
  /** Every input file, with the release it comes from and its sha256. */
  readonly sources: readonly { readonly file: string; readonly release: string; readonly sha256: string }[];
  readonly entries: readonly PackagedEntry[];
}

const catalog = packaged as PackagedCatalog;
const indexes = new Map<CrdSet, ReadonlyMap<string, PackagedEntry>>();

export function entryKey(apiVersion: string, kind: string): string {
  return `${apiVersion} ${kind}`;
}

/** apiVersion/kind → entry for a CRD set; built once per process. */
export function schemaIndex(crdSet: CrdSet): ReadonlyMap<string, PackagedEntry> {
  let index = indexes.get(crdSet);
  if (!index) {
    const origins = crdSet === 'current'
      ? ['current', ...catalog.legacyOrigins, 'hand-written']
      : [...catalog.legacyOrigins, 'current', 'hand-written'];
    const built = new Map<string, PackagedEntry>();
    for (const origin of origins) {
      for (const entry of catalog.entries) {
        const key = entryKey(entry.apiVersion, entry.kind);
        if (entry.origin === origin && !built.has(key)) built.set(key, entry);
      }
    }
    index = built;
    indexes.set(crdSet, index);
  }
  return index;
}

/** The release an entry's file comes from, as SOURCE.md names it. */
export function releaseOf(entry: PackagedEntry): string {
  return catalog.sources.find((s) => s.file === entry.file)?.release ?? 'unknown';
}
