import { checkString } from './field-checks';
import { supports, unsupportedMessage } from './flux-version';
import { checkFields, FieldShapes, required, STRING } from './shapes';
import { checkSecretHost, OciRegistryAccess, REGISTRY_ACCESS_SHAPES, validateRegistryAccess } from './source';
import type { RegistryAccessOptions, SettledSource } from './source-options';
import { Target } from './target';
import { FluxOciError } from '../foundation/errors';
import { IssueList } from '../foundation/issues';
import { parseOciReference, isValidTag, validateDigest } from '../foundation/reference';
import { compileSemverFilter } from '../versions/select/semver-filter';
import { Constraint } from '../versions/semver';

/**
 * An OCI artifact of plain Kubernetes manifests (what `flux push artifact`
 * writes), pulled by one OCIRepository with Flux's content layer. Validated
 * by `validateArtifactSource`.
 * @internal
 */
export interface OciArtifactSourceSpec extends OciRegistryAccess {
  /** `oci://host[:port]/repository` of the artifact, no tag or digest. */
  readonly url: string;
  /** Tag to pull, used verbatim (`latest`, `production`, `6.3.5`). */
  readonly tag?: string;
  /** Masterminds range over the repository's tags; the highest match is pulled. */
  readonly semver?: string;
  /** Go regexp the raw tags must match before `semver` applies. */
  readonly semverFilter?: string;
  /** Manifest digest `sha256:<hex>`; wins over everything else. */
  readonly digest?: string;
  /** `.gitignore`-style patterns replacing source-controller's default exclusions. */
  readonly ignore?: string;
}

/**
 * An artifact of plain manifests and how Flux reaches it, as users declare
 * it: cdk8s `OciArtifactSourceProps` extend it, Pulumi
 * `OciArtifactSourceArgs` are derived from it.
 */
export interface OciArtifactSourceOptions<TSecret, TSecretRef> extends RegistryAccessOptions<TSecret, TSecretRef> {
  /**
   * Repository of the artifact, `oci://host[:port]/path`, without tag or
   * digest (what `flux push artifact` was given, minus `:tag`).
   */
  readonly url: string;
  /**
   * Name of the OCIRepository.
   * @default - the construct id (cdk8s) or resource name (Pulumi) as a DNS-1123 label
   */
  readonly name?: string;
  /**
   * Namespace of the OCIRepository; the Secrets it uses must be there too.
   * @default - the Chart's namespace (cdk8s), the Kubernetes provider's namespace (Pulumi)
   */
  readonly namespace?: string;
  /**
   * Tag to pull, used verbatim.
   * @example 'production'
   * @default - Flux's default, `latest` (unless `semver` or `digest` is set)
   */
  readonly tag?: string;
  /**
   * Masterminds range over the tags; Flux pulls the highest match. Not with `tag`.
   * @example '>=1.0.0 <2.0.0'
   * @default - no range
   */
  readonly semver?: string;
  /**
   * Go regexp the raw tags must match before `semver` applies (Flux 2.3+).
   * @example '.*-rc.*'
   * @default - all tags
   */
  readonly semverFilter?: string;
  /**
   * Manifest digest to pull, `sha256:<hex>`; wins over `tag` (kept for
   * readers) and excludes `semver`.
   * @default - follow the tag or range
   */
  readonly digest?: string;
  /**
   * How often Flux checks the registry for a new artifact.
   * @default '10m'
   */
  readonly interval?: string;
  /**
   * `.gitignore`-style patterns of files to leave out of the artifact,
   * replacing source-controller's default exclusions.
   * @default - Flux's default exclusions
   */
  readonly ignore?: string;
}

/** Options for `OciArtifactSource.fromOCIRepositoryName`, an OCIRepository that already exists. */
export interface ExistingOciRepositoryFields {
  /**
   * Namespace of the OCIRepository.
   * @default - the Chart's namespace (cdk8s), the Kubernetes provider's namespace (Pulumi)
   */
  readonly namespace?: string;
}

/** The spec of an artifact source from its options: every option as given, with what the front end settled. @internal */
export function artifactSourceSpecOf<TSecret, TSecretRef>(
  options: OciArtifactSourceOptions<TSecret, TSecretRef>, settled: SettledSource,
): OciArtifactSourceSpec {
  const { secret: _secret, certSecret: _certSecret, proxySecret: _proxySecret, verify, ...plain } = options;
  return { ...plain, ...settled, verify: verify?._toSpec() };
}

const ARTIFACT_SOURCE_SHAPES: FieldShapes<OciArtifactSourceSpec> = {
  ...REGISTRY_ACCESS_SHAPES, url: required(STRING), tag: STRING, semver: STRING, semverFilter: STRING, digest: STRING, ignore: STRING,
};

/**
 * Checks an artifact source the way the OCIRepository CRD and
 * source-controller would: the URL, the ref, and the registry access
 * settings it shares with chart sources.
 * @internal
 */
export function validateArtifactSource(spec: OciArtifactSourceSpec, target: Target, issues: IssueList): void {
  if (target.kind !== 'flux') {
    issues.add('target', `the ${target.kind} target has no OCIRepository; plain-manifest artifacts need Flux, so remove target '${target.kind}' from the settings of this scope`);
    return;
  }
  if (!checkFields(issues, spec, ARTIFACT_SOURCE_SHAPES)) return;
  checkArtifactUrl(issues, 'url', spec.url);
  validateRegistryAccess(spec, target, issues);
  if (spec.secret?.format && spec.secret.format !== 'dockerconfigjson') {
    issues.add('secret', `OCIRepository reads only kubernetes.io/dockerconfigjson Secrets, but '${spec.secret.name}' has format '${spec.secret.format}'; use format 'dockerconfigjson'`);
  }
  checkArtifactRef(issues, spec, target);
  checkString(issues, 'ignore', spec.ignore, { min: 1 });
  if (issues.empty) checkSecretHost(issues, spec.url, spec.secret);
}

function checkArtifactUrl(issues: IssueList, field: string, url: unknown): void {
  if (typeof url !== 'string' || url.length === 0) {
    issues.add(field, `expected an oci:// URL such as 'oci://ghcr.io/org/manifests', got ${url === undefined ? 'nothing' : typeof url}`);
    return;
  }
  const scheme = /^([a-z][a-z0-9+.-]*):\/\//i.exec(url)?.[1];
  if (scheme === undefined || scheme.toLowerCase() !== 'oci') {
    const rest = scheme === undefined ? url : url.slice(scheme.length + 3);
    issues.add(field, scheme === undefined
      ? `'${url}' has no scheme; write it as 'oci://${rest}'`
      : `'${url}' uses the ${scheme}:// scheme; OCIRepository URLs are 'oci://${rest}'`);
    return;
  }
  try {
    const ref = parseOciReference(url);
    const bare = `oci://${ref.registryHost}/${ref.path}`;
    // `flux push artifact` takes `oci://repo:tag`, so this mistake is likely.
    if (ref.tag !== undefined) issues.add(field, `'${url}' includes the tag '${ref.tag}'; an OCIRepository URL has none, so write url '${bare}' and tag '${ref.tag}'`);
    if (ref.digest !== undefined) issues.add(field, `'${url}' includes the digest '${ref.digest}'; an OCIRepository URL has none, so write url '${bare}' and digest '${ref.digest}'`);
  } catch (e) {
    if (!(e instanceof FluxOciError)) throw e;
    issues.add(field, e.message);
  }
}

function checkArtifactRef(issues: IssueList, spec: OciArtifactSourceSpec, target: Target): void {
  if (checkString(issues, 'tag', spec.tag) && spec.tag !== undefined && !isValidTag(spec.tag)) {
    issues.add('tag', `'${spec.tag}' is not a valid tag; a tag is 1 to 128 letters, digits, '_', '.' or '-', not starting with '.' or '-'`);
  }
  if (checkString(issues, 'digest', spec.digest) && spec.digest !== undefined) {
    try {
      validateDigest(spec.digest);
    } catch (e) {
      if (!(e instanceof FluxOciError)) throw e;
      issues.add('digest', e.message);
    }
  }
  if (checkString(issues, 'semver', spec.semver) && spec.semver !== undefined) {
    try {
      Constraint.parse(spec.semver);
    } catch (e) {
      if (!(e instanceof FluxOciError)) throw e;
      issues.add('semver', e.message);
    }
  }
  if (checkString(issues, 'semverFilter', spec.semverFilter) && spec.semverFilter !== undefined) {
    if (spec.semver === undefined) issues.add('semverFilter', 'semverFilter applies only together with semver; set semver or drop semverFilter');
    try {
      compileSemverFilter(spec.semverFilter);
    } catch (e) {
      if (!(e instanceof FluxOciError)) throw e;
      issues.add('semverFilter', e.message);
    }
    if (!supports(target.fluxVersion, 'OCIRepository ref.semverFilter')) {
      issues.add('semverFilter', unsupportedMessage(target.fluxVersion, 'OCIRepository ref.semverFilter'));
    }
  }
  // Flux would silently ignore the loser of its precedence (digest > semver > tag).
  if (spec.semver !== undefined && spec.tag !== undefined) {
    issues.add('semver', `Flux ignores tag '${spec.tag}' when semver is set; set either tag or semver`);
  }
  if (spec.digest !== undefined && spec.semver !== undefined) {
    issues.add('digest', `Flux ignores semver '${spec.semver}' when digest is set; set either digest or semver`);
  }
}
