import { registryChartResolver, ResolveSettings, ChartResolver } from './chart-resolver';
import { throwIfAny } from './inputs';
import { RESOLVE_MODES } from '../check/mode';
import { IssueList } from '../foundation/issues';
import { checkEnum } from '../model/field-checks';
import { PIN_MODES, PinMode } from '../model/resolution';
import { Target, TargetOptions, toTarget } from '../model/target';

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
   * How the registry check runs during preview and update: mode (overridden
   * by `FLUX_OCI_RESOLVE`), lockfile path, timeouts. Releases from sources
   * with equal settings share one resolver and its lockfile.
   * @default - `FLUX_OCI_RESOLVE`, else 'auto', with `flux-oci.lock.json` in the working directory
   */
  readonly resolve?: ResolveSettings;
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
  checkEnum(issues, 'resolve.mode', settings.resolve?.mode, RESOLVE_MODES);
  const lockfile = settings.resolve?.lockfile;
  if (lockfile !== undefined && lockfile !== false && (typeof lockfile !== 'string' || lockfile === '')) {
    issues.add('resolve.lockfile', 'expected a file path or false');
  }
  const caCert = settings.resolve?.caCert;
  if (caCert !== undefined && (typeof caCert !== 'string' || !caCert.includes('-----BEGIN CERTIFICATE-----'))) {
    issues.add('resolve.caCert', 'expected PEM text with a -----BEGIN CERTIFICATE----- block, e.g. readFileSync(\'ca.crt\', \'utf8\')');
  }
  throwIfAny(issues, 'settings.');
  return { target, pin: settings.pin, resolver: settings.resolver ?? registryChartResolver(settings.resolve) };
}
