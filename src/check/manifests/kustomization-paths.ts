/**
 * Flux Kustomizations' `spec.path` against the repository the files are in.
 * kustomize-controller joins the path to the root of its source's artifact
 * (securejoin: `..` stops at the root) and fails with "kustomization path
 * not found" when nothing is there (fluxcd/kustomize-controller at
 * 186fb3b: internal/controller/kustomization_controller.go, "check build
 * path exists"). A Kustomization that reads the cluster's sync source (a
 * GitRepository named after its namespace, as `flux bootstrap` and a
 * FluxInstance name it) reads this very repository, so its path is a
 * folder of the Git working tree around its file. So is each of its
 * `spec.components`, relative to the path, unless
 * `ignoreMissingComponents` skips a missing one (fluxcd/pkg at e2cfd1a2:
 * kustomize/kustomize_generator.go, which also refuses a component that is
 * not a local relative path, `IsLocalRelativePath`).
 */
import { existsSync, readdirSync } from 'node:fs';
import { dirname, join, posix, resolve } from 'node:path';
import type { ManifestObject } from './documents';
import type { Finding } from './finding';
import { describeObject, fieldAt, identityOf, isFluxObject, stringAt } from './object-index';
import { ObjectReference, referenced } from './references';
import { closest } from '../../foundation/edit-distance';
import { fluxVariableIn } from '../../model/flux-variables';
import { isLocalRelativePath } from '../kustomize-files';

/**
 * An error for each Kustomization reading the cluster's sync source whose
 * path is not in the repository; `diskPathOf` gives a file's path on disk
 * (undefined for stdin). Where no Git working tree is around the files,
 * one note says the paths were not checked. `built` holds the folders on
 * disk the paths name, which kustomize-controller builds.
 */
export function kustomizationPathFindings(
  objects: readonly ManifestObject[], references: readonly ObjectReference[], diskPathOf: (file: string) => string | undefined,
): { findings: Finding[]; built: Set<string> } {
  const findings: Finding[] = [];
  const built = new Set<string>();
  const roots = new Map<string, string | undefined>();
  const unrooted: ManifestObject[] = [];
  for (const kustomization of objects) {
    if (!isFluxObject(kustomization) || kustomization.kind !== 'Kustomization') continue;
    const source = referenced(references, kustomization, '/spec/sourceRef');
    if (!source || source.kind !== 'GitRepository' || source.name !== source.namespace) continue;
    const path = stringAt(kustomization.value, 'spec', 'path');
    // No path is the artifact's root; a ${var} is known only once substituted (and its schema finding says so).
    if (path === undefined || fluxVariableIn(path) !== undefined) continue;
    const file = diskPathOf(kustomization.location.file);
    const root = file === undefined ? undefined : gitRoot(dirname(file), roots);
    if (root === undefined) {
      unrooted.push(kustomization);
      continue;
    }
    const missing = missingPart(root, path);
    if (missing === undefined) {
      built.add(resolve(root, `.${posix.normalize(`/${path}`)}`));
      findings.push(...componentFindings(kustomization, root, path));
      continue;
    }
    const hint = missing.suggestion === undefined ? '' : `; did you mean '${missing.suggestion}'?`;
    findings.push({
      rule: 'path',
      severity: 'error',
      location: kustomization.locate('/spec/path'),
      object: identityOf(kustomization),
      pointer: '/spec/path',
      message: `${describeObject(kustomization)} spec.path '${path}' is not in this repository (${root}): there is no '${missing.at}', `
        + `so kustomize-controller would fail with "kustomization path not found" (it reads ${describeObject(source)}, the cluster's sync source: this repository)${hint}`,
    });
  }
  if (unrooted.length > 0) {
    const [first] = unrooted;
    findings.push({
      rule: 'not-checked',
      severity: 'note',
      location: first.locate('/spec/path'),
      object: identityOf(first),
      pointer: '/spec/path',
      message: `${unrooted.length === 1 ? `the spec.path of ${describeObject(first)}` : `the spec.paths of ${unrooted.length} Kustomizations`} reading the cluster's sync source `
        + `${unrooted.length === 1 ? 'is' : 'are'} not checked: no Git working tree (.git) is around ${unrooted.length === 1 ? 'its file' : 'their files'}, so the repository's root is unknown`,
    });
  }
  return { findings, built };
}

/** Each component of a Kustomization whose path is there that is not, or is not a local relative path. */
function componentFindings(kustomization: ManifestObject, root: string, path: string): Finding[] {
  const components = fieldAt(kustomization.value, 'spec', 'components');
  if (!Array.isArray(components) || fieldAt(kustomization.value, 'spec', 'ignoreMissingComponents') === true) return [];
  const findings: Finding[] = [];
  components.forEach((component, i) => {
    if (typeof component !== 'string' || fluxVariableIn(component) !== undefined) return;
    const pointer = `/spec/components/${i}`;
    const at = { location: kustomization.locate(pointer), object: identityOf(kustomization), pointer };
    if (!isLocalRelativePath(component)) {
      findings.push({ rule: 'path', severity: 'error', ...at, message: `${describeObject(kustomization)} spec.components[${i}] '${component}' must be a local relative path (kustomize-controller refuses it)` });
      return;
    }
    const missing = missingPart(root, posix.join(path, component));
    if (missing === undefined) return;
    findings.push({
      rule: 'path',
      severity: 'error',
      ...at,
      message: `${describeObject(kustomization)} spec.components[${i}] '${component}' (from '${path}') is not in this repository (${root}): there is no '${missing.at}', `
        + `so the kustomize build fails${missing.suggestion === undefined ? '' : `; did you mean '${missing.suggestion}'?`} (ignoreMissingComponents: true skips a missing component)`,
    });
  });
  return findings;
}

/** The folders in `folder` (none when it is a file). */
function folderNames(folder: string): string[] {
  try {
    return readdirSync(folder, { withFileTypes: true }).filter((e) => e.isDirectory() && !e.name.startsWith('.')).map((e) => e.name);
  } catch {
    return [];
  }
}

/** The folder holding `.git` (a folder, or a file in a worktree or submodule) at or above `folder`; memoized per folder. */
function gitRoot(folder: string, memo: Map<string, string | undefined>): string | undefined {
  if (memo.has(folder)) return memo.get(folder);
  const parent = dirname(folder);
  const root = existsSync(join(folder, '.git')) ? folder : parent === folder ? undefined : gitRoot(parent, memo);
  memo.set(folder, root);
  return root;
}

/**
 * The first part of `path` that is not in `root` (as `./a/b`), with the
 * closest name in the folder above it; undefined when the whole path is
 * there. `..` stops at the root, as securejoin does.
 */
function missingPart(root: string, path: string): { at: string; suggestion?: string } | undefined {
  const parts = posix.normalize(`/${path}`).split('/').filter((p) => p !== '');
  let folder = root;
  for (let i = 0; i < parts.length; i++) {
    const next = join(folder, parts[i]);
    if (existsSync(next)) {
      folder = next;
      continue;
    }
    const names = folderNames(folder);
    const near = closest(parts[i], names);
    const shown = (segments: readonly string[]): string => `./${segments.join('/')}`;
    return {
      at: shown(parts.slice(0, i + 1)),
      ...(near !== undefined ? { suggestion: shown([...parts.slice(0, i), near, ...parts.slice(i + 1)]) } : {}),
    };
  }
  return undefined;
}
