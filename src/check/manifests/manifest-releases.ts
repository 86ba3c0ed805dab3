/**
 * The charts and artifacts Flux YAML pulls, for `flux-oci outdated
 * <paths>`: the same parsing, reference linking and request building as
 * `flux-oci check` (the Flux Kustomizations' patches applied), without
 * Secrets (the engineer's login is used) and without a lookup.
 */
import { checkedFluxVersion } from './check-manifests';
import { parseManifests } from './documents';
import type { Finding } from './finding';
import { applyFluxPatches } from './flux-patches';
import type { ManifestSource } from './manifest-object';
import { isFluxObject, ObjectIndex } from './object-index';
import { linkReferences } from './references';
import { registryRequests } from './registry-requests';
import { withResourceSetObjects } from './resource-sets';
import { FluxVersion } from '../../model/flux-version';
import type { ChartRequest } from '../request';

/** One chart or artifact the files pull, and where its version is written. */
export interface ManifestRelease {
  readonly request: ChartRequest;
  /** `file:line` of the version (or ref) field. */
  readonly location: string;
}

/** What the files pull, by the rules of which Flux release, and what could not become a request. */
export interface ManifestReleases {
  readonly releases: readonly ManifestRelease[];
  readonly fluxVersion: FluxVersion;
  /** `file:line: message` of each error that kept an object from being read. */
  readonly problems: readonly string[];
  /** `file:line: message` of each chart or artifact that cannot be looked up as written (its URL or ref holds a Flux post-build variable). */
  readonly unlisted: readonly string[];
}

/** Every chart and artifact request in `sources`, under `fluxVersion` or the one the apiVersions imply. */
export function manifestReleases(sources: readonly ManifestSource[], fluxVersion?: FluxVersion): ManifestReleases {
  const parsed = parseManifests(sources);
  // The versions Flux pulls are the patched ones: a Kustomization's patches may set a release's version.
  const objects = withResourceSetObjects(applyFluxPatches(parsed.objects).objects).objects;
  const checked = checkedFluxVersion(objects.filter(isFluxObject), fluxVersion);
  const links = linkReferences(objects, new ObjectIndex(objects));
  const asked = registryRequests(objects, links.references, 'none', { kind: 'flux', fluxVersion: checked.fluxVersion });
  const line = (f: Finding): string => `${f.location.file}:${f.location.line}: ${f.message}`;
  const problems = [...parsed.findings, ...asked.findings].filter((f) => f.severity === 'error').map(line);
  const unlisted = asked.findings.filter((f) => f.rule === 'not-checked').map(line);
  const releases = asked.requests.map((r) => {
    const at = r.object.locate(r.versionPointer);
    return { request: r.request, location: `${at.file}:${at.line}` };
  });
  return { releases, fluxVersion: checked.fluxVersion, problems, unlisted };
}
