import { throwIfAny } from './inputs';
import { ChartResolver, defaultChartResolver } from './resolution';
import { checkEnum } from '../core/field-checks';
import { IssueList } from '../core/issues';
import { PIN_MODES, PinMode } from '../core/resolution';
import { Target, TargetOptions, toTarget } from '../core/target';

/**
 * What cdk8s sets app-wide, given to an `OciHelmSource` and inherited by
 * every `ChartRelease` from it (a release must target the same controller
 * as its source). A `PrivateRegistrySecret` reads only `target`, for its
 * default format.
 */
export interface FluxOciSettings extends TargetOptions {
  /**
   * Default `pin` of the releases from this source.
   * @default 'none'
   */
  readonly pin?: PinMode;
  /**
   * Looks chart versions up in the registry during preview and update.
   * @default - `defaultChartResolver`
   */
  readonly resolver?: ChartResolver;
}

/** Settings after validation, with defaults applied. */
export interface EffectiveSettings {
  readonly target: Target;
  readonly pin?: PinMode;
  readonly resolver: ChartResolver;
}

/** Checks `settings` of the resource `path`; issues name `settings.<field>`. */
export function effectiveSettings(path: string, settings: FluxOciSettings = {}): EffectiveSettings {
  const issues = new IssueList(path);
  const target = toTarget(settings, issues);
  checkEnum(issues, 'pin', settings.pin, PIN_MODES);
  if (settings.resolver !== undefined && typeof settings.resolver !== 'function') {
    issues.add('resolver', 'expected a function (spec, context) => Promise<ResolvedChart | undefined>');
  }
  throwIfAny(issues, 'settings.');
  return { target, pin: settings.pin, resolver: settings.resolver ?? defaultChartResolver };
}
