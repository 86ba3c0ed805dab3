import * as pulumi from '@pulumi/pulumi';
import { lockedBefore, newerThanLocked } from './update-notice';
import { checkPulumiValues } from './values-check';
import { checkKustomizationPath, PathFinding } from '../check/artifact-path';
import { contentTargetOf } from '../check/content-stage';
import { ResolutionError } from '../check/errors';
import { entryScriptDir, findUp, lockfilePathFor } from '../check/lockfile-location';
import { releaseChartRequest } from '../check/release-request';
import type { ChartRequest, LocalLogin } from '../check/request';
import { Resolver } from '../check/resolver';
import { RegistryCheckSettings } from '../check/settings';
import { sourceRegistryAccess } from '../check/source-access';
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
   * @default - none given: what Flux will present decides (see `login`)
   */
  readonly credentials?: UsernamePassword;
  /**
   * PEM CA bundle the source's `certSecret` holds (a RegistryTlsSecret's
   * `caCert`), trusted on top of the system roots, as Flux will.
   * @default - the system roots only
   */
  readonly caCert?: string;
  /**
   * The login the source's PrivateRegistrySecret comes from
   * (`fromDockerConfig()` with `externalSecret`), to be read only when the
   * check goes online.
   * @default - none: a Secret known only by name, a provider or a
   * ServiceAccount is stood in for by the engineer's login; a source with
   * none of these is checked anonymously, as Flux will pull it
   */
  readonly login?: Pick<LocalLogin, 'source' | 'file'>;
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
  /**
   * Where to say what is worth knowing but not wrong, on the release's
   * resource (an info diagnostic): a newer version the constraint allows
   * than the lockfile held, found by an online preview.
   * @default - nothing is said
   */
  readonly info?: (message: string) => void;
}

/**
 * Looks a release's chart up in its registry while Pulumi evaluates the
 * program (preview and update): the version a range selects and its
 * digest, or undefined when resolution is off. A rejected Promise fails the
 * preview with its message.
 */
export type ChartResolver = (spec: ChartReleaseSpec, context: ChartResolutionContext) => Promise<ResolvedChart | undefined>;

/**
 * How the registry check runs under Pulumi: mode, lockfile, timeouts and
 * retries, as in the cdk8s front end. The CA a registry needs comes from
 * the source's `certSecret` (a RegistryTlsSecret), not from here.
 */
export interface ResolveSettings extends RegistryCheckSettings {}

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
 * The check presents what Flux will (`sourceRegistryAccess`): the Secret's
 * values, the engineer's login standing in for a Secret known only by name
 * or a provider, nothing for a source with neither. A failed lookup rejects
 * with `[<resource name>] <the registry's answer>`; credentials only reach
 * the registry client, never the message.
 */
export function registryChartResolver(settings: ResolveSettings = {}): ChartResolver {
  return async (spec, context) => {
    const access = sourceRegistryAccess(spec.source, context, context.caCert);
    const request = releaseChartRequest(context.path, spec, access, context.target);
    const resolver = resolverOf(settings);
    const locked = lockedBefore(resolver, request);
    const outcome = await resolver.check(request);
    if (outcome && !outcome.ok) throw new ResolutionError([{ ...outcome.failure, path: context.path }]);
    if (outcome?.from === 'registry' && context.info && pulumi.runtime.isDryRun()) {
      const notice = newerThanLocked(request, locked, outcome.resolved);
      if (notice) context.info(`[${context.path}] ${notice}`);
    }
    await checkPulumiValues(resolver, request, outcome, spec, {
      path: context.path,
      target: context.target,
      strictValues: context.strictValues,
      secret: context.secretValues,
      contentLimits: settings.contentLimits,
    });
    return outcome?.ok ? outcome.resolved : undefined;
  };
}

/**
 * One lookup through the pipeline the cdk8s front end uses (`Resolver`),
 * for a chart or an artifact: the resolved version, tag and digest,
 * undefined with checks off; a failure rejects with
 * `[<resource name>] <the registry's answer>`.
 * @internal
 */
export type RegistryLookup = (request: ChartRequest) => Promise<ResolvedChart | undefined>;

/** The registry lookup with `settings`; the mode is read per lookup, so `FLUX_OCI_RESOLVE` wins. @internal */
export function registryLookup(settings: ResolveSettings = {}): RegistryLookup {
  return async (request) => {
    const outcome = await resolverOf(settings).check(request);
    if (outcome && !outcome.ok) throw new ResolutionError([{ ...outcome.failure, path: request.path }]);
    return outcome?.ok ? outcome.resolved : undefined;
  };
}

/**
 * What kustomize-controller finds at a Kustomization's `path` (and its
 * components) in the artifact a request resolves to, its OCIRepository's
 * `ignore` applied (see `checkKustomizationPath`): the artifact's check is
 * shared (no second lookup), its content layer fetched once per resolver,
 * cache first. Undefined with checks off or a failed lookup (the source
 * reports that).
 * @internal
 */
export type ArtifactPathCheck = (request: ChartRequest, kustomization: KustomizationPaths, ignore?: string) => Promise<PathFinding | undefined>;

/** What a Kustomization reads from its artifact: its path and the components relative to it. @internal */
export interface KustomizationPaths {
  readonly path?: string;
  readonly components?: readonly string[];
}

/** The path check with `settings`. @internal */
export function registryPathCheck(settings: ResolveSettings = {}): ArtifactPathCheck {
  return async (request, { path, components }, ignore) => {
    const resolver = resolverOf(settings);
    const target = contentTargetOf(request, await resolver.check(request));
    if (!target) return undefined;
    return checkKustomizationPath(path, request.reference, await resolver.content(target), { limits: settings.contentLimits, ignore, components });
  };
}

/** The shared resolver for `settings`, with the lockfile beside `Pulumi.yaml`; read per lookup, so `FLUX_OCI_RESOLVE` wins. */
function resolverOf(settings: ResolveSettings): Resolver {
  const { timeouts, retry, lockfile, ...options } = settings;
  return Resolver.shared({ ...options, lockfile: lockfilePathFor(lockfile, pulumiProjectDir()), client: { timeouts, retry } });
}

/**
 * The folder of the Pulumi project, where its lockfile lives: the nearest
 * folder holding `Pulumi.yaml` at or above the working directory (Pulumi
 * runs a program in its project folder, also when `main` points into a
 * subfolder), else at or above the entry script; else the working directory.
 */
export function pulumiProjectDir(cwd = process.cwd()): string {
  const entry = entryScriptDir();
  return findUp(cwd, 'Pulumi.yaml') ?? (entry === undefined ? undefined : findUp(entry, 'Pulumi.yaml')) ?? cwd;
}

/**
 * The registry check with default settings (`FLUX_OCI_RESOLVE`, else
 * 'auto'; `flux-oci.lock.json` beside `Pulumi.yaml`): what ChartReleases
 * use unless their source's `settings.resolver` names another (a source's
 * `settings.resolve` gives the same check other settings).
 */
export const defaultChartResolver: ChartResolver = registryChartResolver();
