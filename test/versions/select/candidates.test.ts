import { selectionRulesFor } from '../../../src/model/flux-version';
import { collectCandidates, RECENT_SETS } from '../../../src/versions/select/candidates';
import { NEWEST_SELECTION_RULES } from '../../../src/versions/select/selection-rules';
import { compileSemverFilter } from '../../../src/versions/select/semver-filter';

const TAGS = ['0.9.0', 'v1.0.0', '1.1.0', '1.3.0_build.5', 'latest'];
const tagsOf = (set: ReturnType<typeof collectCandidates>): string[] => set.usable.map((c) => c.tag);

describe('collectCandidates parses a tag list once per rule set and reuses it for the ranges that follow', () => {
  test('the same list under the same rules: the set built the first time, not a second parse', () => {
    const tags = [...TAGS];
    const first = collectCandidates(tags, 'oci-repository', NEWEST_SELECTION_RULES, true, undefined);
    expect(collectCandidates(tags, 'oci-repository', NEWEST_SELECTION_RULES, true, undefined)).toBe(first);
    expect(tagsOf(first)).toEqual(['0.9.0', 'v1.0.0', '1.1.0', '1.3.0_build.5']);
    expect(first.ignored).toEqual(['latest']);
  });

  test('what changes the parse gets its own set: rule set, Flux rules, chart layer, semverFilter', () => {
    const tags = [...TAGS];
    const newest = collectCandidates(tags, 'oci-repository', NEWEST_SELECTION_RULES, true, undefined);
    expect(tagsOf(collectCandidates(tags, 'helm-repository', NEWEST_SELECTION_RULES, true, undefined))).toEqual(['0.9.0', '1.1.0', '1.3.0_build.5']);
    expect(tagsOf(collectCandidates(tags, 'oci-repository', selectionRulesFor('2.7'), true, undefined))).toEqual(['0.9.0', 'v1.0.0', '1.1.0']);
    expect(tagsOf(collectCandidates(tags, 'oci-repository', NEWEST_SELECTION_RULES, false, undefined))).toEqual(['0.9.0', 'v1.0.0', '1.1.0']);
    const filtered = collectCandidates(tags, 'oci-repository', NEWEST_SELECTION_RULES, true, compileSemverFilter('^1'));
    expect(tagsOf(filtered)).toEqual(['1.1.0', '1.3.0_build.5']);
    expect(filtered.filteredOut).toBe(3);
    expect(collectCandidates(tags, 'oci-repository', NEWEST_SELECTION_RULES, true, undefined)).toBe(newest);
  });

  test('another list with the same tags is parsed for itself (the key is the listing, not its content)', () => {
    const a = collectCandidates([...TAGS], 'oci-repository', NEWEST_SELECTION_RULES, true, undefined);
    const b = collectCandidates([...TAGS], 'oci-repository', NEWEST_SELECTION_RULES, true, undefined);
    expect(b).not.toBe(a);
    expect(b).toEqual(a);
  });

  test('only the latest sets are kept: after as many other lists, the first is parsed again', () => {
    const tags = [...TAGS];
    const first = collectCandidates(tags, 'oci-repository', NEWEST_SELECTION_RULES, true, undefined);
    for (let i = 0; i < RECENT_SETS - 1; i++) collectCandidates([...TAGS], 'oci-repository', NEWEST_SELECTION_RULES, true, undefined);
    expect(collectCandidates(tags, 'oci-repository', NEWEST_SELECTION_RULES, true, undefined)).toBe(first);
    for (let i = 0; i < RECENT_SETS; i++) collectCandidates([...TAGS], 'oci-repository', NEWEST_SELECTION_RULES, true, undefined);
    const again = collectCandidates(tags, 'oci-repository', NEWEST_SELECTION_RULES, true, undefined);
    expect(again).not.toBe(first);
    expect(again).toEqual(first);
  });
});
