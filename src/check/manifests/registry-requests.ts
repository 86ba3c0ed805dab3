/**
 * The registry checks a file set asks for: every chart a HelmRelease pulls
 * from an OCI HelmRepository, and every OCIRepository (a chart when a
 * HelmRelease's `chartRef` or its Helm layerSelector says so, else an
 * artifact of plain manifests), each under the rule set of the Flux shape
 * that pulls it, built by the same functions the front ends use.
 */
import { sourceAccessOnce } from './credentials';
import type { Finding } from './finding';
import type { ManifestObject } from './manifest-object';
import { describeObject, fieldAt, identityOf, isFluxObject, ObjectIndex, stringAt } from './object-index';
import { ObjectReference, referenced } from './references';
import { FluxOciError } from '../../foundation/errors';
import { pointerAsField } from '../../foundation/json-pointer';
import { HELM_CHART_LAYER_MEDIA_TYPE } from '../../foundation/media-types';
import { substitutedVariableAt } from '../../model/flux-variables';
import type { Target } from '../../model/target';
import { ociRepositoryRequest, OciRepositoryRefFields } from '../oci-repository-request';
import { chartPullRequest } from '../release-request';
import type { ChartRequest } from '../request';

/** One registry check and where its answer belongs in the files. */
export interface ManifestRequest {
  readonly request: ChartRequest;
  /** The object that names the version and chart: the HelmRelease (HelmRepository path) or the OCIRepository. */
  readonly object: ManifestObject;
  /** The source object that says how the registry is reached. */
  readonly source: ManifestObject;
  /** Where the version (or ref) is written in `object`. */
  readonly versionPointer: string;
  /** Where the chart path is written in `object`. */
  readonly pathPointer: string;
  /**
   * The HelmReleases that install this chart, whose values are checked
   * against it: the release itself (HelmRepository path), or every release
   * whose `chartRef` names this OCIRepository. Empty for an artifact.
   */
  readonly releases: readonly ManifestObject[];
  /**
   * The Flux Kustomizations whose `sourceRef` names this OCIRepository, when
   * it is an artifact: their paths are checked in it. Empty for a chart.
   */
  readonly kustomizations: readonly ManifestObject[];
}

/**
 * Every registry check the objects ask for, and what stopped one before it
 * could run. `secrets` is `'none'` when no lookup goes online: no Secret is
 * read then; otherwise the SOPS-encrypted Secrets, which are not read.
 */
export function registryRequests(
  objects: readonly ManifestObject[], references: readonly ObjectReference[], secrets: ReadonlySet<ManifestObject> | 'none', target: Target,
  index?: ObjectIndex,
): { requests: ManifestRequest[]; findings: Finding[] } {
  const requests: ManifestRequest[] = [];
  const findings: Finding[] = [];
  const accessOf = sourceAccessOnce(references, secrets, index, findings);
  const attempt = (object: ManifestObject, pointer: string, build: () => ManifestRequest | undefined): void => {
    try {
      const request = build();
      if (request) requests.push(request);
    } catch (e) {
      if (!(e instanceof FluxOciError)) throw e;
      findings.push({ rule: 'registry', severity: 'error', location: object.locate(pointer), object: identityOf(object), pointer, cause: 'invalid-request', message: `${describeObject(object)}: ${e.message}` });
    }
  };
  const label = (o: ManifestObject): string => `${o.location.file}:${o.location.line} ${describeObject(o)}`;
  const substituted = (subject: string, fields: ReadonlyArray<readonly [ManifestObject, string]>): boolean => {
    const note = substitutionNote(subject, fields);
    if (note) findings.push(note);
    return note !== undefined;
  };

  // OCIRepository → the Kustomizations whose sourceRef names it.
  const artifactReaders = new Map<ManifestObject, ManifestObject[]>();
  for (const kustomization of objects) {
    if (!isFluxObject(kustomization) || kustomization.kind !== 'Kustomization') continue;
    const source = referenced(references, kustomization, '/spec/sourceRef');
    if (source?.target?.kind === 'OCIRepository') artifactReaders.set(source.target, [...artifactReaders.get(source.target) ?? [], kustomization]);
  }
  // OCIRepository → the HelmReleases whose chartRef names it.
  const chartRepositories = new Map<ManifestObject, ManifestObject[]>();
  for (const release of objects) {
    if (!isFluxObject(release) || release.kind !== 'HelmRelease') continue;
    const chartRef = referenced(references, release, '/spec/chartRef');
    if (chartRef?.target && chartRef.kind === 'OCIRepository') {
      const releases = chartRepositories.get(chartRef.target) ?? [];
      releases.push(release);
      chartRepositories.set(chartRef.target, releases);
    }
    const repository = referenced(references, release, '/spec/chart/spec/sourceRef')?.target;
    const chart = stringAt(release.value, 'spec', 'chart', 'spec', 'chart');
    if (!repository || repository.kind !== 'HelmRepository' || stringAt(repository.value, 'spec', 'type') !== 'oci' || chart === undefined) continue;
    if (substituted('chart', [[repository, '/spec/url'], [release, '/spec/chart/spec/chart'], [release, '/spec/chart/spec/version']])) continue;
    attempt(repository, '/spec/url', () => {
      const { access } = accessOf(repository);
      if (!access) return undefined;
      const version = stringAt(release.value, 'spec', 'chart', 'spec', 'version');
      return {
        request: chartPullRequest(label(release), { sourceUrl: stringAt(repository.value, 'spec', 'url') ?? '', chart, version, strategy: 'HelmRepository' }, access, target),
        object: release,
        source: repository,
        versionPointer: version === undefined ? '/spec/chart/spec' : '/spec/chart/spec/version',
        pathPointer: '/spec/chart/spec/chart',
        releases: [release],
        kustomizations: [],
      };
    });
  }

  for (const repository of objects) {
    if (!isFluxObject(repository) || repository.kind !== 'OCIRepository') continue;
    const url = stringAt(repository.value, 'spec', 'url');
    if (url === undefined) continue;
    const mediaType = stringAt(repository.value, 'spec', 'layerSelector', 'mediaType');
    const subject = chartRepositories.has(repository) || mediaType === HELM_CHART_LAYER_MEDIA_TYPE ? 'chart' : 'artifact';
    if (substituted(subject, ['/spec/url', ...REF_FIELDS.map((key) => `/spec/ref/${key}`)].map((pointer) => [repository, pointer] as const))) continue;
    attempt(repository, '/spec/url', () => {
      const { access } = accessOf(repository);
      if (!access) return undefined;
      const ref = refFields(fieldAt(repository.value, 'spec', 'ref'));
      // The layer source-controller extracts: the layerSelector's media type, else the first.
      const layer = mediaType === undefined ? 'first' as const : { mediaType };
      return {
        request: ociRepositoryRequest(label(repository), url, ref, subject, target.kind === 'flux' ? target.fluxVersion : undefined, access, layer),
        object: repository,
        source: repository,
        versionPointer: ref ? '/spec/ref' : '/spec/url',
        pathPointer: '/spec/url',
        releases: subject === 'chart' ? chartRepositories.get(repository) ?? [] : [],
        kustomizations: subject === 'artifact' ? artifactReaders.get(repository) ?? [] : [],
      };
    });
  }
  return { requests, findings };
}

/**
 * A lookup field holding `${var}` is known only once a Kustomization's
 * postBuild substitutes it: a note for the first such field, instead of
 * looking up the literal.
 */
export function substitutionNote(subject: string, fields: ReadonlyArray<readonly [ManifestObject, string]>): Finding | undefined {
  for (const [object, pointer] of fields) {
    const variable = substitutedVariableAt(object.value, pointer);
    if (variable === undefined) continue;
    return {
      rule: 'not-checked',
      severity: 'note',
      location: object.locate(pointer),
      object: identityOf(object),
      pointer,
      message: `${describeObject(object)}: ${pointerAsField(pointer)} holds the Flux variable ${variable}, known only once a Kustomization's postBuild substitutes it, so the ${subject} is not looked up`,
    };
  }
  return undefined;
}

/** The fields of an OCIRepository's `spec.ref`. */
const REF_FIELDS = ['tag', 'semver', 'semverFilter', 'digest'] as const;

function refFields(ref: unknown): OciRepositoryRefFields | undefined {
  if (typeof ref !== 'object' || ref === null) return undefined;
  const fields: { -readonly [K in keyof OciRepositoryRefFields]: string } = {};
  for (const key of REF_FIELDS) {
    const value = stringAt(ref, key);
    if (value !== undefined) fields[key] = value;
  }
  return fields;
}
