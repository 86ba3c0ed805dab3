import { InvalidConstraintError, InvalidSemverFilterError } from '../../../src/versions/errors';
import {
  RuleSet,
  selectTag,
  SelectTagInput,
  TagMatch,
  TagMismatch,
  TagSelection,
} from '../../../src/versions/select';

function matched(selection: TagSelection): TagMatch {
  if (!selection.matched) throw new Error(`expected a match, got ${JSON.stringify(selection)}`);
  return selection;
}

function notMatched(selection: TagSelection): TagMismatch {
  if (selection.matched) throw new Error(`expected no match, got ${JSON.stringify(selection)}`);
  return selection;
}

interface Row {
  readonly name: string;
  readonly tags: string[];
  readonly constraint: string;
  readonly semverFilter?: string;
  readonly helmChartLayer?: boolean;
  /** The tag picked, or null for no match. */
  readonly tag: string | null;
  readonly version?: string;
}

const HELM_REPOSITORY: Row[] = [
  { name: 'newest strict tag for *', tags: ['1.0.0', '1.5.0', '1.2', 'latest'], constraint: '*', tag: '1.5.0', version: '1.5.0' },
  { name: "'' means *", tags: ['1.0.0', '1.5.0'], constraint: '', tag: '1.5.0' },
  { name: 'v-prefixed tags are invisible to ranges', tags: ['1.0.0', 'v2.0.0'], constraint: '*', tag: '1.0.0' },
  { name: 'only v-prefixed tags: nothing', tags: ['v1.0.0', 'v1.1.0'], constraint: '>=1.0.0', tag: null },
  { name: "'latest' and '1.2' are dropped", tags: ['latest', '1.2'], constraint: '*', tag: null },
  { name: 'build metadata stored as _', tags: ['1.0.0', '1.0.1_build.7'], constraint: '~1.0', tag: '1.0.1_build.7', version: '1.0.1+build.7' },
  { name: 'prereleases skipped by a release range', tags: ['1.0.0', '1.1.0-rc.1'], constraint: '>=1.0.0', tag: '1.0.0' },
  { name: 'prereleases matched by a prerelease range', tags: ['1.0.0', '1.1.0-rc.1'], constraint: '>=1.0.0-0', tag: '1.1.0-rc.1' },
  { name: 'comma AND', tags: ['1.0.0', '1.4.9', '1.5.0', '2.0.0'], constraint: '>=1.0.0, <1.5.0', tag: '1.4.9' },
  { name: '!= skips one version', tags: ['1.0.0', '1.1.0'], constraint: '>=1.0.0 !=1.1.0', tag: '1.0.0' },
  { name: '~0.0.0 is any release', tags: ['0.1.0', '3.2.1'], constraint: '~0.0.0', tag: '3.2.1' },
  { name: 'exact version is pulled by its tag', tags: ['1.0.0', '2.0.0'], constraint: '1.0.0', tag: '1.0.0', version: '1.0.0' },
  {
    name: 'exact string match first: the named build, not any equal-precedence one',
    tags: ['1.3.0_build.5', '1.3.0_build.6', '1.3.0'],
    constraint: '1.3.0+build.5',
    tag: '1.3.0_build.5',
    version: '1.3.0+build.5',
  },
  { name: 'exact v-version is pulled without listing, so its v tag counts', tags: ['v1.0.0'], constraint: 'v1.0.0', tag: 'v1.0.0', version: '1.0.0' },
  { name: 'exact version missing', tags: ['1.0.1'], constraint: '1.0.0', tag: null },
  { name: 'semverFilter is not a HelmRepository field: ignored', tags: ['1.0.0', '2.0.0'], constraint: '*', semverFilter: '^1', tag: '2.0.0' },
];

const OCI_REPOSITORY: Row[] = [
  { name: 'v-prefixed tags count', tags: ['1.0.0', 'v2.0.0'], constraint: '*', tag: 'v2.0.0', version: '2.0.0' },
  { name: "'latest' and '1.2' are dropped", tags: ['latest', '1.2', '1.1.0'], constraint: '*', tag: '1.1.0' },
  { name: 'build metadata stored as _ with the Helm chart layer', tags: ['1.0.0', '1.0.1_b.7'], constraint: '>=1.0.0', tag: '1.0.1_b.7', version: '1.0.1+b.7' },
  {
    name: 'helmChartLayer false: _ tags are no versions',
    tags: ['1.0.0', '1.0.1_b.7'],
    constraint: '>=1.0.0',
    helmChartLayer: false,
    tag: '1.0.0',
  },
  { name: 'prereleases skipped by a release range', tags: ['6.0.0', '6.1.0-rc.1'], constraint: '>=6.0.0', tag: '6.0.0' },
  {
    name: 'semverFilter .*-rc.* with >= 6.1.x-0 (Flux docs)',
    tags: ['6.0.0', '6.1.0', '6.1.1-rc.1', '6.2.0-rc.2', '6.2.0-beta.1', '6.0.0-rc.9'],
    constraint: '>= 6.1.x-0',
    semverFilter: '.*-rc.*',
    tag: '6.2.0-rc.2',
    version: '6.2.0-rc.2',
  },
  { name: 'semverFilter sees raw tags (_ before conversion)', tags: ['1.0.0_a', '1.0.1'], constraint: '*', semverFilter: '_', tag: '1.0.0_a' },
  { name: 'semverFilter anchored to v tags', tags: ['v1.0.0', '2.0.0'], constraint: '*', semverFilter: '^v', tag: 'v1.0.0' },
  { name: 'semverFilter is Go syntax: (?i)', tags: ['1.0.0-RC.1', '1.0.0-beta.1'], constraint: '>=0.0.0-0', semverFilter: '(?i)-rc', tag: '1.0.0-RC.1' },
  { name: 'semverFilter does not apply to an exact version (ref.tag)', tags: ['1.0.0'], constraint: '1.0.0', semverFilter: 'nothing', tag: '1.0.0' },
  { name: 'semverFilter that excludes everything', tags: ['1.0.0', '2.0.0'], constraint: '*', semverFilter: 'rc', tag: null },
  { name: 'exact version pulled by its + → _ tag', tags: ['1.2.3_b.1', '1.2.3_b.2'], constraint: '1.2.3+b.2', tag: '1.2.3_b.2' },
  { name: 'hyphen range', tags: ['1.1.0', '1.4.5', '1.4.6'], constraint: '1.2 - 1.4.5', tag: '1.4.5' },
];

describe.each<[RuleSet, Row[]]>([
  ['helm-repository', HELM_REPOSITORY],
  ['oci-repository', OCI_REPOSITORY],
])('selectTag, %s', (ruleSet, rows) => {
  test.each(rows.map((r): [string, Row] => [r.name, r]))('%s', (_name, row) => {
    const input: SelectTagInput = {
      tags: row.tags, constraint: row.constraint, ruleSet, semverFilter: row.semverFilter, helmChartLayer: row.helmChartLayer,
    };
    const selection = selectTag(input);
    if (row.tag === null) {
      expect(selection.matched).toBe(false);
      return;
    }
    const match = matched(selection);
    expect(match.tag).toBe(row.tag);
    if (row.version !== undefined) expect(match.version).toBe(row.version);
    expect(match.considered).toBe(row.tags.length);
  });
});

describe('selectTag: versions equal in precedence (Go sort.Sort, stable up to 12 matches)', () => {
  const orders = [
    ['1.0.0', '1.0.0_9', '1.0.0_10'],
    ['1.0.0_10', '1.0.0_9', '1.0.0'],
    ['1.0.0_9', '1.0.0', '1.0.0_10'],
  ];
  test.each(orders)('build metadata does not rank: the first listed wins: %p %p %p', (...tags) => {
    const match = matched(selectTag({ tags, constraint: '*', ruleSet: 'helm-repository' }));
    expect(match.tag).toBe(tags[0]);
  });

  test('v1.0.0 and 1.0.0: the first listed wins', () => {
    const a = matched(selectTag({ tags: ['v1.0.0', '1.0.0'], constraint: '*', ruleSet: 'oci-repository' }));
    const b = matched(selectTag({ tags: ['1.0.0', 'v1.0.0'], constraint: '*', ruleSet: 'oci-repository' }));
    expect([a.tag, b.tag]).toEqual(['v1.0.0', '1.0.0']);
  });
});

describe('selectTag: no match explains what exists', () => {
  test('counts and ignored examples', () => {
    const tags = ['latest', 'main', 'v1.0.0', '1.2', 'sha-1', 'sha-2', '0.9.0'];
    const result = notMatched(selectTag({ tags, constraint: '>=1.0.0', ruleSet: 'helm-repository' }));
    expect(result).toMatchObject({ considered: 7, ignored: 6, filteredOut: 0 });
    expect(result.ignoredExamples).toEqual(['latest', 'main', 'v1.0.0', '1.2', 'sha-1']);
    expect(result.newestStable).toBe('0.9.0');
    expect(result.newestPrerelease).toBeUndefined();
  });

  test('an exact version: same major.minor first, nearest first', () => {
    const tags = ['1.0.0', '1.1.9', '1.2.0', '1.2.5', '1.2.4-rc.1', '1.3.0', '2.0.0', '0.1.0'];
    const result = notMatched(selectTag({ tags, constraint: '1.2.3', ruleSet: 'oci-repository' }));
    expect(result.nearest).toEqual(['1.2.0', '1.2.4-rc.1', '1.2.5', '1.1.9', '1.3.0']);
    expect(result.newestStable).toBe('2.0.0');
  });

  test('an exact version that exists only with a v prefix points at it', () => {
    const result = notMatched(selectTag({ tags: ['v1.2.3', '1.0.0'], constraint: '1.2.3', ruleSet: 'oci-repository' }));
    expect(result.nearest[0]).toBe('v1.2.3');
  });

  test('a range: highest below, lowest above, then what failed inside', () => {
    const tags = ['1.0.0', '2.0.0', '2.5.0', '3.1.0-rc.1', '4.0.0', '4.1.0'];
    const result = notMatched(selectTag({ tags, constraint: '>=3.0.0 <4.0.0', ruleSet: 'helm-repository' }));
    expect(result.nearest).toEqual(['2.5.0', '4.0.0', '3.1.0-rc.1', '2.0.0', '4.1.0']);
    expect(result.newestStable).toBe('4.1.0');
    expect(result.newestPrerelease).toBeUndefined();
  });

  test('a caret range is bounded by the next major; its own prerelease sorts just below it', () => {
    const tags = ['1.9.0', '3.0.0', '2.0.0-rc.1', '4.0.0'];
    const result = notMatched(selectTag({ tags, constraint: '^2.0.0', ruleSet: 'helm-repository' }));
    expect(result.nearest).toEqual(['2.0.0-rc.1', '3.0.0', '1.9.0', '4.0.0']);
  });

  test('an open range: the newest, with the newest prerelease', () => {
    const tags = ['1.0.0-rc.1', '1.0.0-rc.2', '0.9.0-beta.1'];
    const result = notMatched(selectTag({ tags, constraint: '*', ruleSet: 'helm-repository' }));
    expect(result.nearest).toEqual(['1.0.0-rc.2', '1.0.0-rc.1', '0.9.0-beta.1']);
    expect(result.newestStable).toBeUndefined();
    expect(result.newestPrerelease).toBe('1.0.0-rc.2');
  });

  test('nearest shows versions as written: v kept, _ as +', () => {
    const result = notMatched(selectTag({ tags: ['v0.5.0', '0.6.0_b.1'], constraint: '>=1.0.0', ruleSet: 'oci-repository' }));
    expect(result.nearest).toEqual(['0.6.0+b.1', 'v0.5.0']);
  });

  test('tags excluded by semverFilter are counted apart', () => {
    const tags = ['1.0.0', '1.1.0', '2.0.0-rc.1', 'latest-rc'];
    const result = notMatched(selectTag({ tags, constraint: '>=3.0.0-0', semverFilter: '-rc', ruleSet: 'oci-repository' }));
    expect(result).toMatchObject({ considered: 4, filteredOut: 2, ignored: 1, ignoredExamples: ['latest-rc'], nearest: ['2.0.0-rc.1'] });
  });

  test('at most five nearest versions', () => {
    const tags = Array.from({ length: 20 }, (_, i) => `1.${i}.0`);
    const result = notMatched(selectTag({ tags, constraint: '>=5.0.0', ruleSet: 'helm-repository' }));
    expect(result.nearest).toEqual(['1.19.0', '1.18.0', '1.17.0', '1.16.0', '1.15.0']);
  });
});

describe('selectTag: invalid input gives typed errors', () => {
  test.each(['>= bar', '1.2.3.4', 'BAR >= 1.2.3', '12.3.34~ 1.2.3'])('constraint %p', (constraint) => {
    let caught: unknown;
    try {
      selectTag({ tags: ['1.0.0'], constraint, ruleSet: 'helm-repository' });
    } catch (e) {
      caught = e;
    }
    expect(caught).toBeInstanceOf(InvalidConstraintError);
    expect((caught as InvalidConstraintError).code).toBe('FLUX_OCI_INVALID_CONSTRAINT');
    expect((caught as InvalidConstraintError).input).toBe(constraint);
  });

  test.each(['(?=rc)', '(rc', 'rc\\1', 'a++'])('semverFilter %p', (semverFilter) => {
    let caught: unknown;
    try {
      selectTag({ tags: ['1.0.0'], constraint: '*', ruleSet: 'oci-repository', semverFilter });
    } catch (e) {
      caught = e;
    }
    expect(caught).toBeInstanceOf(InvalidSemverFilterError);
    expect((caught as InvalidSemverFilterError).code).toBe('FLUX_OCI_INVALID_SEMVER_FILTER');
    expect((caught as InvalidSemverFilterError).filter).toBe(semverFilter);
    expect((caught as Error).message).toContain(JSON.stringify(semverFilter));
  });
});

test('a tag the registry lists more than once takes part in Go\'s sort each time, as in Flux', () => {
  // All 13 entries match, so Go's sort.Sort runs pdqsort proper (insertion sort only up to 12); without the repeats, 3 entries.
  const listed = ['1.2.3', '1.2.3', '1.2.3', '1.2.3', '1.2.3', '1.2.3', 'v1.2.3', '1.2.3', '1.2.3', '1.2.3', '1.2.3', '1.0.0', '1.2.3'];
  expect(selectTag({ tags: listed, constraint: '*', ruleSet: 'oci-repository' })).toMatchObject({ matched: true, tag: 'v1.2.3' });
  expect(selectTag({ tags: [...new Set(listed)], constraint: '*', ruleSet: 'oci-repository' })).toMatchObject({ matched: true, tag: '1.2.3' });
});
