import {
  ArtifactPathCheck, registryChartResolver, registryLookup, registryPathCheck, RegistryLookup, ResolveSettings, ChartResolver,
} from './chart-resolver';
import { throwIfAny } from './inputs';
import { checkSettings, FluxOciSettingsOptions } from '../check/settings';
import { IssueList } from '../foundation/issues';
import { PinMode } from '../model/resolution';
import { Target } from '../model/target';

/**
 * What cdk8s sets app-wide, given to a source (`OciHelmSource`,
 * `OciArtifactSource`) and inherited by the objects built from it: every
 * `ChartRelease` of an OciHelmSource (a release must target the same
 * controller as its source), every `FluxKustomization` of an
 * OciArtifactSource. A `PrivateRegistrySecret` reads only `target`, for its
 * default format.
 */
export interface FluxOciSettings extends FluxOciSettingsOptions<ResolveSettings> {
  /**
   * Looks chart versions up during preview and update instead of the
   * registry check (`resolve` then does not apply to ChartReleases;
   * OciArtifactSources are still checked with `resolve`).
   * @default - the registry check, `registryChartResolver(resolve)`
   */
  readonly resolver?: ChartResolver;
}

/** Settings after validation, with defaults applied. */
export interface EffectiveSettings {
  readonly target: Target;
  readonly pin?: PinMode;
  readonly strictValues?: boolean;
  /** Checks ChartReleases. */
  readonly resolver: ChartResolver;
  /** Checks OciArtifactSources. */
  readonly lookup: RegistryLookup;
  /** Checks FluxKustomization paths in their OciArtifactSource's content. */
  readonly pathCheck: ArtifactPathCheck;
}

/** Checks `settings` of the resource `path`; issues name `settings.<field>`. */
export function effectiveSettings(path: string, settings: FluxOciSettings = {}): EffectiveSettings {
  const issues = new IssueList(path);
  const target = checkSettings(settings, issues);
  if (settings.resolver !== undefined && typeof settings.resolver !== 'function') {
    issues.add('resolver', 'expected a function (spec, context) => Promise<ResolvedChart | undefined>');
  }
  // Trusting a CA for the check alone let the check pass where Flux, without the certSecretRef, fails TLS.
  if ((settings.resolve as { caCert?: unknown } | undefined)?.caCert !== undefined) {
    issues.add('resolve.caCert', "moved to the source's certSecret, so Flux trusts the CA the check trusts: certSecret: new RegistryTlsSecret(name, { caCert }) creates the Secret, RegistryTlsSecret.fromSecretName(name, { caCert }) names one that exists");
  }
  throwIfAny(issues, 'settings.');
  return {
    target,
    pin: settings.pin,
    strictValues: settings.strictValues,
    resolver: settings.resolver ?? registryChartResolver(settings.resolve),
    lookup: registryLookup(settings.resolve),
    pathCheck: registryPathCheck(settings.resolve),
  };
}
