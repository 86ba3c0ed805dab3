/**
 * The ConfigMaps and Secrets kustomizations generate (`configMapGenerator`,
 * `secretGenerator`), as a HelmRelease's `valuesFrom` reads them: the
 * flux-instance chart and many apps of home-ops repositories keep their
 * values in `helm/values.yaml`, turned into a ConfigMap by the
 * kustomization that lists the release (and secret values into a Secret,
 * often from a SOPS-encrypted file, which kustomize-controller decrypts
 * in the cluster and this check does not read).
 *
 * As kustomize 12f9e639 makes them: a `files` entry is `[key=]path`, the
 * key defaulting to the file's name (api/internal/generators/utils.go
 * `ParseFileSource`), read relative to the kustomization's folder; a
 * `literals` entry is `key=value`, one pair of matching quotes around the
 * value dropped (api/kv/kv.go `parseLiteralSource`, `removeQuotes`); an
 * `envs` file holds `KEY=value` lines ({@link envFilePairs}). Flux builds
 * with no load restrictions (fluxcd/pkg e2cfd1a2
 * kustomize/kustomize_generator.go `LoadRestrictionsNone`), so a file may
 * be anywhere in the working tree.
 *
 * kustomize names a generated object `<name>-<hash of its content>`
 * unless `disableNameSuffixHash` (the generator's `options`, or the
 * kustomization's `generatorOptions`), and rewrites the references its
 * name-reference configuration knows. A HelmRelease's
 * `spec.valuesFrom[].name` is not among kustomize's built-in ones
 * (api/konfig/builtinpluginconsts/namereference.go) nor added by Flux, so
 * it is rewritten only where a `configurations:` file says so (the
 * `kustomizeconfig.yaml` of those repositories).
 */
import { dirname, resolve } from 'node:path';
import { parse } from 'yaml';
import type { Finding } from './finding';
import { fileSource } from './kustomization-entries';
import type { ManifestObject } from './manifest-object';
import { describeObject, fieldAt, identityOf, ObjectIndex, stringAt } from './object-index';
import { readSmallFile } from './read-sources';
import { gitRoot } from './sync-source';
import { isWithin } from '../../foundation/paths';

/** A kustomization file as read: its name as the sources give it, its content, and its path on disk. */
export interface KustomizationOnDisk {
  readonly file: string;
  readonly value: unknown;
  /** @default - not read from disk: its generators' files are not known */
  readonly path?: string;
}

/** The kinds kustomize generates, with the field of a kustomization that generates each. */
const GENERATORS = { ConfigMap: 'configMapGenerator', Secret: 'secretGenerator' } as const;

/** A ConfigMap or Secret a kustomization's `configMapGenerator` or `secretGenerator` makes. */
export interface GeneratedObject {
  readonly kind: 'ConfigMap' | 'Secret';
  /** The kustomization that generates it. */
  readonly kustomization: KustomizationOnDisk;
  /** The JSON pointer of the generator in it (`/configMapGenerator/0`, `/secretGenerator/1`). */
  readonly pointer: string;
  /** Each key's text, from `files` and `literals`; a file that cannot be read leaves its key out. */
  readonly data: ReadonlyMap<string, string>;
  /** Whether some of its keys come from what is not read here: a file that could not be read, or a SOPS-encrypted one. */
  readonly partial: boolean;
  /** Whether it merges into or replaces an object of a base (`behavior`), so its content is not its own. */
  readonly merged: boolean;
  /** Whether kustomize appends a content hash to its name. */
  readonly hashed: boolean;
  /**
   * The fields a `configurations:` file of the kustomization, or of one in
   * a folder above it, makes kustomize rewrite names of its kind in, as
   * `<kind> <path>` (`* <path>` for any kind): `HelmRelease
   * spec/valuesFrom/name`, or `ResourceSet spec/resources/spec/valuesFrom/name`
   * for the HelmReleases a ResourceSet holds (./resource-sets.ts).
   */
  readonly nameReferences: ReadonlySet<string>;
}

/** The object of `kind` named `name` that a kustomization in `release`'s folder, or a folder above it, generates for it; undefined when none does. */
export type GeneratedObjects = (release: ManifestObject, kind: 'ConfigMap' | 'Secret', name: string) => GeneratedObject | undefined;

/** None: for callers without kustomizations. */
export const NO_GENERATED_OBJECTS: GeneratedObjects = () => undefined;

/**
 * The objects `kustomizations` generate, found from a HelmRelease: the
 * nearest kustomization at or above its file's folder (inside its working
 * tree) that generates one of that name. `diskPathOf` gives an object's
 * file on disk.
 */
export function generatedObjects(
  kustomizations: readonly KustomizationOnDisk[], diskPathOf: (file: string) => string | undefined,
): GeneratedObjects {
  const byFolder = new Map<string, KustomizationOnDisk>();
  for (const k of kustomizations) if (k.path !== undefined) byFolder.set(dirname(resolve(k.path)), k);
  if (byFolder.size === 0) return NO_GENERATED_OBJECTS;
  const roots = new Map<string, string | undefined>();
  const made = new Map<KustomizationOnDisk, Map<string, GeneratedObject>>();
  const rewrites = new Map<string, ReadonlySet<string>>();
  /** The fields the kustomization in `folder` or one above it (up to `root`) rewrites names of `kind` in. */
  const rewritten = (kind: GeneratedObject['kind'], folder: string, root: string): ReadonlySet<string> => {
    const key = `${kind} ${folder}`;
    let known = rewrites.get(key);
    if (known === undefined) {
      const k = byFolder.get(folder);
      const above = folder !== root && isWithin(root, dirname(folder));
      known = new Set([...(k !== undefined ? nameReferencesOf(k, kind, root) : []), ...(above ? rewritten(kind, dirname(folder), root) : [])]);
      rewrites.set(key, known);
    }
    return known;
  };
  return (release, kind, name) => {
    const file = diskPathOf(release.location.file);
    if (file === undefined) return undefined;
    const root = gitRoot(dirname(resolve(file)), roots) ?? dirname(resolve(file));
    for (let folder = dirname(resolve(file)); isWithin(root, folder); folder = dirname(folder)) {
      const k = byFolder.get(folder);
      if (k) {
        let generated = made.get(k);
        if (!generated) {
          generated = generatedBy(k, root, (of, f) => rewritten(of, f, root));
          made.set(k, generated);
        }
        const found = generated.get(`${kind} ${name}`);
        if (found) return found;
      }
      if (folder === root) break;
    }
    return undefined;
  };
}

/**
 * The objects one kustomization generates, by `<kind> <name>` (the last of
 * a name wins, as a later generator of it fails kustomize anyway).
 */
function generatedBy(
  k: KustomizationOnDisk, root: string, rewritten: (kind: GeneratedObject['kind'], folder: string) => ReadonlySet<string>,
): Map<string, GeneratedObject> {
  const out = new Map<string, GeneratedObject>();
  if (k.path === undefined) return out;
  const folder = dirname(resolve(k.path));
  const hashOff = fieldAt(k.value, 'generatorOptions', 'disableNameSuffixHash') === true;
  for (const kind of ['ConfigMap', 'Secret'] as const) {
    const generators = fieldAt(k.value, GENERATORS[kind]);
    (Array.isArray(generators) ? generators : []).forEach((generator, i) => {
      const name = stringAt(generator, 'name');
      if (name === undefined) return;
      const data = new Map<string, string>();
      let partial = false;
      const envs = fieldAt(generator, 'envs');
      const env = stringAt(generator, 'env');
      for (const entry of [...(Array.isArray(envs) ? envs : []), ...(env !== undefined ? [env] : [])]) {
        const text = typeof entry === 'string' ? readBounded(resolve(folder, entry), root) : undefined;
        if (text !== undefined && !isSopsEncryptedText(text)) for (const [key, value] of envFilePairs(text)) data.set(key, value);
        else partial = true;
      }
      const files = fieldAt(generator, 'files');
      for (const entry of Array.isArray(files) ? files : []) {
        const source = typeof entry === 'string' ? fileSource(entry) : undefined;
        const text = source && readBounded(resolve(folder, source.path), root);
        // kustomize-controller decrypts a SOPS-encrypted file before the build: its content is not the file's.
        if (source && text !== undefined && !isSopsEncryptedText(text)) data.set(source.key, text);
        else partial = true;
      }
      const literals = fieldAt(generator, 'literals');
      for (const entry of Array.isArray(literals) ? literals : []) {
        const at = typeof entry === 'string' ? entry.indexOf('=') : -1;
        if (at > 0) data.set((entry as string).slice(0, at), withoutQuotes((entry as string).slice(at + 1)));
      }
      const behavior = stringAt(generator, 'behavior');
      out.set(`${kind} ${name}`, {
        kind,
        kustomization: k,
        pointer: `/${GENERATORS[kind]}/${i}`,
        data,
        partial,
        merged: behavior !== undefined && behavior !== 'create',
        hashed: !(hashOff || fieldAt(generator, 'options', 'disableNameSuffixHash') === true),
        nameReferences: rewritten(kind, folder),
      });
    });
  }
  return out;
}

/**
 * The pairs of an env file, as kustomize reads them (api/kv/kv.go
 * `keyValuesFromLine`): a UTF-8 BOM dropped from the first line, leading
 * white space trimmed, empty and `#` lines skipped, `KEY=value` split at
 * the first `=` (the value as written, quotes kept), a line without `=` an
 * empty value.
 */
function envFilePairs(text: string): [string, string][] {
  return text.replace(/^\uFEFF/, '').split(/\r?\n/).flatMap((raw): [string, string][] => {
    const line = raw.trimStart();
    if (line === '' || line.startsWith('#')) return [];
    const at = line.indexOf('=');
    return [at < 0 ? [line, ''] : [line.slice(0, at), line.slice(at + 1)]];
  });
}

/** A literal's value with one pair of matching quotes dropped (kustomize `removeQuotes`). */
function withoutQuotes(value: string): string {
  return value.length >= 2 && value[0] === value[value.length - 1] && (value[0] === '"' || value[0] === "'") ? value.slice(1, -1) : value;
}

/**
 * The fields the nameReferences of `kind` in a kustomization's
 * `configurations:` files (inside the working tree at `root`) name, as
 * `<kind> <path>` (`* <path>` for a fieldSpec of any kind).
 */
function nameReferencesOf(k: KustomizationOnDisk, kind: GeneratedObject['kind'], root: string): string[] {
  const configurations = fieldAt(k.value, 'configurations');
  if (!Array.isArray(configurations) || k.path === undefined) return [];
  const folder = dirname(resolve(k.path));
  return configurations.flatMap((file) => {
    if (typeof file !== 'string') return [];
    let config: unknown;
    try {
      config = parse(readBounded(resolve(folder, file), root) ?? '');
    } catch {
      return [];
    }
    const references = fieldAt(config, 'nameReference');
    return (Array.isArray(references) ? references : []).filter((r) => stringAt(r, 'kind') === kind).flatMap((r) => {
      const specs = fieldAt(r, 'fieldSpecs');
      return (Array.isArray(specs) ? specs : []).flatMap((spec) => {
        const path = stringAt(spec, 'path')?.replace(/^\/+/, '');
        return path === undefined ? [] : [`${stringAt(spec, 'kind') ?? '*'} ${path}`];
      });
    });
  });
}

/**
 * Whether kustomize writes the names it gives `release`'s valuesFrom
 * ConfigMaps and Secrets into it: a nameReference for its
 * `spec/valuesFrom/name`, or, for a HelmRelease a ResourceSet holds, for
 * the ResourceSet's field holding it (kustomize's fieldSpec paths step
 * through lists: `spec/resources/spec/valuesFrom/name`).
 */
function valuesFromRewritten(release: ManifestObject, generated: GeneratedObject): boolean {
  const { kind, path } = valuesFromField(release);
  return generated.nameReferences.has(`${kind} ${path}`) || generated.nameReferences.has(`* ${path}`);
}

/** The kind and fieldSpec path a nameReference names to reach `release`'s valuesFrom names: its own, or the ResourceSet's holding it. */
function valuesFromField(release: ManifestObject): { readonly kind: string; readonly path: string } {
  return release.embeddedIn
    ? { kind: release.embeddedIn.object.kind, path: `${release.embeddedIn.field}/spec/valuesFrom/name` }
    : { kind: release.kind, path: 'spec/valuesFrom/name' };
}

/** A file's text, when it is a regular file inside `root` no larger than a manifest may be. */
function readBounded(file: string, root: string): string | undefined {
  return isWithin(root, file) ? readSmallFile(file) : undefined;
}

/** For messages: where an object is generated (`apps/web/kustomization.yaml configMapGenerator[0]`). */
export function describeGenerator(generated: GeneratedObject): string {
  const [, field, index] = generated.pointer.split('/');
  return `${generated.kustomization.file} ${field}[${index}]`;
}

/** Whether a file's text is SOPS-encrypted: YAML or JSON with its `sops` metadata, or dotenv values written `ENC[…]`. */
function isSopsEncryptedText(text: string): boolean {
  return /^sops:/m.test(text) || /"sops"\s*:/.test(text) || /=ENC\[/.test(text);
}

/**
 * The name `generated` has in the cluster where `release` names it `name`
 * and kustomize does not write that name into the reference: with a hash
 * of its content (`hashed`, then `name` is without it), or renamed by the
 * `namePrefix` / `nameSuffix` of the build that renames the release too
 * (./kustomize-patches.ts, with what renames it). Undefined when the
 * release's reference reaches it: neither, or a `configurations:` file
 * makes kustomize rewrite `spec.valuesFrom[].name`.
 */
export function namedInCluster(
  release: ManifestObject, generated: GeneratedObject, name: string,
): { readonly name: string; readonly hashed: boolean; readonly renamedBy?: string } | undefined {
  if (valuesFromRewritten(release, generated)) return undefined;
  const { path } = generated.kustomization;
  const renamed = path === undefined ? undefined : release.generatedName?.(dirname(resolve(path)), name);
  if (!generated.hashed && !renamed) return undefined;
  return { name: renamed?.name ?? name, hashed: generated.hashed, ...(renamed ? { renamedBy: renamed.renamedBy } : {}) };
}

/**
 * An error for each HelmRelease `valuesFrom` entry naming a ConfigMap or
 * Secret that is not in the files but that a kustomization generates
 * under another name in the cluster, which no configuration makes
 * kustomize write into the reference: `<name>-<hash of its content>`,
 * or renamed by the `namePrefix` / `nameSuffix` of the build that renames
 * the release too (./kustomize-patches.ts). helm-controller then fails to
 * find `<name>` (an `optional` entry is skipped, so the values are
 * silently missing: a warning).
 */
export function generatedNameFindings(objects: readonly ManifestObject[], index: ObjectIndex, generatedFor: GeneratedObjects): Finding[] {
  const findings: Finding[] = [];
  for (const release of objects) {
    if (release.kind !== 'HelmRelease' || !release.apiVersion.startsWith('helm.toolkit.fluxcd.io/')) continue;
    const entries = fieldAt(release.value, 'spec', 'valuesFrom');
    (Array.isArray(entries) ? entries : []).forEach((entry, i) => {
      const name = stringAt(entry, 'name');
      const kind = stringAt(entry, 'kind') === 'Secret' ? 'Secret' : 'ConfigMap';
      if (name === undefined || index.find('', kind, name, release.appliedNamespace)) return;
      const generated = generatedFor(release, kind, name);
      const inCluster = generated && namedInCluster(release, generated, name);
      if (!generated || !inCluster) return;
      const optional = fieldAt(entry, 'optional') === true;
      const pointer = `/spec/valuesFrom/${i}`;
      const { renamedBy, hashed } = inCluster;
      const unhashed = "set the generator's options.disableNameSuffixHash: true";
      const field = valuesFromField(release);
      const fix = `list a configurations: file with a ${kind} nameReference for ${field.kind} ${field.path}, or `
        + (renamedBy === undefined ? unhashed : hashed ? `${unhashed} and name it ${inCluster.name}` : `name it ${inCluster.name}`);
      const renames = renamedBy === undefined ? '' : ` (renamed by ${renamedBy}, as the release is)`;
      findings.push({
        rule: 'reference',
        severity: optional ? 'warning' : 'error',
        location: release.locate(pointer),
        object: identityOf(release),
        pointer,
        message: `${describeObject(release)} spec.valuesFrom[${i}] names ${kind} ${name}, which ${describeGenerator(generated)} generates as `
          + `${inCluster.name}${hashed ? '-<hash of its content>' : ''}${renames}, `
          + `and no nameReference configuration makes kustomize write that name into ${field.path}, so `
          + (optional ? 'helm-controller skips the entry (optional: true) and the release goes without these values; ' : `helm-controller cannot find the ${kind}; `)
          + fix,
      });
    });
  }
  return findings;
}
