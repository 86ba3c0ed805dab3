import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { IConstruct } from 'constructs';
import { FluxOci, ResolveSettings } from './settings';
import type { ContentOutcome } from '../check/content-fetch';
import type { Lockfile } from '../check/lockfile';
import { entryScriptDir, findUp, lockfilePathFor } from '../check/lockfile-location';
import { checksNothing, effectiveMode } from '../check/mode';
import type { ResolutionFailure, ResolutionOutcome } from '../check/outcome';
import type { ChartRequest } from '../check/request';
import type { ContentReport, Resolver } from '../check/resolver';
import { FluxOciError } from '../foundation/errors';
import type { ResolvedChart } from '../model/resolution';

/** A construct the app-wide registry check covers: a ChartRelease's chart, an OciArtifactSource's artifact. */
export interface IRegistryChecked extends IConstruct {
  /** Whether the check has run (or was skipped). */
  readonly _checked: boolean;
  /** What to look up. */
  _chartRequest(): ChartRequest;
  /** Whether the check also fetches the layer it resolves to (values, artifact paths). */
  _needsContent?(): boolean;
  /** What the check found; `undefined` when checks are off. */
  _setOutcome(outcome: ResolutionOutcome | undefined, content?: ContentOutcome): void;
}

/** What the registry check found for one construct, as ChartRelease and OciArtifactSource keep it. */
export class RegistryCheckResult {
  /** Whether the check has run (or was skipped). */
  public checked = false;
  /** What was found; `undefined` when checks are off or the lookup failed. */
  public resolved?: ResolvedChart;
  /** Why the lookup failed. */
  public failure?: ResolutionFailure;
  /** The layer it resolved to, when asked for. */
  public content?: ContentOutcome;

  /** Records an outcome; `undefined` means checks are off. */
  public set(outcome: ResolutionOutcome | undefined, content?: ContentOutcome): void {
    this.checked = true;
    this.resolved = outcome?.ok ? outcome.resolved : undefined;
    this.failure = outcome && !outcome.ok ? outcome.failure : undefined;
    this.content = content;
  }
}

const attached = new WeakSet<IConstruct>();
/** How many checked constructs each app root has. */
const attachedCount = new WeakMap<IConstruct, number>();
const kRegistryChecked = Symbol.for('flux-oci.cdk8s.RegistryChecked');

function checkedUnder(root: IConstruct, onlyUnchecked: boolean): IRegistryChecked[] {
  return root.node.findAll()
    .filter((c): c is IRegistryChecked => (c as any)[kRegistryChecked] === true)
    .filter((r) => !onlyUnchecked || !r._checked);
}

/**
 * Adds the registry check to the app once: a validation on the root, which
 * cdk8s runs before any other construct's validation and before writing a
 * file. Every checked construct is looked up in one batch; each then
 * reports its own failure, so cdk8s lists them all, each with its path.
 * What the check adds to the lockfile is written only when the app's
 * objects are serialized, i.e. after every validation passed
 * ({@link writeCheckedLockfiles}).
 * (A symbol marks them: no import cycle, and it works across copies of flux-oci.)
 */
export function attachAppResolution(construct: IRegistryChecked): void {
  Object.defineProperty(construct, kRegistryChecked, { value: true });
  const root = construct.node.root;
  attachedCount.set(root, (attachedCount.get(root) ?? 0) + 1);
  if (attached.has(root)) return;
  attached.add(root);
  // cdk8s validates the app once per chart file it writes: once every
  // construct is checked (a check is never undone), the tree is searched
  // again only when a checked construct was added since.
  let settledAt = -1;
  root.node.addValidation({
    validate: () => {
      const count = attachedCount.get(root);
      if (settledAt === count) return [];
      const checked = checkedUnder(root, true);
      if (checked.length === 0) {
        settledAt = count!;
        return [];
      }
      try {
        const settings = appCheckSettings(checked[0]);
        if (checksNothing(effectiveMode(settings), settings.lockfile)) {
          // Every outcome is undefined, so no request is built (a reference parsed per release) and the Resolver is not loaded.
          for (const r of checked) r._setOutcome(undefined);
          settledAt = count!;
          return [];
        }
        const resolver = resolverFor(settings);
        const report = resolver.resolveSync(checked.map((r) => r._chartRequest()), { deferLockfileWrite: true, content: contentWanted(checked) });
        applyReport(checked, report);
        deferWrite(root, resolver.lockfile);
        settledAt = count!;
        return [];
      } catch (e) {
        if (e instanceof FluxOciError) return [e.message];
        throw e;
      }
    },
  });
}

function applyReport(checked: readonly IRegistryChecked[], report: ContentReport): void {
  checked.forEach((r, i) => r._setOutcome(report.outcomes[i], report.content[i]));
}

function contentWanted(checked: readonly IRegistryChecked[]): boolean[] {
  return checked.map((r) => r._needsContent?.() ?? false);
}

/** Lockfiles holding entries a check recorded, per app root, until the app is serialized. */
const pendingWrites = new WeakMap<IConstruct, Lockfile[]>();

function deferWrite(root: IConstruct, lockfile: Lockfile | undefined): void {
  if (!lockfile?.changed) return;
  pendingWrites.set(root, [...(pendingWrites.get(root) ?? []), lockfile]);
}

/**
 * Writes what the registry check recorded for `scope`'s app into its
 * lockfile. Called as the app's flux-oci objects are serialized: cdk8s
 * serializes only once every construct's validation passed (`app.synth()`,
 * `app.synthYaml()` and `Testing.synth()` all validate first and stop on
 * an error), so a synth that fails validation anywhere changes no lockfile.
 */
export function writeCheckedLockfiles(scope: IConstruct): void {
  const root = scope.node.root;
  const pending = pendingWrites.get(root);
  if (!pending) return;
  pendingWrites.delete(root);
  for (const lockfile of pending) lockfile.save();
}

/**
 * Runs the registry check of every ChartRelease and OciArtifactSource under `scope` now, for
 * programs that prefer `await` to the synchronous check in `app.synth()`
 * (which then finds them checked and makes no request). New lockfile
 * entries are written when the app synthesizes, after every validation passed.
 *
 * @returns the report: outcomes per construct, failures, requests made
 * @example
 * const app = new App();
 * defineCharts(app);
 * const report = await resolveApp(app);
 * if (report.failures.length) process.exit(1);
 * app.synth();
 */
export async function resolveApp(scope: IConstruct): Promise<ContentReport> {
  const checked = checkedUnder(scope, false);
  const resolver = resolverFor(appCheckSettings(checked[0] ?? scope));
  const report = await resolver.resolve(checked.map((r) => r._chartRequest()), { deferLockfileWrite: true, content: contentWanted(checked) });
  applyReport(checked, report);
  deferWrite(scope.node.root, resolver.lockfile);
  return report;
}

/** The app's `resolve` settings, its lockfile's path resolved beside the app. */
function appCheckSettings(scope: IConstruct): ResolveSettings & { readonly lockfile: string | false } {
  const settings: ResolveSettings = FluxOci.settingsOf(scope).resolve ?? {};
  return { ...settings, lockfile: lockfilePathFor(settings.lockfile, cdk8sAppDir()) };
}

/**
 * The registry check with the app's settings (the Resolver applies
 * `FLUX_OCI_RESOLVE` over them). Loaded on first use: an app whose checks
 * are off and that has no lockfile never needs it (nor the lockfile, plan
 * and tag-selection code).
 */
function resolverFor({ timeouts, retry, ...settings }: ReturnType<typeof appCheckSettings>): Resolver {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- loaded on first use, see above
  const { Resolver: AppResolver } = require('../check/resolver') as typeof import('../check/resolver');
  return new AppResolver({ ...settings, client: { timeouts, retry } });
}

/**
 * The folder of a cdk8s app, where its lockfile lives: the folder of
 * `cdk8s.yaml` when the cdk8s CLI or `flux-oci lock` runs the app (both run
 * its `app` command there, with `CDK8S_OUTDIR` set); else the nearest
 * folder at or above the entry script that holds a `cdk8s.yaml`; else the
 * entry script's folder. So `node ~/app/main.js` run from any folder uses
 * the lockfile `cdk8s synth` wrote.
 */
export function cdk8sAppDir(env: NodeJS.ProcessEnv = process.env, cwd = process.cwd()): string {
  if (env.CDK8S_OUTDIR !== undefined && existsSync(join(cwd, 'cdk8s.yaml'))) return cwd;
  const entry = entryScriptDir();
  if (entry === undefined) return cwd;
  return findUp(entry, 'cdk8s.yaml') ?? entry;
}
