import { collectCandidates } from '../../../src/versions/select/candidates';
import { tagVersion } from '../../../src/versions/select/rule-set';
import { SelectionRules } from '../../../src/versions/select/selection-rules';
import { tagToVersion, versionToTag } from '../../../src/versions/select/tag-conversion';
import { FluxParseRule, MASTERMINDS_RELEASES, SemVer, tryParseFluxVersion, tryParseStrictVersion } from '../../../src/versions/semver';

/**
 * On the HelmRepository path source-controller parses what Helm listed a
 * second time (`ParseVersion(v.String())`); `helmReadBack` skips that where
 * it cannot change the answer. Every tag here must come out as the two
 * parses in a row give it: same version (`original` included), same pulled
 * tag, same usable/ignored split, for every Masterminds release and rule.
 */

const CORES = ['1.2.3', 'v1.2.3', '01.2.3', '1.2', '0.0.0', '18446744073709551615.0.0', '1.2.3.4', 'latest'];
const SUFFIXES = ['', '-', '+', '_', '-rc.1', '-rc..1', '-01', '-rc.1_b.2', '_build.5', '_', '__', '_b..c', '+b', '-rc.1+b', '-a-b_c-d', '-.', '_.'];
const TAGS = CORES.flatMap((core) => SUFFIXES.map((suffix) => core + suffix));

const RULES: SelectionRules[] = MASTERMINDS_RELEASES.flatMap((masterminds) =>
  (['strict', 'lenient'] as FluxParseRule[]).map((parseVersion) => ({ parseVersion, masterminds, chartLayerUnderscore: true })));

/** Helm's listing, then source-controller's parse of what it printed: the long way, step by step. */
function twoParses(tag: string, rules: SelectionRules): { listed?: SemVer; version?: SemVer } {
  const listed = tryParseStrictVersion(tagToVersion(tag), { masterminds: rules.masterminds });
  return { listed, version: listed && tryParseFluxVersion(listed.toString(), rules.parseVersion) };
}

function fields(v: SemVer | undefined): unknown {
  return v && { major: v.major, minor: v.minor, patch: v.patch, prerelease: v.prerelease, metadata: v.metadata, original: v.original };
}

describe('HelmRepository tags read back from Helm\'s list without a second parse where it changes nothing', () => {
  test('the tags include ones only Masterminds up to 3.3.0 lists (empty identifiers)', () => {
    expect(tryParseStrictVersion('1.2.3-', { masterminds: '3.3.0' })?.toString()).toBe('1.2.3');
    expect(tryParseStrictVersion('1.2.3-rc..1', { masterminds: '3.3.0' })).toBeDefined();
    expect(TAGS).toEqual(expect.arrayContaining(['1.2.3-', '1.2.3_', '1.2.3-rc..1', '1.2.3_b..c']));
  });

  test.each(RULES.map((r) => [`${r.masterminds} ${r.parseVersion}`, r] as const))('Masterminds %s: tagVersion and collectCandidates as two parses', (_name, rules) => {
    const set = collectCandidates([...TAGS], 'helm-repository', rules, true, undefined);
    const expectedListed = [];
    const expectedUsable = [];
    const expectedIgnored = [];
    for (const tag of TAGS) {
      const { listed, version } = twoParses(tag, rules);
      expect({ tag, version: fields(tagVersion(tag, 'helm-repository', rules)) }).toEqual({ tag, version: fields(version) });
      if (listed) expectedListed.push({ tag: versionToTag(listed.toString()), version: fields(version ?? listed) });
      if (version) expectedUsable.push({ tag: versionToTag(listed!.toString()), version: fields(version) });
      else expectedIgnored.push(tag);
    }
    expect(set.helmListed.map((c) => ({ tag: c.tag, version: fields(c.version) }))).toEqual(expectedListed);
    expect(set.usable.map((c) => ({ tag: c.tag, version: fields(c.version) }))).toEqual(expectedUsable);
    expect(set.ignored).toEqual(expectedIgnored);
    expect(expectedUsable.length).toBeGreaterThan(10);
  });

  test('a tag holding a + (no valid OCI tag does) is pulled as Helm prints it', () => {
    const rules: SelectionRules = { parseVersion: 'lenient', masterminds: '3.5.0', chartLayerUnderscore: true };
    const set = collectCandidates(['1.2.3+b', '1.2.3_c'], 'helm-repository', rules, true, undefined);
    expect(set.usable.map((c) => c.tag)).toEqual(['1.2.3_b', '1.2.3_c']);
  });
});
