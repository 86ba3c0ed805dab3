/**
 * The ImagePolicies in the files, checked as image-reflector-controller will
 * run them (fluxcd/image-reflector-controller@debe2aaa):
 * - its ImageRepository's `spec.image` parsed as `ParseImageReference`
 *   does (internal/registry/helper.go: no scheme, no tag; one that fails
 *   stalls the ImageRepository) and its `exclusionList` compiled as the
 *   scan compiles it (internal/controller/imagerepository_controller.go
 *   `filterOutTags`): both without the registry;
 * - the policy (`PolicerFromSpec`) and `filterTags.pattern`
 *   (`NewRegexFilter`): without the registry;
 * - then, online, the tags the scan lists and the policy's choice among
 *   them (../image-policy-request.ts), so a range no tag satisfies, or a
 *   filter that keeps none, fails here instead of leaving the
 *   ImageUpdateAutomation with nothing to write.
 */
import { inYamlTerms, SourceAccess, sourceAccessOnce } from './credentials';
import type { Finding } from './finding';
import type { ManifestObject } from './manifest-object';
import { describeObject, fieldAt, identityOf, isFluxObject, ObjectIndex, stringAt } from './object-index';
import { ObjectReference, referenced } from './references';
import { substitutionNote } from './registry-requests';
import { FluxOciError } from '../../foundation/errors';
import { parseImageName } from '../../foundation/reference';
import { FluxVersion, imagePolicyRulesFor } from '../../model/flux-version';
import { withHint } from '../../versions/go-regexp';
import { IMAGE_POLICY_HINT, ImagePolicyChoice, ImageTagFilter, imagePolicyProblem, withoutExcludedTags } from '../../versions/image-policy';
import { ImagePolicyFailure, ImagePolicyOutcome, ImagePolicyRequest } from '../image-policy-request';
import type { FailureCause } from '../outcome';

/** One ImagePolicy to look up, and the objects its findings belong to. */
export interface ImagePolicyAsk {
  readonly policy: ManifestObject;
  readonly repository: ManifestObject;
  readonly request: ImagePolicyRequest;
}

/**
 * Every ImagePolicy the registry can judge, and the findings that need no
 * registry (an image, exclusion list, policy or filter the controller
 * refuses). `secrets` as for {@link sourceAccess}.
 */
export function imagePolicyRequests(
  objects: readonly ManifestObject[], references: readonly ObjectReference[], secrets: ReadonlySet<ManifestObject> | 'none', fluxVersion: FluxVersion,
  index?: ObjectIndex,
): { asks: ImagePolicyAsk[]; findings: Finding[] } {
  const asks: ImagePolicyAsk[] = [];
  const findings: Finding[] = [];
  const rules = imagePolicyRulesFor(fluxVersion);
  // Every ImageRepository, whether a policy uses it or not: one the controller stalls on, or cannot scan, is an error.
  // One whose image or exclusion list holds a ${var} is known only once substituted: a note, where a policy would look it up.
  const scannable = new Map<ManifestObject, Finding | undefined>();
  for (const repository of objects) {
    if (!isFluxObject(repository) || repository.kind !== 'ImageRepository') continue;
    const image = stringAt(repository.value, 'spec', 'image');
    if (image === undefined) continue;
    const variable = substitutionNote('image', [[repository, '/spec/image'], ...exclusionPointers(repository).map((p) => [repository, p] as const)]);
    const problems = variable ? [] : [...imageFindings(repository, image), ...exclusionFindings(repository)];
    findings.push(...problems);
    if (problems.length === 0) scannable.set(repository, variable);
  }
  // How each reaches its registry, once, for the first policy that looks it up; the variable note once too.
  const accessOf = sourceAccessOnce(references, secrets, index, findings);
  const noted = new Set<Finding>();
  const repositoryAccess = (repository: ManifestObject): SourceAccess | undefined => {
    const variable = scannable.get(repository);
    if (!variable) return accessOf(repository);
    if (!noted.has(variable)) findings.push(variable);
    noted.add(variable);
    return undefined;
  };

  for (const policy of objects) {
    if (!isFluxObject(policy) || policy.kind !== 'ImagePolicy') continue;
    const choice = policyChoice(fieldAt(policy.value, 'spec', 'policy'));
    const filter = tagFilter(fieldAt(policy.value, 'spec', 'filterTags'));
    if (choice === undefined || filter === 'malformed') continue;
    const variable = substitutionNote('image policy', POLICY_FIELDS.map((pointer) => [policy, pointer] as const));
    if (variable) {
      findings.push(variable);
      continue;
    }
    const problem = imagePolicyProblem(choice, filter, rules);
    if (problem) {
      const pointer = problem.field === 'filter' ? '/spec/filterTags/pattern' : '/spec/policy';
      findings.push(imagePolicyError(policy, pointer, `${withHint(problem.message, problem.hint)}: `
        + `image-reflector-controller marks it not ready and selects no image${problem.field === 'policy' ? `; ${IMAGE_POLICY_HINT}` : ''}`));
      continue;
    }
    const repository = referenced(references, policy, '/spec/imageRepositoryRef')?.target;
    // A missing ImageRepository is a reference finding; one that cannot be scanned has its own.
    const image = repository && scannable.has(repository) ? stringAt(repository.value, 'spec', 'image') : undefined;
    if (!repository || image === undefined) continue;
    const access = repositoryAccess(repository);
    if (!access?.access) continue;
    const reflect = stringAt(policy.value, 'spec', 'digestReflectionPolicy');
    const exclusionList = exclusionListOf(repository);
    asks.push({
      policy,
      repository,
      request: {
        path: `${policy.location.file}:${policy.location.line} ${describeObject(policy)}`,
        image,
        ...(exclusionList ? { exclusionList } : {}),
        policy: choice,
        ...(filter ? { filter } : {}),
        rules,
        ...(reflect === 'Always' || reflect === 'IfNotPresent' ? { digest: true } : {}),
        access: access.access,
      },
    });
  }
  return { asks, findings };
}

/**
 * The findings of the lookups: a registry failure once per ImageRepository
 * (its scan fails, for every policy on it), a policy that selects nothing
 * on the policy.
 */
export function imagePolicyFindings(asks: readonly ImagePolicyAsk[], outcomes: readonly (ImagePolicyOutcome | undefined)[]): Finding[] {
  const findings: Finding[] = [];
  const failedScans = new Set<ManifestObject>();
  asks.forEach(({ policy, repository, request }, i) => {
    const outcome = outcomes[i];
    if (outcome?.ok && outcome.alsoPossible) findings.push(randomChoice(policy, outcome.tag, outcome.alsoPossible));
    if (!outcome || outcome.ok) return;
    if (outcome.stage === 'registry') {
      if (failedScans.has(repository)) return;
      failedScans.add(repository);
      findings.push(scanFailure(repository, request, outcome));
      return;
    }
    if (outcome.stage === 'exclusion') return; // reported without the registry (exclusionFindings)
    // At the filter where it kept nothing, else at the policy that found nothing among what it kept.
    const pointer = outcome.stage === 'digest' ? '/spec/digestReflectionPolicy' : request.filter && outcome.afterFilter === 0 ? '/spec/filterTags' : '/spec/policy';
    const counted = outcome.listed === undefined ? '' : ` (${tagCounts(outcome)})`;
    findings.push(imagePolicyError(policy, pointer, outcome.stage === 'digest'
      ? `image-reflector-controller fails fetching the digest of the tag it selects from ${request.image}: ${outcome.message}`
      : `image-reflector-controller selects no tag of ${request.image}: ${outcome.message}${counted}${outcome.hint ? `; ${outcome.hint}` : ''}`, outcome.cause));
  });
  return findings;
}

/**
 * A policy whose `filterTags` leaves tags it ranks equal: the controller
 * walks them in Go's random map order (fluxcd/image-reflector-controller
 * internal/policy/filter.go `Items` @debe2aaa), so each reconcile may
 * select another, and an ImageUpdateAutomation writes each in turn.
 */
function randomChoice(policy: ManifestObject, tag: string, others: readonly string[]): Finding {
  const pointer = '/spec/filterTags';
  const equal = [tag, ...others];
  const tags = `${equal.slice(0, 5).map((t) => `'${t}'`).join(', ')}${equal.length > 5 ? ` and ${equal.length - 5} more` : ''}`;
  return {
    rule: 'image-policy',
    severity: 'warning',
    location: policy.locate(pointer),
    object: identityOf(policy),
    pointer,
    message: `${describeObject(policy)}: the policy ranks ${tags} equal, and with filterTags image-reflector-controller picks among them in Go's `
      + 'random map order, so the image it selects may change from one reconcile to the next (and an ImageUpdateAutomation commit each in turn); '
      + 'narrow filterTags.pattern so that one of them matches',
  };
}

function scanFailure(repository: ManifestObject, request: ImagePolicyRequest, outcome: ImagePolicyFailure): Finding {
  const credentials = outcome.cause === 'unauthorized' || outcome.cause === 'denied' || outcome.cause === 'no-credentials-in-cluster';
  const secretRef = fieldAt(repository.value, 'spec', 'secretRef') !== undefined;
  const pointer = credentials && secretRef ? '/spec/secretRef' : '/spec/image';
  return {
    rule: 'registry',
    severity: 'error',
    location: repository.locate(pointer),
    object: identityOf(repository),
    pointer,
    cause: outcome.cause,
    message: `${describeObject(repository)}: image ${request.image} failed the registry check (${outcome.cause}): `
      + `${inYamlTerms(outcome.message)}; `
      + 'image-reflector-controller cannot scan it, so its ImagePolicies select no image',
  };
}

/** An `image-policy` error about `object`'s field at `pointer`; `message` follows the object's name. */
function imagePolicyError(object: ManifestObject, pointer: string, message: string, cause?: FailureCause): Finding {
  return {
    rule: 'image-policy',
    severity: 'error',
    location: object.locate(pointer),
    object: identityOf(object),
    pointer,
    ...(cause ? { cause } : {}),
    message: `${describeObject(object)}: ${message}`,
  };
}

function tagCounts(outcome: Pick<ImagePolicyFailure, 'listed' | 'kept' | 'afterFilter' | 'examples'>): string {
  const excluded = outcome.kept !== undefined && outcome.kept !== outcome.listed ? `, ${outcome.kept} after spec.exclusionList` : '';
  const filtered = outcome.afterFilter !== undefined ? `, ${outcome.afterFilter} after spec.filterTags` : '';
  const examples = outcome.examples?.tags.length ? `; ${outcome.examples.what}: ${outcome.examples.tags.map((t) => `'${t}'`).join(', ')}` : '';
  return `${outcome.listed} tag${outcome.listed === 1 ? '' : 's'} listed${excluded}${filtered}${examples}`;
}

/**
 * `spec.image` as `ParseImageReference` reads it (internal/registry/helper.go
 * @debe2aaa): no scheme, then go-containerregistry's `name.ParseReference`,
 * then no `:` after the registry (a tag, or a digest's algorithm).
 */
function imageFindings(repository: ManifestObject, image: string): Finding[] {
  const scheme = image.split('://');
  let problem: string | undefined;
  if (scheme.length > 1) {
    problem = `image '${image}' should not include URL scheme; remove '${scheme[0]}://'`;
  } else {
    try {
      const registry = parseImageName(image);
      const name = image.startsWith(`${registry.registryHost}/`) ? image.slice(registry.registryHost.length) : image;
      const parts = name.split(':');
      if (parts.length > 1) problem = `image '${image}' should not include a tag; remove ':${parts[1]}'`;
    } catch (e) {
      if (!(e instanceof FluxOciError)) throw e;
      problem = e.message;
    }
  }
  if (problem === undefined) return [];
  const pointer = '/spec/image';
  return [imagePolicyError(repository, pointer, `${problem}: image-reflector-controller stalls it, so its ImagePolicies select no image`)];
}

function exclusionFindings(repository: ManifestObject): Finding[] {
  const list = exclusionListOf(repository);
  if (!list) return [];
  const compiled = withoutExcludedTags([], list);
  if (compiled.ok) return [];
  const pointer = `/spec/exclusionList/${list.indexOf(compiled.pattern)}`;
  return [imagePolicyError(repository, pointer, `${withHint(compiled.message, compiled.hint)}: every scan fails, so its ImagePolicies select no image`)];
}

function exclusionPointers(repository: ManifestObject): string[] {
  return (exclusionListOf(repository) ?? []).map((_, i) => `/spec/exclusionList/${i}`);
}

const POLICY_FIELDS = ['/spec/policy/semver/range', '/spec/filterTags/pattern', '/spec/filterTags/extract'];

/** `spec.policy` as the CRD shapes it; undefined when it is not (the schema check reports that). */
function policyChoice(policy: unknown): ImagePolicyChoice | undefined {
  if (typeof policy !== 'object' || policy === null) return undefined;
  const { semver, alphabetical, numerical } = policy as Record<string, unknown>;
  const range = fieldAt(semver, 'range');
  if (semver !== undefined) return typeof range === 'string' ? { semver: { range } } : undefined;
  const ordered = (value: unknown) => (value !== null && typeof value === 'object' && ['string', 'undefined'].includes(typeof fieldAt(value, 'order')));
  if (alphabetical !== undefined) return ordered(alphabetical) ? { alphabetical: orderOf(alphabetical) } : undefined;
  if (numerical !== undefined) return ordered(numerical) ? { numerical: orderOf(numerical) } : undefined;
  return {};
}

function orderOf(choice: unknown): { order?: string } {
  const order = stringAt(choice, 'order');
  return order === undefined ? {} : { order };
}

function tagFilter(filter: unknown): ImageTagFilter | undefined | 'malformed' {
  if (filter === undefined) return undefined;
  const pattern = fieldAt(filter, 'pattern');
  const extract = fieldAt(filter, 'extract');
  if (typeof pattern !== 'string' || (extract !== undefined && typeof extract !== 'string')) return 'malformed';
  return extract === undefined ? { pattern } : { pattern, extract };
}

/** An ImageRepository's `spec.exclusionList` as written; undefined when it has none (or not a list of strings: the schema check reports that). */
function exclusionListOf(repository: ManifestObject): string[] | undefined {
  const value = fieldAt(repository.value, 'spec', 'exclusionList');
  return Array.isArray(value) && value.length > 0 && value.every((v) => typeof v === 'string') ? value as string[] : undefined;
}
