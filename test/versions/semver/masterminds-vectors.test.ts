import { readFileSync } from 'node:fs';
import { InvalidVersionError } from '../../../src/versions/errors';
import {
  Constraint,
  parseConstraintTerm,
  ParseVersionOptions,
  parseStrictVersion,
  parseVersion,
  SemVer,
} from '../../../src/versions/semver';
import { sharedPath } from '../../support/shared';

// Every row of the Masterminds/semver v3 vectors; null fields make no claim.

interface ParseVersionRow {
  input: string;
  options?: ParseVersionOptions;
  valid: boolean | null;
  strictValid: boolean | null;
  normalized: string | null;
  original?: string;
  error?: string;
  errorName?: string;
  parts?: { major: number; minor: number; patch: number; prerelease: string; metadata: string };
}

interface ParseConstraintRow {
  input: string;
  api: 'term' | 'NewConstraint';
  valid: boolean;
  operator?: string;
  version?: string;
  orGroups?: number;
  firstGroupTerms?: number;
  string?: string;
}

interface CheckRow {
  constraint: string;
  version: string;
  expected: boolean;
  options?: { includePrerelease?: boolean };
  termOnly?: boolean;
  validateFirstError?: string;
  validateErrors?: string[];
}

interface CompareRow {
  a: string;
  b: string;
  expected: -1 | 0 | 1;
}

interface RelationRow {
  a: string;
  b: string;
  op: 'lessThan' | 'lessThanEqual' | 'greaterThan' | 'greaterThanEqual' | 'equal';
  expected: boolean;
}

interface Vectors {
  parseVersion: ParseVersionRow[];
  parseConstraint: ParseConstraintRow[];
  check: CheckRow[];
  compare: CompareRow[];
  relations: RelationRow[];
}

const vectors: Vectors = JSON.parse(readFileSync(sharedPath('semver-vectors', 'masterminds-v3.json'), 'utf8'));

const q = (s: string): string => JSON.stringify(s);
const opts = (o: object | undefined): string => (o ? ` ${JSON.stringify(o)}` : '');
const titled = <T>(rows: T[], title: (row: T) => string): [string, T][] => rows.map((r) => [title(r), r]);

function attempt<T>(f: () => T): { value?: T; error?: unknown } {
  try {
    return { value: f() };
  } catch (error) {
    return { error };
  }
}

describe('Masterminds/semver v3 vectors', () => {
  test('the file has every table the README lists', () => {
    expect(vectors.parseVersion).toHaveLength(120);
    expect(vectors.parseConstraint).toHaveLength(46);
    expect(vectors.check).toHaveLength(409);
    expect(vectors.compare).toHaveLength(19);
    expect(vectors.relations).toHaveLength(21);
  });

  describe('parseVersion', () => {
    test.each(titled(vectors.parseVersion, (r) => `${q(r.input)}${opts(r.options)}`))('%s', (_title, row) => {
      const lenient = attempt(() => parseVersion(row.input, row.options));
      if (row.valid !== null) expect(lenient.error === undefined).toBe(row.valid);
      if (row.strictValid !== null) expect(attempt(() => parseStrictVersion(row.input)).error === undefined).toBe(row.strictValid);
      if (row.normalized !== null) expect(lenient.value?.toString()).toBe(row.normalized);
      if (row.original !== undefined) expect(lenient.value?.original).toBe(row.original);
      if (row.error !== undefined) {
        expect(lenient.error).toBeInstanceOf(InvalidVersionError);
        const error = lenient.error as InvalidVersionError;
        expect(error.reason).toBe(row.error);
        expect(error.errorName).toBe(row.errorName);
        expect(error.code).toBe('FLUX_OCI_INVALID_VERSION');
      }
      if (row.parts) {
        const v = lenient.value!;
        const { prerelease, metadata } = v;
        expect({ major: Number(v.major), minor: Number(v.minor), patch: Number(v.patch), prerelease, metadata }).toEqual(row.parts);
      }
    });
  });

  describe('parseConstraint', () => {
    test.each(titled(vectors.parseConstraint, (r) => `${r.api} ${q(r.input)}`))('%s', (_title, row) => {
      if (row.api === 'term') {
        const term = attempt(() => parseConstraintTerm(row.input));
        expect(term.error === undefined).toBe(row.valid);
        if (row.operator !== undefined) expect(term.value?.operator).toBe(row.operator);
        if (row.version !== undefined) expect(term.value?.version.toString()).toBe(row.version);
        return;
      }
      const c = attempt(() => Constraint.parse(row.input));
      expect(c.error === undefined).toBe(row.valid);
      if (row.orGroups !== undefined) expect(c.value?.groups).toHaveLength(row.orGroups);
      if (row.firstGroupTerms !== undefined) expect(c.value?.groups[0]).toHaveLength(row.firstGroupTerms);
      if (row.string !== undefined) {
        expect(c.value?.toString()).toBe(row.string);
        expect(Constraint.parse(row.string).toString()).toBe(row.string);
      }
    });
  });

  describe('check', () => {
    const title = (r: CheckRow): string =>
      `${q(r.constraint)} ${r.expected ? 'accepts' : 'rejects'} ${q(r.version)}${opts(r.options)}${r.termOnly ? ' (single term)' : ''}`;
    test.each(titled(vectors.check, title))('%s', (_title, row) => {
      const version = parseVersion(row.version);
      const includePrerelease = row.options?.includePrerelease ?? false;
      if (row.termOnly) {
        const term = parseConstraintTerm(row.constraint);
        expect(term.check(version, includePrerelease || term.hasPrerelease)).toBe(row.expected);
        // The full parser has no empty constraint.
        expect(() => Constraint.parse(row.constraint)).toThrow(`improper constraint: ${q(row.constraint)}`);
        return;
      }
      const c = Constraint.parse(row.constraint, { includePrerelease });
      expect(c.check(version)).toBe(row.expected);
      const validation = c.validate(version);
      expect(validation.satisfied).toBe(row.expected);
      expect(validation.errors.length === 0).toBe(row.expected);
      if (row.validateFirstError !== undefined) expect(validation.errors[0]).toBe(row.validateFirstError);
      if (row.validateErrors !== undefined) expect(validation.errors).toEqual(row.validateErrors);
    });
  });

  describe('compare', () => {
    test.each(titled(vectors.compare, (r) => `compare(${q(r.a)}, ${q(r.b)}) = ${r.expected}`))('%s', (_title, row) => {
      expect(parseVersion(row.a).compare(parseVersion(row.b))).toBe(row.expected);
    });
  });

  describe('relations', () => {
    const call: Record<RelationRow['op'], (a: SemVer, b: SemVer) => boolean> = {
      lessThan: (a, b) => a.lessThan(b),
      lessThanEqual: (a, b) => a.lessThanOrEqual(b),
      greaterThan: (a, b) => a.greaterThan(b),
      greaterThanEqual: (a, b) => a.greaterThanOrEqual(b),
      equal: (a, b) => a.equals(b),
    };
    test.each(titled(vectors.relations, (r) => `${q(r.a)} ${r.op} ${q(r.b)} is ${r.expected}`))('%s', (_title, row) => {
      expect(call[row.op](parseVersion(row.a), parseVersion(row.b))).toBe(row.expected);
    });
  });
});
