/**
 * Which tag Flux pulls, per Flux release: source-controller's selection code
 * re-typed line for line in Go and run on each Masterminds/semver release:
 * - OCIRepository `ref.semver`: `getTagBySemver` and `filterTags`,
 *   `fluxcd/source-controller@v1.7.0:internal/controller/ocirepository_controller.go#L891,#L1364`
 *   (the `_`→`+` chart-layer mapping: `@v1.9.1:…#L1433`, backported to
 *   v1.8.5 as 79fe9e80);
 * - HelmRepository `type: oci`: `getChartVersion` and
 *   `getLastMatchingVersionOrConstraint`,
 *   `fluxcd/source-controller@v1.7.0:internal/helm/repository/oci_chart_repository.go#L179,#L313`,
 *   over Helm's `registry.Client.Tags` (`helm/helm@v3.12.1:pkg/registry/client.go#L620`);
 * - ParseVersion: `fluxcd/pkg@version/v0.9.0` / `@622aa13e:version/version.go`.
 * Rows O1–O33 and H1–H20 are the tables of the research note; the `tie…`,
 * `ties…`, `ascending…` and `descending…` rows pin Go's `sort.Sort` on long
 * lists. Each row runs for every `fluxVersion`.
 */
import { FLUX_RULES, resultFor, SelectionOutcome, SelectionRow, vectors } from './vectors';
import { FLUX_VERSIONS, FluxVersion, imagePolicyRulesFor, selectionRulesFor } from '../../../src/model/flux-version';
import { InvalidConstraintError, InvalidSemverFilterError } from '../../../src/versions/errors';
import { classifyVersionRequest, selectTag, TagSelection, versionToTag } from '../../../src/versions/select';

/**
 * Rows that test something flux-oci never asks Flux: O28 is `NewConstraint("")`,
 * but an empty `ref.semver` means "unset" to source-controller, which then
 * pulls `ref.tag` or `latest` without parsing it.
 */
const NOT_A_FLUX_PATH = new Set(['O28']);

function run(row: SelectionRow, fluxVersion: FluxVersion): TagSelection {
  return selectTag({
    tags: row.tags,
    constraint: row.constraint,
    ruleSet: row.ruleSet,
    semverFilter: row.semverFilter,
    helmChartLayer: row.helmChartLayer ?? false,
    // An OCIRepository ref.semver as written: Flux makes no exact-or-range decision there.
    alwaysRange: row.ruleSet === 'oci-repository',
    rules: selectionRulesFor(fluxVersion),
  });
}

function outcome(row: SelectionRow, fluxVersion: FluxVersion): SelectionOutcome {
  let selection: TagSelection;
  try {
    selection = run(row, fluxVersion);
  } catch (e) {
    if (e instanceof InvalidSemverFilterError) return { filterError: e.reason };
    if (e instanceof InvalidConstraintError) return { constraintError: e.reason };
    throw e;
  }
  if (!selection.matched) return { noMatch: true };
  return row.ruleSet === 'helm-repository' ? { tag: selection.tag, version: selection.version } : { tag: selection.tag };
}

const cases = vectors.selection
  .filter((row) => !NOT_A_FLUX_PATH.has(row.id))
  .flatMap((row) => FLUX_VERSIONS.map((v) => [`${row.id} Flux ${v}`, row, v] as const));

describe('tag selection per Flux release, as source-controller runs it', () => {
  test('the rules each Flux release gets are the ones its controllers link', () => {
    for (const v of FLUX_VERSIONS) {
      const rules = selectionRulesFor(v);
      expect(`${rules.parseVersion}/${rules.masterminds}`).toBe(FLUX_RULES[v]);
      expect(rules.chartLayerUnderscore).toBe(v === '2.8' || v === '2.9');
    }
  });

  test("an ImagePolicy's rules are those of the image-reflector-controller each release ships (its go.mod at that tag)", () => {
    // fluxcd/flux2 manifests/bases/image-reflector-controller per minor: source-controller's rules, but 2.8's v1.1.x stayed on Masterminds v3.4.0.
    const expected: Record<FluxVersion, string> = { ...FLUX_RULES, 2.8: 'lenient/3.4.0' };
    for (const v of FLUX_VERSIONS) {
      const rules = imagePolicyRulesFor(v);
      expect(`${v} ${rules.parseVersion}/${rules.masterminds}`).toBe(`${v} ${expected[v]}`);
    }
  });

  test.each(cases)('%s', (_title, row, fluxVersion) => {
    const expected = resultFor(row.results, 'rules', FLUX_RULES[fluxVersion]);
    if ('exact' in expected) {
      // HelmRepository: ParseVersion accepted the version, so Flux pulls it as written, without listing.
      const request = classifyVersionRequest(row.constraint, row.ruleSet, selectionRulesFor(fluxVersion));
      expect(request).toMatchObject({ kind: 'exact', tag: versionToTag(expected.exact) });
      const listed = row.tags.includes(versionToTag(expected.exact));
      const version = request.parsed.toString();
      expect(outcome(row, fluxVersion)).toEqual(listed ? { tag: versionToTag(expected.exact), version } : { noMatch: true });
      return;
    }
    // flux-oci reports a repository without usable tags as no match, with what it holds.
    const want = 'noTags' in expected ? { noMatch: true } : expected;
    expect(outcome(row, fluxVersion)).toEqual(want);
  });
});

describe('what changed between Flux releases (examples from the vectors)', () => {
  const row = (id: string): SelectionRow => vectors.selection.find((r) => r.id === id)!;

  test('Flux 2.7 reads date tags and partial prereleases', () => {
    expect(outcome(row('O1'), '2.6')).toEqual({ tag: 'v0.0.2' });
    expect(outcome(row('O1'), '2.7')).toEqual({ tag: '2025.01.02' });
  });

  test('Flux 2.7 lets a prerelease through an AND group where one term names one', () => {
    expect(outcome(row('O9'), '2.6')).toEqual({ tag: '1.4.0' });
    expect(outcome(row('O9'), '2.7')).toEqual({ tag: '1.5.0-rc.1' });
  });

  test('Flux 2.5 rejects leading zeros in a range', () => {
    expect(outcome(row('O14'), '2.5')).toEqual({ constraintError: 'constraint Parser Error' });
    expect(outcome(row('O14'), '2.6')).toEqual({ tag: '1.2.3' });
  });

  test('semverFilter is compiled before the range is parsed', () => {
    expect(outcome(row('O15'), '2.9')).toEqual({ filterError: 'error parsing regexp: missing closing ): `(`' });
  });

  test('Flux 2.8.8 reads `_` as `+` in chart-layer tags, and quotes input in errors', () => {
    expect(outcome(row('O19'), '2.7')).toEqual({ tag: '1.0.0' });
    expect(outcome(row('O19'), '2.8')).toEqual({ tag: '1.2.3_build' });
    expect(outcome(row('O16'), '2.7')).toEqual({ constraintError: 'improper constraint: >= foo' });
    expect(outcome(row('O16'), '2.8')).toEqual({ constraintError: 'improper constraint: ">= foo"' });
  });

  test('ties: the first listed up to 12 matches, Go pdqsort beyond', () => {
    expect(outcome(row('O32'), '2.9')).toEqual({ tag: 'v1.2.3' });
    expect(outcome(row('O33'), '2.9')).toEqual({ tag: '1.2.3' });
  });

  test('Flux ≤ 2.4 and 2.6 list a tag with an empty identifier and pull another tag', () => {
    expect(outcome(row('empty-identifier-metadata'), '2.6')).toEqual({ tag: '1.2.3', version: '1.2.3' });
    expect(outcome(row('empty-identifier-metadata'), '2.7')).toEqual({ tag: '1.0.0', version: '1.0.0' });
  });
});
