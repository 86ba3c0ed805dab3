import { IConstruct } from 'constructs';
import { checkSettings, FluxOciSettingsOptions, RegistryCheckSettings } from '../check/settings';
import { IssueList } from '../foundation/issues';
import { Target, toTarget } from '../model/target';

const CONTEXT_KEY = 'flux-oci:settings';

/** The settings where none were configured: one object, so its target is worked out once. */
const NO_SETTINGS: FluxOciSettings = Object.freeze({});
const targets = new WeakMap<FluxOciSettings, Target>();

/** App-wide flux-oci settings, set once on the App (or a Chart) before adding constructs. */
export interface FluxOciSettings extends FluxOciSettingsOptions<ResolveSettings> {}

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
    checkSettings(settings, issues);
    issues.throwIfAny();
    scope.node.setContext(CONTEXT_KEY, { ...settings });
  }

  /** The settings in effect at `scope`. */
  public static settingsOf(scope: IConstruct): FluxOciSettings {
    return (scope.node.tryGetContext(CONTEXT_KEY) as FluxOciSettings | undefined) ?? NO_SETTINGS;
  }

  /**
   * The Flux target in effect at `scope`: one object per settings (each
   * object is asked for its target at every check), checked when configured.
   * @internal
   */
  public static _targetOf(scope: IConstruct): Target {
    const settings = FluxOci.settingsOf(scope);
    let target = targets.get(settings);
    if (!target) {
      target = toTarget(settings, new IssueList('FluxOci'));
      targets.set(settings, target);
    }
    return target;
  }

  private constructor() {}
}
