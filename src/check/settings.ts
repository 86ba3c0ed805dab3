import { ContentSettings } from './content-stage';
import { ResolveMode, RESOLVE_MODES } from './mode';
import { IssueList } from '../foundation/issues';
import { checkBoolean, checkEnum } from '../model/field-checks';
import { PIN_MODES, PinMode } from '../model/resolution';
import { Target, TargetOptions, toTarget } from '../model/target';
import type { RetryOptions, TimeoutOptions } from '../registry/transport';

/** The registry-check settings both front ends take (cdk8s `FluxOci.configure({ resolve })`, Pulumi `settings.resolve`). */
export interface RegistryCheckSettings extends ContentSettings {
  /**
   * `auto` reuses the lockfile and looks up what it lacks; `online` looks up
   * everything again and refreshes those entries; `locked` never goes
   * online; `verify` is `locked` plus an online check that each entry's
   * tag still has its digest; `off` skips checks. `FLUX_OCI_RESOLVE` wins when set.
   * @default 'auto'
   */
  readonly mode?: ResolveMode;
  /**
   * The lockfile, or `false` for none. A relative path is relative to the
   * program's folder (cdk8s: of `cdk8s.yaml`, else of the entry script;
   * Pulumi: of `Pulumi.yaml`), not to the working directory.
   * @default - `flux-oci.lock.json` in the program's folder
   */
  readonly lockfile?: string | false;
  /**
   * Connect and request timeouts of the registry client.
   * @default - RegistryClient defaults (10 s connect, 60 s per request)
   */
  readonly timeouts?: TimeoutOptions;
  /**
   * How the registry client retries failed requests.
   * @default - RegistryClient defaults
   */
  readonly retry?: RetryOptions;
}

/**
 * The settings a program sets once and every construct below inherits:
 * cdk8s `FluxOci.configure(app, …)`, Pulumi a source's `settings`.
 */
export interface FluxOciSettingsOptions<TResolve extends RegistryCheckSettings> extends TargetOptions {
  /**
   * Default `pin` of the releases these settings apply to.
   * @default 'none'
   */
  readonly pin?: PinMode;
  /**
   * Values keys a chart does not know fail the synth (or preview) instead of
   * warning; a release's own `strictValues` wins.
   * @default false
   */
  readonly strictValues?: boolean;
  /**
   * How the registry check runs: mode (overridden by `FLUX_OCI_RESOLVE`),
   * lockfile path, timeouts.
   * @default - `FLUX_OCI_RESOLVE`, else 'auto', with `flux-oci.lock.json` in the program's folder
   */
  readonly resolve?: TResolve;
}

/** Checks the settings both front ends share; issues name the field (`pin`, `resolve.mode`, …). */
export function checkSettings(settings: FluxOciSettingsOptions<RegistryCheckSettings>, issues: IssueList): Target {
  const target = toTarget(settings, issues);
  checkEnum(issues, 'pin', settings.pin, PIN_MODES);
  checkBoolean(issues, 'strictValues', settings.strictValues);
  checkEnum(issues, 'resolve.mode', settings.resolve?.mode, RESOLVE_MODES);
  const lockfile = settings.resolve?.lockfile;
  if (lockfile !== undefined && lockfile !== false && (typeof lockfile !== 'string' || lockfile === '')) {
    issues.add('resolve.lockfile', 'expected a file path or false');
  }
  return target;
}
