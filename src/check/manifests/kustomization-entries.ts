import { basename, dirname, join, normalize, posix } from 'node:path';
import { isMap, parseAllDocuments } from 'yaml';
import { goYamlText } from '../../archives/go-yaml-names';
import { KUSTOMIZATION_FILES } from '../kustomize-files';

/**
 * What a kustomization file names, as kustomize reads it: its resources,
 * components, patch files and the files its generators read, each relative
 * to its own folder. The older `bases` are resources: kustomize appends
 * them to `resources` before building (kubernetes-sigs/kustomize at
 * 12f9e639: api/types/kustomization.go `FixKustomization`), so they count
 * wherever resources do.
 *
 * Patch files among the files checked. A folder of Flux YAML is
 * most often a kustomize tree (a base and overlays), and an overlay's
 * patch is a partial object that `kustomize build` (which
 * kustomize-controller runs on a Kustomization's path) merges into the
 * base's: read as an object of its own, it lacks required fields and
 * duplicates the object it patches. The files a kustomization names as
 * patches are therefore not objects; what the patched objects become is
 * what `kustomize build <overlay>` prints.
 *
 * A kustomization names a patch file in `patches[].path`,
 * `patchesStrategicMerge[]` and `patchesJson6902[].path`, relative to its
 * own folder. As in kubernetes-sigs/kustomize at 12f9e639 (2026-08-20):
 * api/types/kustomization.go and api/types/patch.go for the fields;
 * api/internal/builtins/PatchStrategicMergeTransformer.go `loadFromPaths`,
 * which takes a patchesStrategicMerge entry for the patch itself when it
 * parses as resources and for a path otherwise; ../kustomize-files.ts for
 * the file names.
 */

/** Whether `file` is named as kustomize names its kustomization file. */
export function isKustomizationFile(file: string): boolean {
  return KUSTOMIZATION_FILES.includes(basename(file));
}

/**
 * Every file the kustomizations name as a patch (normalized, joined to the
 * kustomization's folder as the kustomization's own name is), with the
 * kustomization file that names it.
 */
export function kustomizePatchFiles(kustomizations: readonly { readonly file: string; readonly value: unknown }[]): Map<string, string> {
  const patches = new Map<string, string>();
  for (const { file, value } of kustomizations) {
    for (const { path } of patchPaths(value)) {
      const patch = normalize(join(dirname(file), path));
      if (!patches.has(patch)) patches.set(patch, file);
    }
  }
  return patches;
}

/** The patch files a kustomization names, each with the JSON pointer of its entry (relative to the kustomization's folder). */
export function patchPaths(value: unknown): { readonly pointer: string; readonly path: string }[] {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return [];
  const k = value as Record<string, unknown>;
  return [
    ...listOf(k.patches).map((entry, i) => ({ pointer: `/patches/${i}/path`, path: pathOf(entry) })),
    ...listOf(k.patchesJson6902).map((entry, i) => ({ pointer: `/patchesJson6902/${i}/path`, path: pathOf(entry) })),
    ...listOf(k.patchesStrategicMerge).map((p, i) => ({ pointer: `/patchesStrategicMerge/${i}`, path: typeof p === 'string' && !isInlineYaml(p) ? p : undefined })),
  ].filter((e): e is { pointer: string; path: string } => e.path !== undefined);
}

/**
 * A `patchesStrategicMerge`, `generators`, `transformers` or `validators`
 * entry that is the YAML itself rather than a path: it reads as YAML
 * mappings (a path reads as a plain string).
 */
export function isInlineYaml(entry: string): boolean {
  const read = goYamlText(entry);
  return !read.refused && parseAllDocuments(read.text).some((doc) => doc.errors.length === 0 && isMap(doc.contents));
}

/** The value when it is a list; none otherwise (a field kustomize would refuse is its own error). */
export function listOf(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [];
}

/** The `path` of a `patches` or `patchesJson6902` entry; undefined for an inline `patch`. */
function pathOf(entry: unknown): string | undefined {
  if (typeof entry !== 'object' || entry === null) return undefined;
  const path = (entry as Record<string, unknown>).path;
  return typeof path === 'string' && path !== '' ? path : undefined;
}

/** A path a kustomization names. */
export interface KustomizationEntry {
  /**
   * A resource (a file, or a folder holding a kustomization), a component
   * (such a folder), a file a patch or generator reads, or a plugin's
   * configuration (`generators`, `transformers`, `validators`: a file or a
   * kustomization folder, read as kustomize reads resources, but
   * configuring a plugin rather than building objects; ./kustomize-plugins.ts).
   */
  readonly kind: 'resource' | 'component' | 'file' | 'plugin';
  /** JSON pointer of the entry in the kustomization. */
  readonly pointer: string;
  /** The path as written, relative to the kustomization's folder. */
  readonly path: string;
}

/** The resources (and the older `bases`), components, patch files, generator files and plugin configurations a kustomization names. */
export function kustomizationEntries(value: unknown): KustomizationEntry[] {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return [];
  const k = value as Record<string, unknown>;
  return [
    ...listed(k, 'resources', 'resource'),
    ...listed(k, 'bases', 'resource'),
    ...listed(k, 'components', 'component'),
    ...patchPaths(value).map((p) => ({ kind: 'file' as const, ...p })),
    ...generatorFiles(k, 'configMapGenerator'),
    ...generatorFiles(k, 'secretGenerator'),
    ...PLUGIN_FIELDS.flatMap((field) => listed(k, field, 'plugin', '', (s) => (isInlineYaml(s) ? undefined : s))),
  ];
}

/** Whether kustomize builds what the entry names into the kustomization naming it: a resource or a component (not a file a patch, generator or plugin reads). */
export function buildsInto(entry: KustomizationEntry): boolean {
  return entry.kind === 'resource' || entry.kind === 'component';
}

/**
 * The fields listing plugin configurations, inline or by path
 * (kubernetes-sigs/kustomize at 12f9e639: api/internal/target/kusttarget.go
 * `configureExternalGenerators`, `configureExternalTransformers`, which
 * `runValidators` uses too).
 */
export const PLUGIN_FIELDS = ['generators', 'transformers', 'validators'] as const;

/** The strings of a list field, each as an entry at `<at>/<field>/<i>`. */
function listed(k: Record<string, unknown>, field: string, kind: KustomizationEntry['kind'], at = '', path: (s: string) => string | undefined = (s) => s): KustomizationEntry[] {
  return (Array.isArray(k[field]) ? k[field] as unknown[] : []).flatMap((item, i) => {
    const p = typeof item === 'string' && item !== '' ? path(item) : undefined;
    return p === undefined ? [] : [{ kind, pointer: `${at}/${field}/${i}`, path: p }];
  });
}

/**
 * The files a ConfigMap or Secret generator reads: `files` (`[key=]path`,
 * kustomize api/internal/generators/utils.go `ParseFileSource`; a
 * malformed one is kustomize's own error), `envs` and the older `env`.
 */
function generatorFiles(k: Record<string, unknown>, field: string): KustomizationEntry[] {
  const generators = Array.isArray(k[field]) ? k[field] as unknown[] : [];
  return generators.flatMap((g, i) => {
    if (typeof g !== 'object' || g === null || Array.isArray(g)) return [];
    const generator = g as Record<string, unknown>;
    const at = `/${field}/${i}`;
    const env: KustomizationEntry[] = typeof generator.env === 'string' && generator.env !== '' ? [{ kind: 'file', pointer: `${at}/env`, path: generator.env }] : [];
    return [...listed(generator, 'files', 'file', at, fileSourcePath), ...listed(generator, 'envs', 'file', at), ...env];
  });
}

/** The path of a `[key=]path` file source; undefined for a malformed one. */
function fileSourcePath(source: string): string | undefined {
  return fileSource(source)?.path;
}

/**
 * A generator's `[key=]path` file source: the key defaults to the file's
 * name (kustomize 12f9e639 api/internal/generators/utils.go
 * `ParseFileSource`); undefined for a malformed one, kustomize's own error.
 */
export function fileSource(source: string): { readonly key: string; readonly path: string } | undefined {
  const parts = source.split('=');
  if (parts.length === 1) return { key: posix.basename(source), path: source };
  return parts.length === 2 && parts[0] !== '' && parts[1] !== '' ? { key: parts[0], path: parts[1] } : undefined;
}
