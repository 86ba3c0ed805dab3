import { FluxOciError } from '../../../src/foundation/errors';
import { InvalidConstraintError, InvalidVersionError } from '../../../src/versions/errors';
import { classifyVersionRequest, findExactTag, RULE_SETS, tagToVersion, versionToTag } from '../../../src/versions/select';

describe.each(RULE_SETS)('classifyVersionRequest, %s', (ruleSet) => {
  test.each([
    ['1.2.3', '1.2.3'],
    ['v1.2.3', 'v1.2.3'],
    ['1.2.3-rc.1', '1.2.3-rc.1'],
    ['1.2.3+build.5', '1.2.3_build.5'],
    ['1.2.3-rc.1+a', '1.2.3-rc.1_a'],
  ])('%p is exact and pulled as tag %p', (version, tag) => {
    const request = classifyVersionRequest(version, ruleSet);
    expect(request).toMatchObject({ kind: 'exact', version, tag });
  });

  test.each([
    ['', '*'],
    ['*', '*'],
    ['1.2', '1.2'],
    ['1', '1'],
    ['^1.2.3', '^1.2.3'],
    ['>=1.0.0, <2.0.0', '>=1.0.0, <2.0.0'],
    ['1.2.x', '1.2.x'],
    [' 1.2.3', ' 1.2.3'],
  ])('%p is a range written as %p', (version, constraint) => {
    const request = classifyVersionRequest(version, ruleSet);
    expect(request.kind).toBe('range');
    if (request.kind === 'range') {
      expect(request.constraint).toBe(constraint);
      expect(request.parsed.toString()).not.toBe('');
    }
  });

  test.each([
    // fluxcd/pkg ParseVersion before and since 622aa13e (Flux 2.7)
    ['01.2.3', 'strict', 'range'],
    ['01.2.3', 'lenient', 'exact'],
    ['2025.01.02', 'strict', 'range'],
    ['2025.01.02', 'lenient', 'exact'],
    ['1.2-rc.1', 'strict', 'range'],
    ['1.2-rc.1', 'lenient', 'exact'],
    ['1.2', 'lenient', 'range'],
  ] as const)('%p under the %s ParseVersion is %s', (version, parseVersion, kind) => {
    const request = classifyVersionRequest(version, ruleSet, { parseVersion, masterminds: '3.3.0', chartLayerUnderscore: false });
    expect(request.kind).toBe(kind);
    if (request.kind === 'exact') expect(request.tag).toBe(version);
  });

  test.each(['>= bar', '1.2.3.4', 'latest', '~> 1.2.3 ||'])('%p is rejected with a typed error and a hint', (version) => {
    let caught: unknown;
    try {
      classifyVersionRequest(version, ruleSet);
    } catch (e) {
      caught = e;
    }
    expect(caught).toBeInstanceOf(InvalidConstraintError);
    expect(caught).toBeInstanceOf(FluxOciError);
    const error = caught as InvalidConstraintError;
    expect(error.code).toBe('FLUX_OCI_INVALID_CONSTRAINT');
    expect(error.input).toBe(version);
    expect(error.message).toContain(JSON.stringify(version));
    expect(error.message).toMatch(/use an exact version such as '1\.2\.3', a range such as/);
  });
});

describe('tag conversion', () => {
  test.each([
    ['1.2.3', '1.2.3'],
    ['1.2.3+build.5', '1.2.3_build.5'],
    ['1.2.3-rc.1+a.b', '1.2.3-rc.1_a.b'],
  ])('%p <-> %p', (version, tag) => {
    expect(versionToTag(version)).toBe(tag);
    expect(tagToVersion(tag)).toBe(version);
  });

  test('every occurrence is converted, as Helm and Flux do', () => {
    expect(tagToVersion('1.0.0_a_b')).toBe('1.0.0+a+b');
    expect(versionToTag('1+2+3')).toBe('1_2_3');
  });
});

describe('findExactTag', () => {
  const tags = ['1.0.0', '1.1.0_build.2', 'v2.0.0'];

  test.each(RULE_SETS)('finds the tag Flux would pull (%s)', (ruleSet) => {
    expect(findExactTag(tags, '1.1.0+build.2', ruleSet)).toBe('1.1.0_build.2');
    expect(findExactTag(tags, 'v2.0.0', ruleSet)).toBe('v2.0.0');
    expect(findExactTag(tags, '2.0.0', ruleSet)).toBeUndefined();
    expect(findExactTag(tags, '1.1.0', ruleSet)).toBeUndefined();
  });

  test('rejects what is not an exact version', () => {
    expect(() => findExactTag(tags, '1.2', 'helm-repository')).toThrow(InvalidVersionError);
  });
});
