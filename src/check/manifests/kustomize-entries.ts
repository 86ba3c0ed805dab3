/**
 * What a kustomization file names on disk: its resources, components and
 * patch files, each relative to the kustomization's folder. kustomize
 * loads a resource as a file, else as a folder holding a kustomization
 * (kubernetes-sigs/kustomize at 12f9e639:
 * api/internal/target/kusttarget.go `accumulateResources`), so a name that
 * is neither fails the build, and with it the Flux Kustomization that
 * builds the folder. That is an error for a kustomization something in the
 * files builds: another kustomization includes its folder, or a
 * Kustomization's `spec.path` names it. One nothing in the files builds
 * (a folder left out, or built only by a cluster whose files are
 * elsewhere) gets a warning.
 */
import { existsSync, readdirSync, statSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import type { KustomizationDocument } from './documents';
import type { Finding } from './finding';
import { patchPaths } from './kustomize-patches';
import { closest } from '../../foundation/edit-distance';
import { pointerAsField } from '../../foundation/json-pointer';
import { isLocalRelativePath, KUSTOMIZATION_FILES } from '../kustomize-files';

/**
 * A finding for each local resource, component or patch file a
 * kustomization on disk names that is not there; `built` holds the folders
 * Flux Kustomizations' paths name.
 */
export function kustomizeEntryFindings(kustomizations: readonly KustomizationDocument[], built: ReadonlySet<string>): Finding[] {
  const findings: Finding[] = [];
  const included = new Set(kustomizations.flatMap((k) => (k.path === undefined ? [] : entriesOf(k.value)
    .filter((e) => e.kind !== 'patch' && isLocalRelativePath(e.path)).map((e) => resolve(dirname(k.path!), e.path)))));
  for (const k of kustomizations) {
    if (k.path === undefined) continue;
    const folder = dirname(k.path);
    const builds = built.has(resolve(folder)) || included.has(resolve(folder));
    for (const entry of entriesOf(k.value)) {
      if (!isLocalRelativePath(entry.path)) continue;
      const target = join(folder, entry.path);
      const problem = entry.kind === 'patch' ? fileProblem(target) : entry.kind === 'component' ? folderProblem(target) : resourceProblem(target);
      if (problem === undefined) continue;
      const near = problem === 'missing' ? closest(basename(target), namesIn(dirname(target))) : undefined;
      findings.push({
        rule: 'path',
        severity: builds ? 'error' : 'warning',
        location: k.locate(entry.pointer),
        pointer: entry.pointer,
        message: `${k.file} ${pointerAsField(entry.pointer)} '${entry.path}' ${PROBLEMS[problem]}, so kustomize build of ${dirname(k.file)} fails`
          + (near === undefined ? '' : `; did you mean '${join(dirname(entry.path), near)}'?`)
          + (builds ? '' : ' (nothing in these files builds that folder: no kustomization includes it and no Kustomization\'s spec.path names it; fine if it is left over)'),
      });
    }
  }
  return findings;
}

type Problem = 'missing' | 'no-kustomization' | 'not-a-file';

const PROBLEMS: Readonly<Record<Problem, string>> = {
  'missing': 'is not there',
  'no-kustomization': 'is a folder without a kustomization file (kustomize reads a folder only through one)',
  'not-a-file': 'is a folder, not a patch file',
};

/** The resources (and the older `bases`), components and patch files a kustomization names. */
function entriesOf(value: unknown): { kind: 'resource' | 'component' | 'patch'; pointer: string; path: string }[] {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return [];
  const k = value as Record<string, unknown>;
  const named = (field: string, kind: 'resource' | 'component') => (Array.isArray(k[field]) ? k[field] as unknown[] : [])
    .flatMap((path, i) => (typeof path === 'string' && path !== '' ? [{ kind, pointer: `/${field}/${i}`, path }] : []));
  return [
    ...named('resources', 'resource'),
    ...named('bases', 'resource'),
    ...named('components', 'component'),
    ...patchPaths(value).map((p) => ({ kind: 'patch' as const, ...p })),
  ];
}

function resourceProblem(target: string): Problem | undefined {
  const info = statOf(target);
  if (info === undefined) return 'missing';
  return info.isDirectory() ? folderProblem(target) : undefined;
}

function folderProblem(target: string): Problem | undefined {
  const info = statOf(target);
  if (info === undefined) return 'missing';
  return info.isDirectory() && KUSTOMIZATION_FILES.some((name) => existsSync(join(target, name))) ? undefined : 'no-kustomization';
}

function fileProblem(target: string): Problem | undefined {
  const info = statOf(target);
  if (info === undefined) return 'missing';
  return info.isDirectory() ? 'not-a-file' : undefined;
}

function statOf(path: string): ReturnType<typeof statSync> | undefined {
  try {
    return statSync(path);
  } catch {
    return undefined;
  }
}

/** The files and folders in `folder`, hidden ones aside (none when it cannot be read). */
function namesIn(folder: string): string[] {
  try {
    return readdirSync(folder).filter((name) => !name.startsWith('.'));
  } catch {
    return [];
  }
}
