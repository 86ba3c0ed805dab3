import type { OciArtifactSourceSpec } from '../artifact-source';
import { fluxApiVersions } from '../flux-version';
import { KubeManifest } from '../kube-object';
import { DEFAULT_SOURCE_INTERVAL } from '../source';
import { Target } from '../target';
import { ObjectHead, ObjectType, manifestOf } from './heads';
import { OciRepositoryRef, ociRepositorySpec } from './oci-repository';
import { FLUX_CONTENT_MEDIA_TYPE } from '../../foundation/media-types';

/** apiVersion and kind of an artifact source's OCIRepository. @internal */
export function artifactSourceType(target: Target): ObjectType {
  return { apiVersion: fluxApiVersions(target.fluxVersion).ociRepository, kind: 'OCIRepository' };
}

/** apiVersion, kind, name and namespace of an artifact source's OCIRepository. @internal */
export function artifactSourceHead(spec: Pick<OciArtifactSourceSpec, 'name' | 'namespace'>, target: Target): ObjectHead {
  const { apiVersion, kind } = artifactSourceType(target);
  return { apiVersion, kind, name: spec.name, namespace: spec.namespace };
}

/**
 * The OCIRepository of a plain-manifest artifact: the layer `flux push
 * artifact` writes, extracted so a Kustomization can read its files.
 * @internal
 */
export function buildArtifactRepository(spec: OciArtifactSourceSpec, target: Target): KubeManifest {
  return manifestOf(artifactSourceHead(spec, target), ociRepositorySpec(spec, {
    interval: spec.interval ?? DEFAULT_SOURCE_INTERVAL,
    url: spec.url.replace(/\/+$/, ''),
    ref: artifactRef(spec),
    layerSelector: { mediaType: FLUX_CONTENT_MEDIA_TYPE, operation: 'extract' },
    ignore: spec.ignore,
  }));
}

/** The ref as given; none at all means Flux's `latest`. */
function artifactRef(spec: OciArtifactSourceSpec): OciRepositoryRef | undefined {
  const ref = { digest: spec.digest, semver: spec.semver, semverFilter: spec.semverFilter, tag: spec.tag };
  return Object.values(ref).some((v) => v !== undefined) ? ref : undefined;
}
