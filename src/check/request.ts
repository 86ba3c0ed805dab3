import { createHash } from 'node:crypto';
import { FluxVersion, selectionRulesFor } from '../model/flux-version';
import { PinMode } from '../model/resolution';
import { RuleSet } from '../versions/select/rule-set';
import { NEWEST_SELECTION_RULES, sameSelectionRules, SelectionRules } from '../versions/select/selection-rules';

/** How to reach one registry for a lookup. Plain data: it crosses into the resolver worker. */
export interface RegistryAccess {
  /**
   * Credentials for the chart's registry host, e.g. from the source's
   * PrivateRegistrySecret.
   * @default - the user's helm/docker/podman logins
   */
  readonly credentials?: { readonly username: string; readonly password: string };
  /** Plain HTTP (Flux `insecure: true`). @default false */
  readonly insecure?: boolean;
  /** PEM CA bundle trusted on top of the system roots (the `certSecret`'s `ca.crt`). @default - system roots only */
  readonly caPem?: string;
}

/** One chart version to check: what a ChartRelease (or a CLI call) asks for. */
export interface ChartRequest {
  /** Who asked: construct path (cdk8s), resource name (Pulumi), or a CLI label; used in messages. */
  readonly path: string;
  /** The chart repository, `oci://host/path/chart`, no tag or digest. */
  readonly reference: string;
  /** Exact version or Masterminds range, as written (`''` and `'*'`: newest stable). */
  readonly version: string;
  /** Which Flux shape will pull it, and so which tags count. */
  readonly ruleSet: RuleSet;
  /**
   * The Flux release that will pull it, whose selection rules apply
   * (`selectionRulesFor`): how tags parse, which prereleases match, which
   * versions are exact.
   * @default - the newest Flux release's rules
   */
  readonly fluxVersion?: FluxVersion;
  /**
   * `version` names one tag or digest to find as written (an artifact
   * OCIRepository's `ref.tag` / `ref.digest`), not a SemVer version or range.
   * @default false
   */
  readonly literal?: boolean;
  /** What is looked up, for messages: a Helm chart or a Flux artifact of plain manifests. @default 'chart' */
  readonly subject?: 'chart' | 'artifact';
  /** OCIRepository `semverFilter` (ranges only). @default - none */
  readonly semverFilter?: string;
  /** Whether the digest is needed. @default 'none' */
  readonly pin?: PinMode;
  /** @default - anonymous or the user's logins, over HTTPS */
  readonly access?: RegistryAccess;
}

/** The selection rules a request is checked by. */
export function requestRules(request: Pick<ChartRequest, 'fluxVersion'>): SelectionRules {
  return request.fluxVersion ? selectionRulesFor(request.fluxVersion) : NEWEST_SELECTION_RULES;
}

/**
 * The lockfile key of a request: reference, rule set, constraint, filter.
 * Two releases asking the same thing share one entry and one lookup. A
 * Flux release that selects differently from the newest (2.0–2.7) adds
 * ` flux=<version>` after the rule set, so its picks never overwrite the
 * newest rules' entries; keys for the newest rules are unchanged.
 */
export function requestKey(request: Pick<ChartRequest, 'reference' | 'ruleSet' | 'fluxVersion' | 'version' | 'semverFilter' | 'literal'>): string {
  if (request.literal) return `${request.reference} ref=${request.version}`;
  const filter = request.semverFilter ? ` filter=${request.semverFilter}` : '';
  const flux = sameSelectionRules(requestRules(request), NEWEST_SELECTION_RULES) ? '' : ` flux=${request.fluxVersion}`;
  return `${request.reference} ${request.ruleSet}${flux} ${request.version === '' ? '*' : request.version}${filter}`;
}

/**
 * Identity of the way a registry is reached, so requests that reach it the
 * same way share a client. Credentials enter only as a hash.
 */
export function accessKey(access: RegistryAccess | undefined): string {
  const hash = createHash('sha256');
  hash.update(JSON.stringify([access?.insecure ?? false, access?.caPem ?? '', access?.credentials?.username ?? '', access?.credentials?.password ?? '']));
  return hash.digest('hex').slice(0, 16);
}
