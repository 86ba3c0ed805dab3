import { InvalidVersionError } from '../../../src/versions/errors';
import {
  MASTERMINDS_RELEASES,
  parseFluxVersion,
  parseStrictVersion,
  parseVersion,
  ParseVersionOptions,
  SemVer,
} from '../../../src/versions/semver';
import { VersionFailure } from '../../../src/versions/semver/identifiers';
import { FULL_PARSERS } from '../../../src/versions/semver/parse-version';
import { parsePlainRelease } from '../../../src/versions/semver/plain-release';

/**
 * The plain-release fast path (plain-release.ts) must not change a single
 * answer: for a generated set of tags, every parser with the fast path
 * (the exported functions) gives what the full parser alone gives: the same
 * segments, prerelease, metadata and `original`, or the same Go error.
 */

const SEGMENTS = [
  '0', '1', '10', '1023', '1024', '00', '01',
  '999999999999999', // 15 digits: the longest the fast path reads
  '1000000000000000', // 16 digits: the full parser's
  '9007199254740993', // above 2^53: a Number would round it
  '18446744073709551615', // uint64 max
  '18446744073709551616', // uint64 overflow
  '', 'x', '1x', '\u0661', // Arabic-Indic one: not an ASCII digit
];
const PREFIXES = ['', 'v', 'V', 'vv', ' '];
/** Segments the suffixes are tried after (every combination of three). */
const SUFFIXED_SEGMENTS = ['0', '1', '01', '999999999999999', '18446744073709551616'];
const SUFFIXES = ['', '-', '+', '-rc.1', '+build.5', '-rc.1+b', '-rc..1', '+b..c', '-01', '.4', '_x', ' ', '\n', '.'];

function generatedTags(): string[] {
  const tags = new Set<string>();
  for (const prefix of PREFIXES) {
    for (const a of SEGMENTS) {
      tags.add(prefix + a);
      for (const b of SEGMENTS) {
        tags.add(`${prefix}${a}.${b}`);
        for (const c of SEGMENTS) tags.add(`${prefix}${a}.${b}.${c}`);
      }
    }
    for (const a of SUFFIXED_SEGMENTS) {
      for (const b of SUFFIXED_SEGMENTS) {
        for (const c of SUFFIXED_SEGMENTS) for (const suffix of SUFFIXES) tags.add(`${prefix}${a}.${b}.${c}${suffix}`);
      }
    }
  }
  for (const extra of ['', '.', '..', '1..2', '.1.2.3', '1.2.3.', 'v', 'v.1.2', '1.2.3-rc.1.2.3', '1.2.3-+', '1.2.3+-']) tags.add(extra);
  return [...tags];
}

const TAGS = generatedTags();

type Outcome = SemVer | VersionFailure;

/** What a parse gave, comparable with toEqual: the version's fields, or the Go error. */
function summary(outcome: Outcome): unknown {
  if (outcome instanceof SemVer) {
    const { major, minor, patch, prerelease, metadata, original } = outcome;
    return { major, minor, patch, prerelease, metadata, original, string: outcome.toString() };
  }
  return { errorName: outcome.errorName, reason: outcome.reason };
}

function caught(parse: () => SemVer): Outcome {
  try {
    return parse();
  } catch (e) {
    if (!(e instanceof InvalidVersionError)) throw e;
    return { errorName: e.errorName, reason: e.reason };
  }
}

interface ParserCase {
  readonly name: string;
  /** The exported parser, fast path included. */
  readonly parse: (input: string) => SemVer;
  /** The full parser alone. */
  readonly full: (input: string) => Outcome;
  /** Whether a leading `v` is part of this parser's grammar. */
  readonly allowV: boolean;
}

const LENIENT_OPTIONS: ParseVersionOptions[] = [
  {},
  { coerceNewVersion: false },
  { coerceNewVersion: false, detailedNewVersionErrors: false },
];

const CASES: ParserCase[] = [
  ...MASTERMINDS_RELEASES.map((masterminds): ParserCase => ({
    name: `StrictNewVersion (Masterminds ${masterminds})`,
    parse: (input) => parseStrictVersion(input, { masterminds }),
    full: (input) => FULL_PARSERS.strict(input, { masterminds }),
    allowV: false,
  })),
  ...LENIENT_OPTIONS.map((options): ParserCase => ({
    name: `NewVersion ${JSON.stringify(options)}`,
    parse: (input) => parseVersion(input, options),
    full: (input) => FULL_PARSERS.lenient(input, options),
    allowV: true,
  })),
  ...(['strict', 'lenient'] as const).map((rule): ParserCase => ({
    name: `fluxcd/pkg ParseVersion, ${rule}`,
    parse: (input) => parseFluxVersion(input, rule),
    full: (input) => FULL_PARSERS.flux(input, rule),
    allowV: true,
  })),
];

describe('plain-release fast path', () => {
  test('the generated tags include plain releases the fast path takes and edge cases it leaves alone', () => {
    const taken = TAGS.filter((t) => parsePlainRelease(t, true));
    expect(taken).toEqual(expect.arrayContaining(['0.0.0', '1.1.1', 'v10.1023.1024', '999999999999999.0.1']));
    for (const left of ['01.1.1', 'v1.1.1-', '1.1.1+', '1.1.1.4', '1000000000000000.1.1', '18446744073709551616.0.0', 'vv1.1.1', 'V1.1.1', '1..1', '1.1']) {
      expect(TAGS).toContain(left);
      expect(parsePlainRelease(left, true)).toBeUndefined();
    }
    expect(parsePlainRelease('v1.2.3', false)).toBeUndefined();
  });

  test.each(CASES.map((c) => [c.name, c] as const))('%s: with and without the fast path, every tag parses alike', (_name, c) => {
    const differing: unknown[] = [];
    for (const tag of TAGS) {
      const withFastPath = summary(caught(() => c.parse(tag)));
      const full = summary(c.full(tag));
      if (JSON.stringify(withFastPath, bigints) !== JSON.stringify(full, bigints)) differing.push({ tag, withFastPath, full });
    }
    expect(differing).toEqual([]);
  });

  test.each(CASES.map((c) => [c.name, c] as const))('%s: what the fast path takes, the full parser reads the same', (_name, c) => {
    let taken = 0;
    for (const tag of TAGS) {
      const fast = parsePlainRelease(tag, c.allowV);
      if (!fast) continue;
      taken++;
      expect(summary(fast)).toEqual(summary(c.full(tag)));
    }
    // Six of SEGMENTS are plain (0, 1, 10, 1023, 1024, 15 nines): every triple, and each again after a `v` where allowed.
    expect(taken).toBe(6 ** 3 * (c.allowV ? 2 : 1));
  });

  test('segments at and beyond the end of the shared bigint table keep their exact value', () => {
    const v = parsePlainRelease('v1023.1024.999999999999999', true)!;
    expect([v.major, v.minor, v.patch]).toEqual([1023n, 1024n, 999999999999999n]);
    expect(v.original).toBe('v1023.1024.999999999999999');
    expect(v.toString()).toBe('1023.1024.999999999999999');
  });
});

function bigints(_key: string, value: unknown): unknown {
  return typeof value === 'bigint' ? `${value}n` : value;
}
