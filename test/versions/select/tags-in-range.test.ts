import { selectionRulesFor } from '../../../src/model/flux-version';
import { selectTag, tagsInRange } from '../../../src/versions/select';

const TAGS = ['0.9.0', 'v1.0.0', '1.1.0', '1.2.0-rc.1', '1.2.0', '1.10.0', '2.0.0', 'latest', '1.3.0_build.5'];

describe('tagsInRange lists what a request accepts, with the tag selectTag picks', () => {
  test('a range on the OCIRepository path: v-prefixed and build tags count, oldest first, prereleases excluded', () => {
    const { selection, matching } = tagsInRange({ tags: TAGS, constraint: '1.x', ruleSet: 'oci-repository' });
    expect(matching).toEqual(['v1.0.0', '1.1.0', '1.2.0', '1.3.0_build.5', '1.10.0']);
    expect(selection).toMatchObject({ matched: true, tag: '1.10.0' });
    expect(selection).toEqual(selectTag({ tags: TAGS, constraint: '1.x', ruleSet: 'oci-repository' }));
  });

  test('the HelmRepository path keeps strict SemVer tags only', () => {
    const { matching } = tagsInRange({ tags: TAGS, constraint: '>=1.0.0 <2.0.0', ruleSet: 'helm-repository' });
    expect(matching).toEqual(['1.1.0', '1.2.0', '1.3.0_build.5', '1.10.0']);
  });

  test('semverFilter applies before the range, as source-controller does', () => {
    const { matching, selection } = tagsInRange({ tags: TAGS, constraint: '*', ruleSet: 'oci-repository', semverFilter: '^1\\.1' });
    expect(matching).toEqual(['1.1.0', '1.10.0']);
    expect(selection).toMatchObject({ tag: '1.10.0' });
  });

  test('an exact version is its one tag, or nothing', () => {
    expect(tagsInRange({ tags: TAGS, constraint: '1.2.0', ruleSet: 'oci-repository' }).matching).toEqual(['1.2.0']);
    const missing = tagsInRange({ tags: TAGS, constraint: '1.4.0', ruleSet: 'oci-repository' });
    expect(missing.matching).toEqual([]);
    expect(missing.selection.matched).toBe(false);
  });

  test('the Flux release decides what is a version: 01.1.0 parses leniently from 2.7 only', () => {
    const tags = ['01.1.0', '1.0.0'];
    expect(tagsInRange({ tags, constraint: '1.x', ruleSet: 'oci-repository', rules: selectionRulesFor('2.7') }).matching).toEqual(['1.0.0', '01.1.0']);
    expect(tagsInRange({ tags, constraint: '1.x', ruleSet: 'oci-repository', rules: selectionRulesFor('2.6') }).matching).toEqual(['1.0.0']);
  });
});
