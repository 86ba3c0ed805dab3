import { IConstruct } from 'constructs';
import type { ChartRelease } from './chart-release';
import { FluxOci, ResolveSettings } from './settings';
import { FluxOciError } from '../core/errors';
import { ResolveMode, resolveModeFromEnv } from '../resolve/mode';
import type { ResolutionReport } from '../resolve/plan';
import { Resolver } from '../resolve/resolver';
import { resolveSync } from '../resolve/sync/resolve-sync';

const attached = new WeakSet<IConstruct>();
const kChartRelease = Symbol.for('flux-oci.cdk8s.ChartRelease');

/** Marks a construct as a ChartRelease for the app-wide check (no import cycle, works across copies). */
export function markChartRelease(release: ChartRelease): void {
  Object.defineProperty(release, kChartRelease, { value: true });
}

function releasesOf(root: IConstruct, onlyUnchecked: boolean): ChartRelease[] {
  return root.node.findAll()
    .filter((c): c is ChartRelease => (c as any)[kChartRelease] === true)
    .filter((r) => !onlyUnchecked || !r._checked);
}

/**
 * Adds the registry check to the app once: a validation on the root, which
 * cdk8s runs before any other construct's validation and before writing a
 * file. Every release is checked in one batch; each release then reports
 * its own failure, so cdk8s lists them all, each with its construct path.
 */
export function attachAppResolution(release: ChartRelease): void {
  markChartRelease(release);
  const root = release.node.root;
  if (attached.has(root)) return;
  attached.add(root);
  root.node.addValidation({
    validate: () => {
      const releases = releasesOf(root, true);
      if (releases.length === 0) return [];
      try {
        const report = resolveSync(releases.map((r) => r._chartRequest()), resolveOptions(releases[0]));
        applyReport(releases, report);
        return [];
      } catch (e) {
        if (e instanceof FluxOciError) return [e.message];
        throw e;
      }
    },
  });
}

function applyReport(releases: readonly ChartRelease[], report: ResolutionReport): void {
  releases.forEach((r, i) => r._setOutcome(report.outcomes[i]));
}

/**
 * Runs the registry check of every ChartRelease under `scope` now, for
 * programs that prefer `await` to the synchronous check in `app.synth()`
 * (which then finds them checked and makes no request).
 *
 * @returns the report: outcomes per release, failures, requests made
 * @example
 * const app = new App();
 * defineCharts(app);
 * const report = await resolveApp(app);
 * if (report.failures.length) process.exit(1);
 * app.synth();
 */
export async function resolveApp(scope: IConstruct): Promise<ResolutionReport> {
  const releases = releasesOf(scope, false);
  const report = await new Resolver(resolveOptions(releases[0] ?? scope)).resolve(releases.map((r) => r._chartRequest()));
  applyReport(releases, report);
  return report;
}

// FLUX_OCI_RESOLVE is the operator's knob (CI sets `locked`): it wins over the program's setting.
function resolveOptions(scope: IConstruct): ResolveSettings & { mode: ResolveMode } {
  const settings = FluxOci.settingsOf(scope).resolve ?? {};
  return { ...settings, mode: resolveModeFromEnv(process.env, settings.mode ?? 'auto') };
}
