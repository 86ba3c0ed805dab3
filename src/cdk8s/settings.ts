import { IConstruct } from 'constructs';
import { checkSettings, FluxOciSettingsOptions, RegistryCheckSettings } from '../check/settings';
import { IssueList } from '../foundation/issues';
import { Target, toTarget } from '../model/target';

const CONTEXT_KEY = 'flux-oci:settings';

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
    return (scope.node.tryGetContext(CONTEXT_KEY) as FluxOciSettings | undefined) ?? {};
  }

  /** @internal */
  public static _targetOf(scope: IConstruct): Target {
    return toTarget(FluxOci.settingsOf(scope), new IssueList(scope.node.path));
  }

  private constructor() {}
}
