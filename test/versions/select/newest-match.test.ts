import { collectCandidates } from '../../../src/versions/select/candidates';
import { newestMatch } from '../../../src/versions/select/newest-match';
import { pickCandidate } from '../../../src/versions/select/pick';
import { RULE_SETS } from '../../../src/versions/select/rule-set';
import { selectTag } from '../../../src/versions/select/select-tag';
import { SelectionRules } from '../../../src/versions/select/selection-rules';
import { compileSemverFilter } from '../../../src/versions/select/semver-filter';
import { Constraint, MASTERMINDS_RELEASES } from '../../../src/versions/semver';

/**
 * `newestMatch` is a second path to what `collectCandidates` + `pickCandidate`
 * answer for a range (selectTag takes it for a listing it has not parsed
 * yet). Over listings drawn from tags of every kind each rule set treats
 * differently, under every Flux rule combination, with and without the
 * chart layer and a semverFilter, it must give the same tag, version and
 * counts whenever it answers, and leave exactly the ties and the misses to
 * the full path.
 */

const POOL = [
  '1.2.3', 'v1.2.3', '1.2.3_b.1', '1.2.3+b.1', '01.2.3', '1.02.3', '1.2', 'v1.2', '1.2.3-rc.1', '1.2.3-rc.1_b',
  '1.2.4', '1.3.0', 'v1.3.0', '1.3.0-', '1.3.0-rc..1', '2.0.0', 'v2.0.0-alpha', '2.0.0-0', '0.9.9', '10.0.0',
  '999999999999999.0.0', '1000000000000000.0.0', '18446744073709551616.0.0', 'latest', 'V1.2.3', '1.2.3.4', '2025.01.02',
];
const CONSTRAINTS = ['*', '>=1.0.0', '~1.2', '^1', '<1.2.3', '>=1.2.3-0', '1.2.x', '!=1.2.3', '>2.0.0', '0.x || 1.2.3', '>=1.2.3, <1.3.0', '9.x'];
const FILTERS = [undefined, '^v', '^1\\.', '_'];

const RULES: SelectionRules[] = MASTERMINDS_RELEASES.flatMap((masterminds) => (['strict', 'lenient'] as const)
  .flatMap((parseVersion) => [true, false].map((chartLayerUnderscore) => ({ masterminds, parseVersion, chartLayerUnderscore }))));

/** A deterministic pseudo-random generator (Park–Miller), so a failure names a listing that can be rerun. */
function random(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a * 48271) % 2147483647;
    return a / 2147483647;
  };
}

function listings(count: number): string[][] {
  const next = random(16);
  return Array.from({ length: count }, () => Array.from({ length: 1 + Math.floor(next() * 12) }, () => POOL[Math.floor(next() * POOL.length)]));
}

test('newestMatch answers as the candidate set does, and leaves only ties and misses to it', () => {
  let answered = 0;
  let tied = 0;
  for (const tags of listings(30)) {
    for (const rules of RULES) {
      for (const ruleSet of RULE_SETS) {
        for (const helmChartLayer of [true, false]) {
          for (const source of ruleSet === 'oci-repository' ? FILTERS : [undefined]) {
            const filter = source === undefined ? undefined : compileSemverFilter(source);
            const set = collectCandidates([...tags], ruleSet, rules, helmChartLayer, filter);
            for (const text of CONSTRAINTS) {
              const constraint = Constraint.parse(text, { masterminds: rules.masterminds });
              const found = newestMatch(tags, ruleSet, rules, helmChartLayer, filter, constraint);
              const picked = pickCandidate(set, ruleSet, constraint);
              const where = `${JSON.stringify(tags)} ${ruleSet} ${JSON.stringify(rules)} layer=${helmChartLayer} filter=${source} ${text}`;
              if (found) {
                answered++;
                expect({ where, found }).toEqual({
                  where,
                  found: { tag: picked?.tag, version: picked?.version.toString(), ignored: set.ignored.length, filteredOut: set.filteredOut },
                });
              } else if (picked) {
                tied++;
                // Not answered but there is a pick: only because the newest match is tied in precedence.
                const newest = set.usable.filter((c) => constraint.check(c.version) && c.version.compare(picked.version) === 0);
                expect({ where, tied: newest.length > 1 }).toEqual({ where, tied: true });
              }
            }
          }
        }
      }
    }
  }
  // Both outcomes occur, so the comparison above tested something.
  expect(answered).toBeGreaterThan(5_000);
  expect(tied).toBeGreaterThan(50);
});

test('a scratch version is never handed out: the answer stays right when later plain tags overwrite the scratch', () => {
  // Newest first, then older plain releases that are each read into the spare scratch version.
  const tags = ['3.0.0', '2.9.9', '1.0.0', '2.0.0', 'v9.9.9', '0.1.0'];
  const rules: SelectionRules = { masterminds: '3.5.0', parseVersion: 'lenient', chartLayerUnderscore: true };
  expect(newestMatch(tags, 'helm-repository', rules, true, undefined, Constraint.parse('<3.0.0')))
    .toEqual({ tag: '2.9.9', version: '2.9.9', ignored: 1, filteredOut: 0 });
});

test('selectTag answers a range on a fresh listing as on a listing it parsed before', () => {
  const tags = ['1.0.0', 'v1.1.0', '1.1.0-rc.1', 'latest', '1.2.0_b.1', '1.1.5'];
  const first = selectTag({ tags, constraint: '^1.0', ruleSet: 'oci-repository', semverFilter: '^[v1]' });
  collectCandidates(tags, 'oci-repository', { masterminds: '3.5.0', parseVersion: 'lenient', chartLayerUnderscore: true }, true, compileSemverFilter('^[v1]'));
  expect(selectTag({ tags, constraint: '^1.0', ruleSet: 'oci-repository', semverFilter: '^[v1]' })).toEqual(first);
  expect(first).toEqual({ matched: true, tag: '1.2.0_b.1', version: '1.2.0+b.1', considered: 6, ignored: 0, filteredOut: 1 });
});
