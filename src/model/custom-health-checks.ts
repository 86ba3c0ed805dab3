/**
 * `healthCheckExprs` entries as a Flux release's controllers take them
 * (fluxcd/pkg runtime/cel, which kustomize-controller and helm-controller
 * call before anything is applied; a refusal stalls the object with
 * InvalidCELExpression):
 *
 * - Up to Flux 2.7 (runtime v0.86–v0.91: status_poller.go
 *   `PollerWithCustomHealthChecks`), only the first entry of each
 *   GroupKind is read; a later one is skipped, expressions unparsed.
 * - From Flux 2.8 (runtime v0.94, f5abb7c7: status_reader.go
 *   `NewStatusReader`), a second entry of a GroupKind is refused:
 *   "duplicate custom health check for GroupKind …".
 * - Up to Flux 2.8 the CRDs require `kind` (kustomize-controller v1.8.0,
 *   helm-controller v1.5.0); from 2.9 (runtime v0.104, 6b6497f0) an entry
 *   without one covers every kind of its API group.
 * - Each entry read has its `current` (required: "expression Current not
 *   specified"), `inProgress` and `failed` parsed (status_evaluator.go
 *   `NewStatusEvaluator`), with cel-go's parser (./flux-cel).
 */
import { fluxCel } from './flux-cel/lazy';
import { atLeast, FluxVersion } from './flux-version';

/** A problem of one entry: at one of its fields, or (a duplicate) the entry itself. */
export interface CustomHealthCheckProblem {
  readonly index: number;
  readonly field?: 'kind' | 'current' | 'inProgress' | 'failed';
  /** `warning` where the release skips the entry without a word (its expressions never run). */
  readonly severity: 'error' | 'warning';
  readonly message: string;
}

const EXPRESSIONS = ['current', 'inProgress', 'failed'] as const;
/** The first Flux minor that refuses a second entry of a GroupKind, and the first that takes an entry without `kind`. */
const DUPLICATES_REFUSED: FluxVersion = '2.8';
const KIND_OPTIONAL: FluxVersion = '2.9';

/** What `fluxVersion`'s controller says of each entry of `checks` (entries as written: fields may be missing or not strings). */
export function customHealthCheckProblems(checks: readonly unknown[], fluxVersion: FluxVersion): CustomHealthCheckProblem[] {
  const problems: CustomHealthCheckProblem[] = [];
  const firstOf = new Map<string, number>();
  checks.forEach((entry, index) => {
    const check = (typeof entry === 'object' && entry !== null ? entry : {}) as Record<string, unknown>;
    const apiVersion = typeof check.apiVersion === 'string' ? check.apiVersion : '';
    const kind = typeof check.kind === 'string' ? check.kind : '';
    if (kind === '' && !atLeast(fluxVersion, KIND_OPTIONAL)) {
      problems.push({
        index,
        field: 'kind',
        severity: 'error',
        message: `Flux ${fluxVersion}'s CRD requires kind, so the API server refuses the object; an entry without one covers every kind of its API group `
          + `from Flux ${KIND_OPTIONAL}`,
      });
    }
    // schema.FromAPIVersionAndKind(...).GroupKind(): the group is what comes before the '/' ('' for the core group).
    const groupKind = `${apiVersion.includes('/') ? apiVersion.slice(0, apiVersion.indexOf('/')) : ''}/${kind}`;
    const first = firstOf.get(groupKind);
    if (first !== undefined) {
      problems.push(duplicateProblem(index, first, groupKind, fluxVersion));
      if (!atLeast(fluxVersion, DUPLICATES_REFUSED)) return;
    } else {
      firstOf.set(groupKind, index);
    }
    problems.push(...expressionProblems(check, index));
  });
  return problems;
}

function duplicateProblem(index: number, first: number, groupKind: string, fluxVersion: FluxVersion): CustomHealthCheckProblem {
  const [group, kind] = groupKind.split('/');
  const named = `${kind || '(every kind)'} of ${group ? `API group ${group}` : 'the core API group'}`;
  return atLeast(fluxVersion, DUPLICATES_REFUSED)
    ? {
      index,
      severity: 'error',
      message: `a second health check for ${named} (the first is entry ${first}): Flux ${fluxVersion} refuses it ("duplicate custom health check for `
        + 'GroupKind") and stalls the object before anything is applied; merge the two',
    }
    : {
      index,
      severity: 'warning',
      message: `a second health check for ${named} (the first is entry ${first}): Flux ${fluxVersion} reads only the first, so these expressions never run `
        + `(from Flux ${DUPLICATES_REFUSED} the object is stalled instead); merge the two`,
    };
}

/** `current` (required) and the other expressions, parsed as NewStatusEvaluator parses them. */
function expressionProblems(check: Record<string, unknown>, index: number): CustomHealthCheckProblem[] {
  const problems: CustomHealthCheckProblem[] = [];
  for (const field of EXPRESSIONS) {
    const source = check[field];
    // A missing `current` is the CRD's to refuse (a required field); an empty one passes it and fails here.
    if (field === 'current' && source === '') {
      problems.push({ index, field, severity: 'error', message: 'the expression is empty, and Flux refuses a health check without one ("expression Current not specified")' });
      continue;
    }
    if (typeof source !== 'string' || source === '') continue;
    const celExpressions = fluxCel();
    const problem = celExpressions.celExpressionProblem(source, celExpressions.HEALTH_CHECK_EXPRESSION);
    if (problem) {
      problems.push({
        index,
        field,
        severity: 'error',
        message: `Flux's CEL parser (cel-go) refuses it: ${celExpressions.celProblemText(source, problem)}; the controller stalls the object before anything is applied`,
      });
    }
  }
  return problems;
}
