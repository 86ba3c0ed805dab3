import { registryChartResolver, ResolveSettings, ChartResolver } from './chart-resolver';
import { throwIfAny } from './inputs';
import { checkSettings, FluxOciSettingsOptions } from '../check/settings';
import { IssueList } from '../foundation/issues';
import { PinMode } from '../model/resolution';
import { Target } from '../model/target';

/**
 * What cdk8s sets app-wide, given to an `OciHelmSource` and inherited by
 * every `ChartRelease` from it (a release must target the same controller
 * as its source). A `PrivateRegistrySecret` reads only `target`, for its
 * default format.
 */
export interface FluxOciSettings extends FluxOciSettingsOptions<ResolveSettings> {
  /**
   * Looks chart versions up during preview and update instead of the
   * registry check (`resolve` then does not apply).
   * @default - the registry check, `registryChartResolver(resolve)`
   */
  readonly resolver?: ChartResolver;
}

/** Settings after validation, with defaults applied. */
export interface EffectiveSettings {
  readonly target: Target;
  readonly pin?: PinMode;
  readonly strictValues?: boolean;
  readonly resolver: ChartResolver;
}

/** Checks `settings` of the resource `path`; issues name `settings.<field>`. */
export function effectiveSettings(path: string, settings: FluxOciSettings = {}): EffectiveSettings {
  const issues = new IssueList(path);
  const target = checkSettings(settings, issues);
  if (settings.resolver !== undefined && typeof settings.resolver !== 'function') {
    issues.add('resolver', 'expected a function (spec, context) => Promise<ResolvedChart | undefined>');
  }
  const caCert = settings.resolve?.caCert;
  if (caCert !== undefined && (typeof caCert !== 'string' || !caCert.includes('-----BEGIN CERTIFICATE-----'))) {
    issues.add('resolve.caCert', 'expected PEM text with a -----BEGIN CERTIFICATE----- block, e.g. readFileSync(\'ca.crt\', \'utf8\')');
  }
  throwIfAny(issues, 'settings.');
  return { target, pin: settings.pin, strictValues: settings.strictValues, resolver: settings.resolver ?? registryChartResolver(settings.resolve) };
}
