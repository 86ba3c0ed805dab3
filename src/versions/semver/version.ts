import { comparePrerelease } from './identifiers';

/**
 * A parsed semantic version, as Masterminds/semver v3 (the library Helm and
 * Flux use) holds it. Segments are `bigint` because Masterminds keeps them as
 * uint64: `18446744073709551615` is a valid major version.
 *
 * Build it with `parseVersion`, `parseStrictVersion` or `parseFluxVersion`;
 * the constructor does not validate (like Masterminds' `New`).
 */
export class SemVer {
  /** The string this version was parsed from (the normalised form when built directly). */
  public readonly original: string;
  private normalized: string | undefined;

  /**
   * @param major major segment
   * @param minor minor segment
   * @param patch patch segment
   * @param prerelease prerelease identifiers without the leading `-`, `''` if none
   * @param metadata build metadata without the leading `+`, `''` if none
   * @param original the string this version was parsed from
   * @default original - the normalised form, as Masterminds' `New`
   */
  constructor(
    public readonly major: bigint,
    public readonly minor: bigint,
    public readonly patch: bigint,
    public readonly prerelease: string = '',
    public readonly metadata: string = '',
    original?: string,
  ) {
    this.original = original ?? this.toString();
  }

  /** Whether the version has prerelease identifiers (`1.2.3-rc.1`). */
  get isPrerelease(): boolean {
    return this.prerelease !== '';
  }

  /**
   * The normalised form, as Masterminds' `String()`: no `v`, all three
   * segments, leading zeros dropped, prerelease and `+metadata` kept.
   */
  toString(): string {
    if (this.normalized === undefined) {
      let s = `${this.major}.${this.minor}.${this.patch}`;
      if (this.prerelease !== '') s += `-${this.prerelease}`;
      if (this.metadata !== '') s += `+${this.metadata}`;
      this.normalized = s;
    }
    return this.normalized;
  }

  /** Serialises as the normalised string (bigint segments cannot go to JSON). */
  toJSON(): string {
    return this.toString();
  }

  /**
   * SemVer 2 precedence with Masterminds' details: build metadata ignored, a
   * prerelease sorts before its release, identifiers compared as in
   * `comparePrerelease`.
   *
   * @returns -1, 0 or 1 as this version is lower than, equal to or higher than `other`
   */
  compare(other: SemVer): -1 | 0 | 1 {
    if (this.major !== other.major) return this.major < other.major ? -1 : 1;
    if (this.minor !== other.minor) return this.minor < other.minor ? -1 : 1;
    if (this.patch !== other.patch) return this.patch < other.patch ? -1 : 1;
    if (this.prerelease === other.prerelease) return 0;
    if (this.prerelease === '') return 1;
    if (other.prerelease === '') return -1;
    return comparePrerelease(this.prerelease, other.prerelease);
  }

  /** Equal precedence: versions differing only in build metadata are equal. */
  equals(other: SemVer): boolean {
    return this.compare(other) === 0;
  }

  lessThan(other: SemVer): boolean {
    return this.compare(other) < 0;
  }

  lessThanOrEqual(other: SemVer): boolean {
    return this.compare(other) <= 0;
  }

  greaterThan(other: SemVer): boolean {
    return this.compare(other) > 0;
  }

  greaterThanOrEqual(other: SemVer): boolean {
    return this.compare(other) >= 0;
  }
}

/**
 * @internal Overwrites `version` with a plain release (no prerelease, no
 * metadata), for a loop that reads one listed tag after another and keeps
 * none (`newestMatch`): one scratch object rather than one allocation per
 * tag. Only for versions that loop made and never hands out; every other
 * SemVer is immutable.
 */
export function refillVersion(version: SemVer, major: bigint, minor: bigint, patch: bigint, original: string): SemVer {
  const scratch = version as unknown as { -readonly [K in 'major' | 'minor' | 'patch' | 'prerelease' | 'metadata' | 'original' | 'normalized']: unknown };
  scratch.major = major;
  scratch.minor = minor;
  scratch.patch = patch;
  scratch.prerelease = '';
  scratch.metadata = '';
  scratch.original = original;
  scratch.normalized = undefined;
  return version;
}
