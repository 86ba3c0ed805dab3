/**
 * Loads `vectors.json` (see README.md beside it for how it was made): the
 * results of Flux's own selection code and of each Masterminds/semver
 * release Flux links, run in Go.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { FluxVersion } from '../../../src/model/flux-version';
import type { MastermindsRelease } from '../../../src/versions/semver';

/** A fluxcd/pkg `version.ParseVersion` outcome: `String()` and `Original()`, or Go's error text. */
export interface ParseOutcome {
  readonly version?: string;
  readonly original?: string;
  readonly error?: string;
}

export interface ParseRow {
  readonly input: string;
  /** fluxcd/pkg version ≤ v0.9.0 on Masterminds v3.3.0 */
  readonly strict: ParseOutcome;
  /** fluxcd/pkg version ≥ v0.10.0 on Masterminds v3.4.0 (v3.5.0 identical) */
  readonly lenient: ParseOutcome;
}

export interface CheckOutcome {
  readonly check: boolean;
  readonly validate: boolean;
  readonly errors: readonly string[];
}

export interface ConstraintRow {
  readonly constraint: string;
  readonly versions: readonly string[];
  readonly results: readonly {
    readonly masterminds: MastermindsRelease[];
    /** `NewConstraint`'s error, or per version `Check`/`Validate` (null: that release's `NewVersion` rejects the version itself). */
    readonly result: { readonly error: string } | { readonly checks: Record<string, CheckOutcome | null> };
  }[];
}

/** What Flux does with a row: see README.md. */
export type SelectionOutcome =
  | { readonly tag: string; readonly version?: string }
  | { readonly exact: string }
  | { readonly noMatch: true }
  | { readonly noTags: true }
  | { readonly constraintError: string }
  | { readonly filterError: string };

/** The harness configurations: fluxcd/pkg ParseVersion generation / Masterminds release. */
export type RulesId = 'strict/3.2.1' | 'strict/3.3.0' | 'strict/3.3.1' | 'lenient/3.4.0' | 'lenient/3.5.0';

export interface SelectionRow {
  readonly id: string;
  readonly ruleSet: 'oci-repository' | 'helm-repository';
  readonly constraint: string;
  readonly tags: readonly string[];
  readonly semverFilter?: string;
  readonly helmChartLayer?: boolean;
  readonly results: readonly { readonly rules: RulesId[]; readonly result: SelectionOutcome }[];
}

export interface QuoteRow {
  readonly input: string;
  readonly go: string;
}

interface Vectors {
  readonly parseVersion: readonly ParseRow[];
  readonly constraints: readonly ConstraintRow[];
  readonly selection: readonly SelectionRow[];
  readonly quote: readonly QuoteRow[];
}

export const vectors: Vectors = JSON.parse(readFileSync(join(__dirname, 'vectors.json'), 'utf8'));

/**
 * Which harness configuration each Flux minor is, by its newest patch
 * release, from each release's source-controller `go.mod` (README.md):
 * written out here, not taken from `selectionRulesFor`, so that table is
 * tested too.
 */
export const FLUX_RULES: Record<FluxVersion, RulesId> = {
  '2.0': 'strict/3.2.1',
  '2.1': 'strict/3.2.1',
  '2.2': 'strict/3.2.1',
  '2.3': 'strict/3.2.1',
  '2.4': 'strict/3.3.0',
  '2.5': 'strict/3.3.1',
  '2.6': 'strict/3.3.0',
  '2.7': 'lenient/3.4.0',
  '2.8': 'lenient/3.5.0',
  '2.9': 'lenient/3.5.0',
};

export function resultFor<T, K extends string>(results: readonly ({ readonly result: T } & Record<string, unknown>)[], key: string, id: K): T {
  const group = results.find((g) => (g[key] as readonly string[]).includes(id));
  if (!group) throw new Error(`no result for ${id}`);
  return group.result;
}

export const q = (s: string): string => JSON.stringify(s);
