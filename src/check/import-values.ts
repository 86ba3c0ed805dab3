import { ResolutionError } from './errors';
import { RegistryAccess } from './request';
import { Resolver, ResolverOptions } from './resolver';
import { loadChartLayer } from '../archives/content-layer';
import { FluxOciError } from '../foundation/errors';
import { ResolvedChart } from '../model/resolution';
import { valuesModule, ValuesModule } from '../values/typegen/module';

/** The chart's content could not be had for `flux-oci import`. */
export class ImportError extends FluxOciError {
  public readonly code: string = 'FLUX_OCI_IMPORT';
  public readonly reference: string;

  constructor(reference: string, message: string) {
    super(`${reference}: ${message}`);
    this.name = 'ImportError';
    this.reference = reference;
  }
}

/** A chart version's values module, with what resolved. */
export interface ImportedValues {
  readonly resolved: ResolvedChart;
  /** The manifest digest the module names. */
  readonly digest: string;
  readonly module: ValuesModule;
  /** Whether the chart layer came from the content cache (no blob request). */
  readonly fromCache: boolean;
}

/**
 * Resolves a chart version or range by the registry check's rules (newest
 * stable for a range, as Flux's OCIRepository picks), fetches its chart
 * layer through the content pipeline (cache first, digest verified) and
 * generates its values module.
 *
 * @param reference `oci://host/path/chart`
 */
export async function importChartValues(
  reference: string, version: string, options: ResolverOptions & { readonly access?: RegistryAccess } = {},
): Promise<ImportedValues> {
  const { access, ...settings } = options;
  const resolver = new Resolver({ lockfile: false, mode: 'online', ...settings });
  const report = await resolver.resolve(
    [{ path: reference, reference, version, ruleSet: 'oci-repository', access }],
    { content: [true] },
  );
  const outcome = report.outcomes[0];
  if (!outcome) throw new ImportError(reference, 'registry lookups are off (FLUX_OCI_RESOLVE); import needs the registry or a lockfile');
  if (!outcome.ok) throw new ResolutionError(report.failures);
  const content = report.content[0];
  if (!content || content.state !== 'fetched') {
    throw new ImportError(reference, `chart ${outcome.resolved.version} could not be read: ${content?.message ?? 'no content'}`);
  }
  const chart = loadChartLayer(content.layer.bytes, `${reference}@${content.layer.manifestDigest}`);
  const digest = outcome.resolved.digest ?? content.layer.manifestDigest;
  const module = await valuesModule(chart, { reference, version: outcome.resolved.version, digest, plainHttp: access?.insecure === true });
  return { resolved: outcome.resolved, digest, module, fromCache: content.layer.from === 'cache' };
}
