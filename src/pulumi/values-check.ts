import * as pulumi from '@pulumi/pulumi';
import type { ContentLimits } from '../archives/content-limits';
import { contentTargetOf } from '../check/content-stage';
import { ResolutionOutcome } from '../check/outcome';
import { ChartRequest } from '../check/request';
import { Resolver } from '../check/resolver';
import { checkReleaseValues, releaseValuesOf, ValuesCheckError } from '../check/values-stage';
import type { ChartReleaseSpec } from '../model/release';
import type { Target } from '../model/target';

/** What the values check of a Pulumi release knows besides its spec. */
export interface PulumiValuesContext {
  readonly path: string;
  readonly target: Target;
  /** The app-wide (source settings) `strictValues`. */
  readonly strictValues?: boolean;
  /** The values came through a secret Output: none of them appears in a message. */
  readonly secret?: boolean;
  readonly contentLimits?: ContentLimits;
}

/**
 * The values stage during preview and update, once the release resolved:
 * the chart's layer (cache first), then the same check as a cdk8s synth.
 * Errors reject with every problem of the release; warnings go to Pulumi's
 * log. `valuesFrom` objects live in the cluster: reported as not checked.
 */
export async function checkPulumiValues(
  resolver: Resolver, request: ChartRequest, outcome: ResolutionOutcome | undefined, spec: ChartReleaseSpec, context: PulumiValuesContext,
): Promise<void> {
  if (context.target.kind !== 'flux') return;
  const target = contentTargetOf(request, outcome);
  if (!target || !outcome?.ok) return;
  const content = await resolver.content(target);
  const release = releaseValuesOf(spec, {
    valuesFrom: (spec.valuesFrom ?? []).map((v) => ({ kind: v.kind, name: v.name, targetPath: v.targetPath, unknown: true as const })),
    appStrictValues: context.strictValues,
    fluxVersion: context.target.fluxVersion,
    secret: context.secret,
  });
  const findings = checkReleaseValues(release, request.reference, outcome.resolved, content, context.contentLimits);
  for (const f of findings) if (f.severity === 'warning') void pulumi.log.warn(`[${context.path}] ${f.message}`);
  const errors = findings.filter((f) => f.severity === 'error').map((f) => f.message);
  if (errors.length) throw new ValuesCheckError(context.path, errors);
}

/**
 * During preview an unknown value (an Output of a resource not yet created)
 * leaves the release unresolved, and its values unchecked: say so.
 */
export function warnWhenValuesUnknown(path: string, values: unknown, resource: pulumi.Resource): void {
  if (!pulumi.runtime.isDryRun() || values === undefined) return;
  const known = (pulumi.output(values as pulumi.Input<unknown>) as unknown as { isKnown?: Promise<boolean> }).isKnown;
  void known?.then((isKnown) => {
    if (!isKnown) void pulumi.log.warn(`[${path}] values not checked: some are unknown until the update (Outputs of resources not created yet)`, resource);
  });
}
