import type { Constraint } from '../semver';
import type { Candidate, CandidateSet } from './candidates';
import { goSort } from './go-sort';
import type { RuleSet } from './rule-set';

/** `sort.Reverse(semver.Collection)`'s `Less(i, j)`: `c[j].LessThan(c[i])`. */
const newerFirst = (a: Candidate, b: Candidate): boolean => b.version.lessThan(a.version);

/**
 * The candidate Flux pulls for a range: the first after sorting the
 * matching versions newest first with Go's `sort.Sort`, which decides
 * between versions equal in precedence.
 *
 * - OCIRepository (`getTagBySemver`,
 *   `fluxcd/source-controller@v1.7.0:internal/controller/ocirepository_controller.go#L891`):
 *   the matching versions in listing order, sorted once.
 * - HelmRepository: Helm sorts every tag it keeps
 *   (`helm/helm@v3.12.1:pkg/registry/client.go#L620` `Tags`), then
 *   source-controller sorts the matching ones in that order again
 *   (`getLastMatchingVersionOrConstraint`,
 *   `fluxcd/source-controller@v1.7.0:internal/helm/repository/oci_chart_repository.go#L313`).
 *
 * When one version is strictly the newest, it is the answer whatever the
 * sort does; only ties pay for the sorts.
 */
export function pickCandidate(set: CandidateSet, ruleSet: RuleSet, constraint: Constraint): Candidate | undefined {
  let best: Candidate | undefined;
  let ties = 0;
  for (const c of set.usable) {
    if (!constraint.check(c.version)) continue;
    const d = best ? c.version.compare(best.version) : 1;
    if (d > 0) {
      best = c;
      ties = 1;
    } else if (d === 0) {
      ties++;
    }
  }
  if (ties <= 1) return best;
  let matching: Candidate[];
  if (ruleSet === 'helm-repository') {
    const listed = [...set.helmListed];
    goSort(listed, newerFirst);
    const usable = new Set(set.usable);
    matching = listed.filter((c) => usable.has(c) && constraint.check(c.version));
  } else {
    matching = set.usable.filter((c) => constraint.check(c.version));
  }
  goSort(matching, newerFirst);
  return matching[0];
}
