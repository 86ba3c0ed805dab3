import { ChartRequest, RegistryAccess } from './request';
import { parseOciReference } from '../foundation/reference';
import type { ChartReleaseSpec } from '../model/release';
import { releaseStrategy } from '../model/release';
import type { PinMode } from '../model/resolution';
import type { SourceStrategy } from '../model/source';
import type { Target } from '../model/target';
import { ruleSetFor } from '../model/version-request';

/** A chart pulled from a chart source: what a release (or a HelmRelease in YAML) asks of the registry. */
export interface ChartPull {
  /** The source's `oci://host/path`, without the chart. */
  readonly sourceUrl: string;
  /** The chart's name under the source. */
  readonly chart: string;
  /** Exact version or range; unset means the newest stable. */
  readonly version?: string;
  /** The Flux shape that pulls it, which decides which tags count. */
  readonly strategy: SourceStrategy;
  /** OCIRepository `semverFilter`. */
  readonly semverFilter?: string;
  readonly pin?: PinMode;
}

/**
 * The registry check of one chart pull: `<source url>/<chart>` at its
 * version or range, under the selection rules of the Flux shape and release
 * that pull it. The one place the rule set is chosen; both front ends (through
 * `releaseChartRequest`) and `flux-oci check` call it.
 */
export function chartPullRequest(path: string, pull: ChartPull, access?: RegistryAccess, target?: Target): ChartRequest {
  const reference = parseOciReference(pull.sourceUrl, { allowTag: false, allowDigest: false }).child(pull.chart).format();
  // Optional fields are assigned in order rather than spread in: on Node 20
  // (V8 11) an object spread among other properties gets its own hidden class.
  const request: { -readonly [K in keyof ChartRequest]: ChartRequest[K] } = { path, reference, version: pull.version ?? '*', ruleSet: ruleSetFor(pull.strategy) };
  // helm-operator's own rules are unread: it is checked by the newest Flux's.
  if (target?.kind === 'flux') request.fluxVersion = target.fluxVersion;
  if (pull.strategy === 'OCIRepository' && pull.semverFilter) request.semverFilter = pull.semverFilter;
  request.pin = pull.pin ?? 'none';
  if (access) request.access = access;
  return request;
}

/**
 * The registry check a release needs: `<source url>/<chart>` at its version
 * or range, under the selection rules of the Flux shape it is written as.
 * Both front ends call this, so they check the same thing.
 */
export function releaseChartRequest(path: string, spec: ChartReleaseSpec, access?: RegistryAccess, target?: Target): ChartRequest {
  return chartPullRequest(path, {
    sourceUrl: spec.source.url,
    chart: spec.chart,
    version: spec.version,
    // helm-operator pulls with Helm's own OCI client: strict SemVer tags, as a HelmRepository.
    strategy: target?.kind === 'helm-operator' ? 'HelmRepository' : releaseStrategy(spec),
    semverFilter: spec.semverFilter,
    pin: spec.pin,
  }, access, target);
}
