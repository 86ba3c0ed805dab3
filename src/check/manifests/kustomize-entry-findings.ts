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
 *
 * A kustomization a build of the cluster's sync source reads is read from
 * that source's artifact (./sync-artifact.ts): a path on disk that the
 * artifact leaves out is not there for the build either, and one into what
 * the source includes from another repository is not judged (a note).
 */
import { existsSync, readdirSync, statSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import type { Finding } from './finding';
import { buildsInto, kustomizationEntries } from './kustomization-entries';
import type { KustomizationDocument } from './manifest-object';
import { LeftOut, leftOutOfArtifact, notCheckedAsIncluded, RE_INCLUDE_HINT, SyncArtifact } from './sync-artifact';
import { closest } from '../../foundation/edit-distance';
import { pointerAsField } from '../../foundation/json-pointer';
import { isLocalRelativePath, KUSTOMIZATION_FILES } from '../kustomize-files';

/**
 * A finding for each local resource, component, patch or generator file, or plugin configuration, a
 * kustomization on disk names that is not there; `built` holds the folders
 * Flux Kustomizations' paths name.
 */
export function kustomizeEntryFindings(
  kustomizations: readonly KustomizationDocument[], built: ReadonlySet<string>, artifactOf: ArtifactOf = () => undefined,
): Finding[] {
  const findings: Finding[] = [];
  const onDisk = kustomizations.flatMap((k) => (k.path === undefined ? [] : [{
    k,
    folder: dirname(k.path),
    entries: kustomizationEntries(k.value).filter((e) => isLocalRelativePath(e.path)),
  }]));
  const included = new Set(onDisk.flatMap(({ folder, entries }) => entries.filter(buildsInto).map((e) => resolve(folder, e.path))));
  for (const { k, folder, entries } of onDisk) {
    const builds = built.has(resolve(folder)) || included.has(resolve(folder));
    const artifact = artifactOf(k);
    const leftOut = (path: string): LeftOut | undefined => artifact?.leftOut(resolve(path));
    for (const entry of entries) {
      const target = join(folder, entry.path);
      const from = artifact?.includedAt(resolve(target));
      if (from !== undefined) {
        findings.push({
          rule: 'not-checked',
          severity: 'note',
          location: k.locate(entry.pointer),
          pointer: entry.pointer,
          message: `${k.file} ${pointerAsField(entry.pointer)} '${entry.path}' ${notCheckedAsIncluded(from)}`,
        });
        continue;
      }
      const problem = entry.kind === 'file' ? fileProblem(target, leftOut) : entry.kind === 'component' ? folderProblem(target, leftOut) : resourceProblem(target, leftOut);
      if (problem === undefined) continue;
      const near = problem === 'missing' ? closest(basename(target), namesIn(dirname(target))) : undefined;
      const what = typeof problem === 'string' ? PROBLEMS[problem]
        : `${problem.file === target ? 'is' : `holds ${basename(problem.file)}, which is`} ${leftOutOfArtifact(problem.why)}`;
      findings.push({
        rule: 'path',
        severity: builds ? 'error' : 'warning',
        location: k.locate(entry.pointer),
        pointer: entry.pointer,
        message: `${k.file} ${pointerAsField(entry.pointer)} '${entry.path}' ${what}, so kustomize build of ${dirname(k.file)} fails`
          + (typeof problem === 'string' ? '' : ` in the cluster; ${RE_INCLUDE_HINT}`)
          + (near === undefined ? '' : `; did you mean '${join(dirname(entry.path), near)}'?`)
          + (builds ? '' : ' (nothing in these files builds that folder: no kustomization includes it and no Kustomization\'s spec.path names it; fine if it is left over)'),
      });
    }
  }
  return findings;
}

/**
 * The sync source's artifact (./sync-artifact.ts) a kustomization's
 * entries are read from; undefined when it is not read from one that is known.
 */
export type ArtifactOf = (kustomization: KustomizationDocument) => SyncArtifact | undefined;

/** What is wrong with an entry: a problem on disk, or a file on disk the artifact leaves out (the entry's, or the kustomization file of its folder). */
type Problem = 'missing' | 'no-kustomization' | 'not-a-file' | { readonly file: string; readonly why: LeftOut };

const PROBLEMS: Readonly<Record<Problem & string, string>> = {
  'missing': 'is not there',
  'no-kustomization': 'is a folder without a kustomization file (kustomize reads a folder only through one)',
  'not-a-file': 'is a folder, not a file',
};

/** A resource is a file, or a folder holding a kustomization. */
function resourceProblem(target: string, leftOut: (path: string) => LeftOut | undefined): Problem | undefined {
  const info = statOf(target);
  if (info === undefined) return 'missing';
  const why = leftOut(target);
  if (why) return { file: target, why };
  return info.isDirectory() ? kustomizationProblem(target, leftOut) : undefined;
}

/** A component is a folder holding a kustomization. */
function folderProblem(target: string, leftOut: (path: string) => LeftOut | undefined): Problem | undefined {
  const info = statOf(target);
  if (info === undefined) return 'missing';
  const why = leftOut(target);
  if (why) return { file: target, why };
  return info.isDirectory() ? kustomizationProblem(target, leftOut) : 'no-kustomization';
}

/** A folder read as a kustomization must hold one the artifact keeps. */
function kustomizationProblem(folder: string, leftOut: (path: string) => LeftOut | undefined): Problem | undefined {
  const file = KUSTOMIZATION_FILES.map((name) => join(folder, name)).find((f) => existsSync(f));
  if (file === undefined) return 'no-kustomization';
  const why = leftOut(file);
  return why ? { file, why } : undefined;
}

function fileProblem(target: string, leftOut: (path: string) => LeftOut | undefined): Problem | undefined {
  const info = statOf(target);
  if (info === undefined) return 'missing';
  if (info.isDirectory()) return 'not-a-file';
  const why = leftOut(target);
  return why ? { file: target, why } : undefined;
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
