/**
 * Paths a kustomization names (./kustomization-entries.ts) that are not
 * on disk. kustomize loads a resource as a file, else as a folder holding a kustomization
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
import { kustomizationEntries } from './kustomization-entries';
import { closest } from '../../foundation/edit-distance';
import { pointerAsField } from '../../foundation/json-pointer';
import { isLocalRelativePath, KUSTOMIZATION_FILES } from '../kustomize-files';

/**
 * A finding for each local resource, component, patch or generator file a
 * kustomization on disk names that is not there; `built` holds the folders
 * Flux Kustomizations' paths name.
 */
export function kustomizeEntryFindings(kustomizations: readonly KustomizationDocument[], built: ReadonlySet<string>): Finding[] {
  const findings: Finding[] = [];
  const onDisk = kustomizations.flatMap((k) => (k.path === undefined ? [] : [{
    k,
    folder: dirname(k.path),
    entries: kustomizationEntries(k.value).filter((e) => isLocalRelativePath(e.path)),
  }]));
  const included = new Set(onDisk.flatMap(({ folder, entries }) => entries.filter((e) => e.kind !== 'file').map((e) => resolve(folder, e.path))));
  for (const { k, folder, entries } of onDisk) {
    const builds = built.has(resolve(folder)) || included.has(resolve(folder));
    for (const entry of entries) {
      const target = join(folder, entry.path);
      const problem = entry.kind === 'file' ? fileProblem(target) : entry.kind === 'component' ? folderProblem(target) : resourceProblem(target);
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
  'not-a-file': 'is a folder, not a file',
};

/** A resource is a file, or a folder holding a kustomization. */
function resourceProblem(target: string): Problem | undefined {
  const info = statOf(target);
  if (info === undefined) return 'missing';
  return info.isDirectory() && !holdsKustomization(target) ? 'no-kustomization' : undefined;
}

/** A component is a folder holding a kustomization. */
function folderProblem(target: string): Problem | undefined {
  const info = statOf(target);
  if (info === undefined) return 'missing';
  return info.isDirectory() && holdsKustomization(target) ? undefined : 'no-kustomization';
}

function holdsKustomization(folder: string): boolean {
  return KUSTOMIZATION_FILES.some((name) => existsSync(join(folder, name)));
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
