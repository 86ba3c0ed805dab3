import { registryChartResolver } from './registry-resolution';
import type { UsernamePassword } from '../model/builders/secrets';
import type { ChartReleaseSpec } from '../model/release';
import type { ResolvedChart } from '../model/resolution';
import type { Target } from '../model/target';

/** What a resolver knows about the release besides its spec. */
export interface ChartResolutionContext {
  /** Pulumi resource name of the ChartRelease, for messages. */
  readonly path: string;
  /** What the manifests are written for (selects the tag rules with the release's strategy). */
  readonly target: Target;
  /**
   * Pull credentials for the source URL's host, from the source's
   * PrivateRegistrySecret. They come from Pulumi secret Outputs: never log,
   * return or throw them.
   * @default - anonymous
   */
  readonly credentials?: UsernamePassword;
}

/**
 * Looks a release's chart up in its registry while Pulumi evaluates the
 * program (preview and update): the version a range selects and its
 * digest, or undefined when resolution is off. A rejected Promise fails the
 * preview with its message.
 */
export type ChartResolver = (spec: ChartReleaseSpec, context: ChartResolutionContext) => Promise<ResolvedChart | undefined>;

/** Resolves nothing: manifests name what the user wrote; `pin: 'version' | 'digest'` fails. */
export const noChartResolution: ChartResolver = async () => undefined;

/**
 * The registry check with default settings (`FLUX_OCI_RESOLVE`, else
 * 'auto'; `flux-oci.lock.json` in the working directory): what ChartReleases
 * use unless their source's `settings.resolver` names another (a source's
 * `settings.resolve` gives the same check other settings).
 */
export const defaultChartResolver: ChartResolver = registryChartResolver();
