import { ResolutionError } from './errors';
import { ChartRequest } from './request';
import { Resolver, ResolverOptions } from './resolver';
import { ResolvedChart } from '../model/resolution';

/** Options for {@link resolveChart}. */
export interface ResolveChartOptions extends ResolverOptions, Pick<ChartRequest, 'access' | 'semverFilter' | 'fluxVersion'> {
  /** @default 'oci-repository' */
  readonly ruleSet?: ChartRequest['ruleSet'];
}

/**
 * Resolves one chart version or range to the version, tag and digest Flux
 * would pull. No lockfile unless `options.lockfile` names one.
 *
 * @example
 * const { version, digest } = await resolveChart('oci://ghcr.io/acme/charts/web', '^1.2');
 * @throws ResolutionError saying whether the path, the version, the credentials or the registry is at fault
 */
export async function resolveChart(reference: string, version: string, options: ResolveChartOptions = {}): Promise<ResolvedChart> {
  const resolver = new Resolver({ lockfile: false, mode: 'online', ...options });
  const request: ChartRequest = {
    path: reference,
    reference,
    version,
    ruleSet: options.ruleSet ?? 'oci-repository',
    semverFilter: options.semverFilter,
    fluxVersion: options.fluxVersion,
    access: options.access,
  };
  const report = await resolver.resolve([request]);
  const outcome = report.outcomes[0];
  if (outcome?.ok) return outcome.resolved;
  throw new ResolutionError(report.failures);
}
