import { isAbsolute } from 'node:path';

/**
 * The names kustomize reads a kustomization from, in its order
 * (kubernetes-sigs/kustomize api/konfig/general.go
 * `RecognizedKustomizationFileNames`, at 12f9e639); Flux's generator looks
 * for the same three.
 */
export const KUSTOMIZATION_FILES: readonly string[] = ['kustomization.yaml', 'kustomization.yml', 'Kustomization'];

/** Prefixes of a remote kustomize resource, in kustomize's order (api/internal/git/repospec.go). */
const REMOTE_PREFIXES: readonly string[] = ['git::', 'gh:', 'ssh://', 'https://', 'http://', 'git@', 'github.com:', 'github.com/'];

/**
 * Whether a kustomize resource or component is a path on disk, relative to
 * its kustomization: not remote (a Git repository or URL), not absolute.
 * fluxcd/pkg at e2cfd1a2 (kustomize/kustomize_generator.go
 * `IsLocalRelativePath`) takes the prefixes from kustomize's repospec.go,
 * less `file://`, which it strips before the absolute-path test.
 */
export function isLocalRelativePath(path: string): boolean {
  return !isRemotePath(path) && !isAbsolute(path) && !isAbsolute(path.toLowerCase().replace(/^file:\/\//, ''));
}

/** Whether a kustomize resource or component is remote: a Git repository or a URL kustomize fetches (one of kustomize's prefixes). */
export function isRemotePath(path: string): boolean {
  const lower = path.toLowerCase();
  return REMOTE_PREFIXES.some((p) => p.length < path.length && lower.startsWith(p));
}

/**
 * Whether a kustomize resource is a file kustomize fetches over HTTP rather
 * than a repository it clones: an HTTP(S) URL of a `.yaml`, `.yml` or
 * `.json` file (kubernetes-sigs/kustomize at 12f9e639:
 * api/internal/loader/fileloader.go `Load` fetches such a URL first).
 */
export function isRemoteFile(path: string): boolean {
  return /^https?:\/\//i.test(path) && /\.(ya?ml|json)(\?[^/]*)?$/i.test(path);
}
