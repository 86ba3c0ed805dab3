import { IConstruct } from 'constructs';
import { RESOLVE_MODES } from '../check/mode';
import { RegistryCheckSettings } from '../check/settings';
import { IssueList } from '../foundation/issues';
import { checkEnum } from '../model/field-checks';
import { PIN_MODES, PinMode } from '../model/resolution';
import { Target, TargetOptions, toTarget } from '../model/target';

const CONTEXT_KEY = 'flux-oci:settings';

/** App-wide flux-oci settings, set once on the App (or a Chart) before adding constructs. */
export interface FluxOciSettings extends TargetOptions {
  /**
   * Default `pin` for every ChartRelease below the scope.
   * @default 'none'
   */
  readonly pin?: PinMode;
  /**
   * How synth checks charts against their registries: mode (overridden by
   * `FLUX_OCI_RESOLVE`), lockfile path, timeouts.
   * @default - `FLUX_OCI_RESOLVE`, else 'auto', with `flux-oci.lock.json` in the working directory
   */
  readonly resolve?: ResolveSettings;
}

/** Registry check settings for an app. */
export interface ResolveSettings extends RegistryCheckSettings {
  /**
   * How long synth may block for all lookups together, in ms.
   * @default 300000
   */
  readonly deadlineMs?: number;
}

/**
 * Entry point for app-wide settings, stored as construct context so every
 * construct below the scope sees them.
 *
 * @example
 * const app = new App();
 * FluxOci.configure(app, { fluxVersion: '2.2' });
 */
export class FluxOci {
  /** Sets the settings for `scope` and everything created under it afterwards. */
  public static configure(scope: IConstruct, settings: FluxOciSettings): void {
    const issues = new IssueList(scope.node.path || '<app>');
    toTarget(settings, issues);
    checkEnum(issues, 'pin', settings.pin, PIN_MODES);
    checkEnum(issues, 'resolve.mode', settings.resolve?.mode, RESOLVE_MODES);
    issues.throwIfAny();
    scope.node.setContext(CONTEXT_KEY, { ...settings });
  }

  /** The settings in effect at `scope`. */
  public static settingsOf(scope: IConstruct): FluxOciSettings {
    return (scope.node.tryGetContext(CONTEXT_KEY) as FluxOciSettings | undefined) ?? {};
  }

  /** @internal */
  public static _targetOf(scope: IConstruct): Target {
    return toTarget(FluxOci.settingsOf(scope), new IssueList(scope.node.path));
  }

  private constructor() {}
}
