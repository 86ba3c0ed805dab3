/**
 * Where HelmReleases take their charts from, for what the registry check
 * cannot look up: a HelmRepository that Flux will not read as OCI, and the
 * kinds of source flux-oci does not read at all.
 */
import type { Finding } from './finding';
import type { ManifestObject } from './manifest-object';
import { describeObject, fieldAt, identityOf, isFluxObject, stringAt } from './object-index';
import { ObjectReference, referenced } from './references';

/**
 * An error for each HelmRepository with an `oci://` URL but no `type: oci`,
 * and one `not-checked` note per kind of source flux-oci does not read
 * (an HTTP(S) Helm repository's index.yaml, a chart folder in a Git
 * repository or Bucket, a HelmChart, an ExternalArtifact), naming how many
 * releases take their charts from one: their versions and values are not
 * checked. A reference to a source not in the files is the references'
 * warning, not repeated here, and so are the releases in `read`, whose
 * chart folder in this repository was read (local-charts.ts).
 */
export function chartSourceFindings(
  objects: readonly ManifestObject[], references: readonly ObjectReference[], read: ReadonlySet<ManifestObject>,
): Finding[] {
  const findings: Finding[] = [];
  // A HelmRepository is read as OCI only with type: oci (fluxcd/source-controller at 39b711b1:
  // internal/controller/helmrepository_controller.go); otherwise it is an HTTP repository, whose
  // index.yaml (internal/helm/repository/chart_repository.go DownloadIndex) an oci:// URL does not serve.
  for (const repository of objects) {
    if (!isFluxObject(repository) || repository.kind !== 'HelmRepository' || !isUntypedOci(repository)) continue;
    const pointer = fieldAt(repository.value, 'spec', 'type') === undefined ? '/spec/url' : '/spec/type';
    findings.push({
      rule: 'registry',
      severity: 'error',
      location: repository.locate(pointer),
      object: identityOf(repository),
      pointer,
      cause: 'invalid-request',
      message: `${describeObject(repository)}: an oci:// URL needs spec.type: oci; without it source-controller reads the repository as an HTTP Helm repository, and downloading its index.yaml fails`,
    });
  }

  // Each kind of source flux-oci does not read → the releases that take a chart from one, in file order.
  const unread = new Map<string, { release: ManifestObject; pointer: string }[]>();
  const notRead = (source: string, release: ManifestObject, pointer: string): void => {
    unread.set(source, [...unread.get(source) ?? [], { release, pointer }]);
  };
  for (const release of objects) {
    if (!isFluxObject(release) || release.kind !== 'HelmRelease' || read.has(release)) continue;
    const chartRef = referenced(references, release, '/spec/chartRef');
    // An ExternalArtifact an ArtifactGenerator in the files makes has no target but is found (references.ts).
    if (chartRef && chartRef.kind !== 'OCIRepository' && (chartRef.target || chartRef.kind === 'ExternalArtifact')) {
      notRead(`${chartRef.kind === 'ExternalArtifact' ? 'an' : 'a'} ${chartRef.kind}`, release, '/spec/chartRef');
    }
    const repository = referenced(references, release, '/spec/chart/spec/sourceRef')?.target;
    if (!repository) continue;
    if (repository.kind !== 'HelmRepository') notRead('a chart folder in a GitRepository or Bucket', release, '/spec/chart/spec/sourceRef');
    else if (stringAt(repository.value, 'spec', 'type') !== 'oci' && !isUntypedOci(repository)) notRead('an HTTP(S) Helm repository (its index.yaml)', release, '/spec/chart/spec/sourceRef');
  }
  for (const [source, releases] of unread) {
    const [{ release, pointer }] = releases;
    const many = releases.length > 1;
    findings.push({
      rule: 'not-checked',
      severity: 'note',
      location: release.locate(pointer),
      object: identityOf(release),
      pointer,
      message: `${many ? `${releases.length} HelmReleases take their charts` : `${describeObject(release)} takes its chart`} from ${source}, which flux-oci does not read: `
        + `${many ? 'their' : 'its'} chart version and values are not checked${many ? ` (the first is ${describeObject(release)})` : ''}`,
    });
  }
  return findings;
}

/** A HelmRepository with an oci:// URL that Flux reads as an HTTP repository (no `type: oci`). */
function isUntypedOci(repository: ManifestObject): boolean {
  return stringAt(repository.value, 'spec', 'type') !== 'oci' && stringAt(repository.value, 'spec', 'url')?.startsWith('oci://') === true;
}
