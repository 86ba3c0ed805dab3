import { checkPulumiValues } from './values-check';
import { ResolutionError } from '../check/errors';
import { releaseChartRequest } from '../check/release-request';
import { Resolver } from '../check/resolver';
import { RegistryCheckSettings } from '../check/settings';
import type { UsernamePassword } from '../model/builders/secrets';
import { compact } from '../model/kube-object';
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
  /**
   * The app-wide `strictValues` of the source's settings.
   * @default false
   */
  readonly strictValues?: boolean;
  /**
   * The spec came through a secret Output: values never appear in messages.
   * @default false
   */
  readonly secretValues?: boolean;
}

/**
 * Looks a release's chart up in its registry while Pulumi evaluates the
 * program (preview and update): the version a range selects and its
 * digest, or undefined when resolution is off. A rejected Promise fails the
 * preview with its message.
 */
export type ChartResolver = (spec: ChartReleaseSpec, context: ChartResolutionContext) => Promise<ResolvedChart | undefined>;

/** How the registry check runs under Pulumi: the cdk8s front end's `resolve` settings, plus the CA to trust. */
export interface ResolveSettings extends RegistryCheckSettings {
  /**
   * PEM CA bundle the check trusts besides the system roots: the CA of the
   * source's `certSecret`, which lives in the cluster and cannot be read here.
   * @default - system roots only
   */
  readonly caCert?: string;
}

/** Resolves nothing: manifests name what the user wrote; `pin: 'version' | 'digest'` fails. */
export const noChartResolution: ChartResolver = async () => undefined;

/**
 * A ChartResolver that checks the release against its registry with the
 * pipeline the cdk8s front end uses (`Resolver`): lockfile first, then the
 * registry, releases resolved in the same tick in one batch, identical
 * requests once. The mode is read when a release resolves, so
 * `FLUX_OCI_RESOLVE` (the operator's knob, e.g. `locked` in CI) wins over
 * `settings.mode`.
 *
 * A failed lookup rejects with `[<resource name>] <the registry's answer>`;
 * credentials only reach the registry client, never the message.
 */
export function registryChartResolver(settings: ResolveSettings = {}): ChartResolver {
  const { timeouts, retry, caCert, ...options } = settings;
  return async (spec, context) => {
    const access = compact({ credentials: context.credentials, insecure: spec.source.insecure, caPem: caCert });
    const request = releaseChartRequest(context.path, spec, access, context.target);
    const resolver = Resolver.shared({ ...options, client: { timeouts, retry } });
    const outcome = await resolver.check(request);
    if (outcome && !outcome.ok) throw new ResolutionError([{ ...outcome.failure, path: context.path }]);
    await checkPulumiValues(resolver, request, outcome, spec, {
      path: context.path,
      target: context.target,
      strictValues: context.strictValues,
      secret: context.secretValues,
      contentLimits: options.contentLimits,
    });
    return outcome?.ok ? outcome.resolved : undefined;
  };
}

/**
 * The registry check with default settings (`FLUX_OCI_RESOLVE`, else
 * 'auto'; `flux-oci.lock.json` in the working directory): what ChartReleases
 * use unless their source's `settings.resolver` names another (a source's
 * `settings.resolve` gives the same check other settings).
 */
export const defaultChartResolver: ChartResolver = registryChartResolver();
