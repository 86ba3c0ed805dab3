import { createHash } from 'node:crypto';
import { FluxVersion, selectionRulesFor } from '../model/flux-version';
import { PinMode } from '../model/resolution';
import type { CredentialSource } from '../registry/credentials/default-store';
import { RuleSet } from '../versions/select/rule-set';
import { NEWEST_SELECTION_RULES, sameSelectionRules, SelectionRules } from '../versions/select/selection-rules';

/**
 * The engineer's login for a registry host (Helm, docker, podman configs,
 * credential helpers, `DOCKER_AUTH_CONFIG`), read only when a lookup goes
 * online. Plain data: it crosses into the resolver worker.
 */
export interface LocalLogin {
  /** Which tool's files to read. @default 'auto' (Helm, then docker, then podman) */
  readonly source?: CredentialSource;
  /** Read only this docker-format file (absolute path). @default - the files of `source` */
  readonly file?: string;
  /**
   * The login is the source's credentials (`fromDockerConfig()`): without
   * one the check fails before asking the registry.
   * @default false
   */
  readonly required?: boolean;
  /**
   * What Flux presents in the cluster, which the login stands in for, for
   * messages: `Secret 'gitlab'`, `provider 'aws'`, …
   * @default - nothing is said about the cluster
   */
  readonly standsFor?: string;
}

/** How to reach one registry for a lookup. Plain data: it crosses into the resolver worker. */
export interface RegistryAccess {
  /**
   * Exactly these credentials for the chart's registry host: the values the
   * source's PrivateRegistrySecret was given.
   * @default - see `login`
   */
  readonly credentials?: { readonly username: string; readonly password: string };
  /**
   * Without `credentials`: `false` presents nothing, as Flux does for a
   * source with no Secret and no provider, and a registry that wants
   * authentication fails with `no-credentials-in-cluster`; otherwise the
   * engineer's login for the host is presented.
   * @default - the engineer's login, from any tool's files
   */
  readonly login?: LocalLogin | false;
  /** Plain HTTP (Flux `insecure: true`). @default false */
  readonly insecure?: boolean;
  /**
   * PEM CA bundle trusted on top of the system roots (the `certSecret`'s
   * `ca.crt`); this machine's own set-up for the host (certs.d folders,
   * `SSL_CERT_FILE`, a CA stored by `flux-oci login --ca-file`) is trusted too.
   * @default - system roots and this machine's set-up
   */
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
  /**
   * For an artifact, the layer Flux extracts: the OCIRepository's
   * `layerSelector.mediaType`, or `'first'` for one without a layerSelector.
   * @default - Flux's content layer, which `flux push artifact` writes and an OciArtifactSource selects
   */
  readonly layer?: ArtifactLayer;
  /** OCIRepository `semverFilter` (ranges only). @default - none */
  readonly semverFilter?: string;
  /** Whether the digest is needed. @default 'none' */
  readonly pin?: PinMode;
  /** @default - the engineer's login, over HTTPS */
  readonly access?: RegistryAccess;
}

/** Which layer of an artifact Flux extracts: one of a media type, or the first. */
export type ArtifactLayer = { readonly mediaType: string } | 'first';

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
  // Asked several times per lookup; most requests carry nothing but `insecure`, whose two keys are hashed once.
  if (access?.credentials === undefined && access?.caPem === undefined && access?.login === undefined) {
    const insecure = access?.insecure ?? false;
    return (PLAIN_ACCESS_KEYS[insecure ? 1 : 0] ??= hashedAccessKey({ insecure }));
  }
  return hashedAccessKey(access);
}

const PLAIN_ACCESS_KEYS: [string | undefined, string | undefined] = [undefined, undefined];

function hashedAccessKey(access: RegistryAccess | undefined): string {
  const hash = createHash('sha256');
  const login = access?.login === false ? false : [access?.login?.source, access?.login?.file, access?.login?.required, access?.login?.standsFor];
  hash.update(JSON.stringify([
    access?.insecure ?? false, access?.caPem ?? '', access?.credentials?.username ?? '', access?.credentials?.password ?? '', login,
  ]));
  return hash.digest('hex').slice(0, 16);
}
