/**
 * `flux-oci check` without the command line: Flux YAML checked the way a
 * synth is, each object against its CRD, the references between them, and
 * every OCI chart and artifact against its registry through the Resolver.
 */
import { dirname } from 'node:path';
import { NotApplied, syncSourceNames } from './applied';
import { celExpressionFindings } from './cel-expressions';
import { chartSourceFindings } from './chart-sources';
import { inYamlTerms } from './credentials';
import { dependencyCycleFindings } from './dependency-cycles';
import { parseManifests } from './documents';
import { compareLocations, Finding, sortFindings } from './finding';
import { fluxInstallsIn } from './flux-install';
import { applyFluxPatches } from './flux-patches';
import { healthCheckFindings } from './health-checks';
import { imageMarkerFindings } from './image-markers';
import { imagePolicyFindings, imagePolicyRequests } from './image-policies';
import { kustomizeEntryFindings } from './kustomize-entry-findings';
import { generatedNameFindings, NO_GENERATED_OBJECTS } from './kustomize-generated';
import { localChartFindings } from './local-charts';
import { lockdownFindings } from './lockdown';
import type { KustomizationDocument, ManifestObject, ManifestSource } from './manifest-object';
import { newerFieldFindings } from './newer-fields';
import { describeObject, fieldAt, identityOf, isFluxObject, isSopsEncrypted, ObjectIndex } from './object-index';
import { postBuildVariableFindings } from './post-build-variables';
import { providerNotifierFindings } from './provider-notifiers';
import { receiverTokenFindings } from './receiver-tokens';
import { linkReferences } from './references';
import { ManifestRequest, registryRequests } from './registry-requests';
import { releaseValuesFindings } from './release-values';
import { repositoryPathFindings } from './repository-paths';
import { withResourceSetObjects } from './resource-sets';
import { undecryptedSecretFinding } from './sops-decryption';
import { artifactAt, SyncArtifact, SyncArtifacts } from './sync-artifact';
import { CheckTarget, validateFluxObjects } from './validate-objects';
import { ContentLimits } from '../../archives/content-limits';
import { isWithin } from '../../foundation/paths';
import { fluxVariablesIn, substitutedVariableAt } from '../../model/flux-variables';
import { FluxVersion, LATEST_FLUX_VERSION } from '../../model/flux-version';
import { inferFluxVersion } from '../../model/served-apis';
import { checkKustomizationPath } from '../artifact-path';
import type { ContentOutcome } from '../content-fetch';
import { describeFailure } from '../errors';
import { ResolveMode } from '../mode';
import type { FailureCause, ResolutionFailure } from '../outcome';
import { Resolver, ResolverOptions } from '../resolver';

/** Options of {@link checkManifests}. */
export interface CheckManifestsOptions {
  /**
   * The Flux release the files are written for: its selection rules and
   * CRDs apply, and an apiVersion it still serves is only a warning.
   * @default - the newest release that serves every apiVersion in the files, else the newest
   */
  readonly fluxVersion?: FluxVersion;
  /** How the registry check runs (mode, lockfile, environment for logins and proxies). @default - the Resolver's defaults */
  readonly resolver?: ResolverOptions;
  /** Called as the work proceeds, for a progress display. */
  readonly onProgress?: (progress: CheckProgress) => void;
}

/** Where a check is: objects checked so far, or the registry lookups it is waiting for. */
export type CheckProgress =
  | { readonly phase: 'validate'; readonly objects: number }
  | { readonly phase: 'registry'; readonly lookups: number };

/** The Flux release a check applied, and where it came from. */
export interface CheckedFluxVersion {
  readonly fluxVersion: FluxVersion;
  /** `option`: given; `inferred`: the apiVersions in the files cap it; `newest`: nothing did. */
  readonly source: 'option' | 'inferred' | 'newest';
  /** For `inferred`: the apiVersion/kind that capped it. */
  readonly because?: string;
}

/** What {@link checkManifests} found. */
export interface ManifestCheckReport {
  /** In file order. */
  readonly findings: readonly Finding[];
  readonly files: number;
  /** Non-empty YAML documents. */
  readonly documents: number;
  /** Documents that are Kubernetes objects. */
  readonly objects: number;
  /** Objects of Flux's API groups, the ones checked. */
  readonly fluxObjects: number;
  /**
   * Files no Flux Kustomization's build holds, where the files tell where
   * the cluster's sync starts: never applied, so their objects are not
   * checked (and not counted above). 0 where the files do not tell.
   */
  readonly notApplied: number;
  readonly flux: CheckedFluxVersion;
  readonly registry: {
    readonly mode: ResolveMode;
    /** Charts and artifacts looked up (or answered by the lockfile). */
    readonly checked: number;
    readonly failed: number;
    /** ImagePolicies looked up (never answered by the lockfile: an ImagePolicy follows its registry). */
    readonly imagePolicies: number;
    /** Of those, the ones whose image the registry check failed or that select no tag. */
    readonly imagePoliciesFailed: number;
    /** Requests sent to registries. */
    readonly registryRequests: number;
    readonly lockfileWritten: boolean;
  };
}

/** Checks the objects in `sources`; never throws for what the files say, only for what stops the check (a lockfile that cannot be read). */
export async function checkManifests(sources: readonly ManifestSource[], options: CheckManifestsOptions = {}): Promise<ManifestCheckReport> {
  const parsed = parseManifests(sources);
  // Only what the cluster's sync reaches is checked, where the files tell where it starts.
  const notApplied = parsed.notApplied;
  // What reaches the cluster: each object with the patches of the Flux Kustomizations that build it.
  const patched = applyFluxPatches(notApplied ? parsed.objects.filter((o) => !notApplied.files.has(o.location.file)) : parsed.objects);
  // And what the ResourceSets among them apply.
  const expanded = withResourceSetObjects(patched.objects);
  const findings: Finding[] = [...parsed.findings, ...patched.findings, ...expanded.findings];
  const objects = expanded.objects;
  const flux = objects.filter(isFluxObject);

  const checked = checkedFluxVersion(flux, options.fluxVersion);
  const target = { kind: 'flux' as const, fluxVersion: checked.fluxVersion };
  const judged: CheckTarget = { fluxVersion: checked.fluxVersion, explicit: checked.source === 'option' };
  const index = new ObjectIndex(objects);
  const installs = fluxInstallsIn(objects, () => index, parsed.generated ?? NO_GENERATED_OBJECTS);
  findings.push(...validateFluxObjects(objects, judged, patched.uncertain, installs));
  findings.push(...newerFieldFindings(flux, judged, findings));
  options.onProgress?.({ phase: 'validate', objects: objects.length });
  findings.push(...duplicateFindings(index));

  const notAppliedIndex = notApplied && new ObjectIndex(parsed.objects.filter((o) => notApplied.files.has(o.location.file)));
  const links = linkReferences(objects, index, notAppliedIndex, syncSourceNames(parsed.objects, parsed.generated), parsed.generated);
  findings.push(...links.findings, ...dependencyCycleFindings(links.references), ...receiverTokenFindings(links.references));
  findings.push(...providerNotifierFindings(objects, links.references, checked.fluxVersion));
  findings.push(...postBuildVariableFindings(objects, index, parsed.generated));
  findings.push(...healthCheckFindings(objects, index, judged, notAppliedIndex));
  // A release inferred from the apiVersions is a guess: health check entries are judged by a named one, else by the newest.
  findings.push(...celExpressionFindings(flux, judged.explicit ? judged.fluxVersion : LATEST_FLUX_VERSION));
  const onDisk = new Map(sources.flatMap((s) => (s.path === undefined ? [] : [[s.file, s.path] as const])));
  const artifacts = parsed.artifacts?.artifacts ?? [];
  const paths = repositoryPathFindings(objects, links.references, (file) => onDisk.get(file), artifacts, parsed.readsWorkingTree);
  // The ConfigMaps kustomizations generate, which HelmReleases' valuesFrom read.
  const generated = parsed.generated ?? NO_GENERATED_OBJECTS;
  findings.push(...generatedNameFindings(objects, index, generated), ...lockdownFindings(parsed, objects, index));
  const local = await localChartFindings(paths.charts, index, checked.fluxVersion, (path) => artifactAt(artifacts, path)?.leftOut(path), generated);
  // A kustomization a sync build reads names paths in that source's artifact.
  const artifactOf = (k: KustomizationDocument): SyncArtifact | undefined =>
    (k.path !== undefined && parsed.readFromArtifact?.has(k.file) ? artifactAt(artifacts, k.path) : undefined);
  findings.push(...paths.findings, ...kustomizeEntryFindings(parsed.kustomizations, paths.built, artifactOf), ...local.findings);
  findings.push(...unknownArtifactFindings(parsed.artifacts, objects, (file) => onDisk.get(file)));
  findings.push(...chartSourceFindings(objects, links.references, local.read));
  findings.push(...imageMarkerFindings(objects, paths.updated, sources));
  const encrypted = new Set(objects.filter((o) => o.apiVersion === 'v1' && o.kind === 'Secret' && isSopsEncrypted(o)));
  for (const secret of encrypted) {
    findings.push(undecryptedSecretFinding(secret, objects) ?? {
      rule: 'encrypted-secret',
      severity: 'note',
      location: secret.location,
      object: identityOf(secret),
      message: `${describeObject(secret)} is SOPS-encrypted and is not decrypted here; the sources that use it are checked with your own registry login (flux-oci login, helm/docker/podman)`,
    });
  }

  const resolver = new Resolver(options.resolver);
  // Secrets are read only for lookups that go to a registry.
  const online = resolver.mode === 'auto' || resolver.mode === 'online';
  const asked = registryRequests(objects, links.references, online ? encrypted : 'none', target, index);
  const images = imagePolicyRequests(objects, links.references, online ? encrypted : 'none', checked.fluxVersion, index);
  findings.push(...asked.findings, ...images.findings);
  options.onProgress?.({ phase: 'registry', lookups: asked.requests.length + images.asks.length });
  // A chart some HelmRelease installs is fetched for the values check, an artifact some Kustomization reads for its path.
  const content = asked.requests.map((r) => r.releases.length > 0 || r.kustomizations.length > 0);
  // One batch: the charts and the ImagePolicies on a registry share its clients (one challenge, one token per scope set).
  const report = await resolver.resolve(asked.requests.map((r) => r.request), { content, images: images.asks.map((a) => a.request) });
  findings.push(...imagePolicyFindings(images.asks, report.images));
  let failed = 0;
  asked.requests.forEach((r, i) => {
    const outcome = report.outcomes[i];
    if (outcome && !outcome.ok) {
      failed++;
      findings.push(registryFinding(r, outcome.failure));
    }
    const fetched = report.content[i];
    if (outcome?.ok && fetched) {
      const limits = options.resolver?.contentLimits;
      for (const release of r.releases) {
        findings.push(...releaseValuesFindings(release, r.request.reference, outcome.resolved, fetched, index, checked.fluxVersion, limits,
          generated));
      }
      for (const kustomization of r.kustomizations) findings.push(...artifactPathFindings(kustomization, r, fetched, limits));
    }
  });
  const skipped = asked.requests.filter((_, i) => report.outcomes[i] === undefined).map((r) => r.object);
  const skippedImages = images.asks.filter((_, i) => report.images[i] === undefined).map((a) => a.policy);
  const first = [...skipped, ...skippedImages][0];
  if (first) {
    // The lockfile answers charts and artifacts; an ImagePolicy follows its registry, so only a lookup checks it.
    const lookups = [
      ...skipped.length ? [`${skipped.length} chart or artifact lookup${skipped.length === 1 ? '' : 's'}`] : [],
      ...skippedImages.length ? [`${skippedImages.length} ImagePolicy lookup${skippedImages.length === 1 ? '' : 's'}`] : [],
    ].join(' and ');
    findings.push({
      rule: 'not-checked',
      severity: 'note',
      location: first.location,
      object: identityOf(first),
      message: `registry check off (mode '${resolver.mode}', from FLUX_OCI_RESOLVE or --offline): ${lookups} not made, the first for ${describeObject(first)}`,
    });
  }

  return {
    findings: sortFindings(dedupe(notApplied ? setAsideNotApplied(findings, notApplied, sources, parsed.objects) : findings,
      new Set(objects.flatMap((o) => (o.builtAs === undefined ? [] : [o.builtAs]))))),
    files: sources.filter((s) => !s.helmChart).length,
    documents: parsed.documents,
    objects: objects.length,
    fluxObjects: flux.length,
    notApplied: notApplied?.files.size ?? 0,
    flux: checked,
    registry: {
      mode: resolver.mode,
      checked: asked.requests.length - skipped.length,
      failed,
      imagePolicies: images.asks.length - skippedImages.length,
      imagePoliciesFailed: report.images.filter((o) => o?.ok === false).length,
      registryRequests: report.registryRequests,
      lockfileWritten: report.lockfileWritten,
    },
  };
}

/**
 * Whether a Kustomization's `spec.path` gives kustomize-controller something
 * to build in the artifact its OCIRepository pulls, as the front ends check
 * an OciArtifactSource's (../artifact-path.ts), with the OCIRepository's
 * `spec.ignore`. With `layerSelector.operation: copy` source-controller
 * keeps the layer as it is and kustomize-controller extracts it, which the
 * path check does not model: a note says so.
 */
function artifactPathFindings(
  kustomization: ManifestObject, asked: ManifestRequest, content: ContentOutcome, limits: ContentLimits | undefined,
): Finding[] {
  const pointer = '/spec/path';
  const path = fieldAt(kustomization.value, 'spec', 'path');
  const at = { location: kustomization.locate(path === undefined ? '/spec' : pointer), object: identityOf(kustomization), pointer };
  if (path !== undefined && (typeof path !== 'string' || substitutedVariableAt(kustomization.value, pointer) !== undefined)) return [];
  if (fieldAt(asked.source.value, 'spec', 'layerSelector', 'operation') === 'copy') {
    return [{ rule: 'not-checked', severity: 'note', ...at, message: `${describeObject(kustomization)}: spec.path is not checked in ${describeObject(asked.source)}'s artifact: its layerSelector copies the layer as it is` }];
  }
  const ignore = fieldAt(asked.source.value, 'spec', 'ignore');
  const listed = fieldAt(kustomization.value, 'spec', 'components');
  // Components holding a ${var} are known only once substituted: none is judged then.
  const components = Array.isArray(listed) && listed.every((c, i) => typeof c === 'string' && substitutedVariableAt(kustomization.value, `/spec/components/${i}`) === undefined)
    ? listed as string[] : undefined;
  const finding = checkKustomizationPath(path, asked.request.reference, content, {
    limits,
    ...(typeof ignore === 'string' ? { ignore } : {}),
    ...(components ? { components } : {}),
    ignoreMissingComponents: fieldAt(kustomization.value, 'spec', 'ignoreMissingComponents') === true,
  });
  if (!finding) return [];
  const message = `${describeObject(kustomization)} (through ${describeObject(asked.source)}): ${finding.message}`;
  const where = finding.component === undefined ? at
    : { ...at, location: kustomization.locate(`/spec/components/${finding.component}`), pointer: `/spec/components/${finding.component}` };
  return [finding.severity === 'error' ? { rule: 'path', severity: 'error', ...where, message } : { rule: 'not-checked', severity: 'note', ...where, message }];
}

/** A note per working tree whose sync source's artifact is not judged: what it leaves out is not known (./sync-artifact.ts). */
function unknownArtifactFindings(
  artifacts: SyncArtifacts | undefined, objects: readonly ManifestObject[], diskPathOf: (file: string) => string | undefined,
): Finding[] {
  return (artifacts?.unknown ?? []).flatMap(({ root, reason }) => {
    const first = objects.find((o) => {
      const file = diskPathOf(o.location.file);
      return file !== undefined && isWithin(root, file);
    });
    return first ? [{
      rule: 'not-checked',
      severity: 'note' as const,
      location: first.location,
      message: `what source-controller leaves out of the artifact it makes of ${root} (.sourceignore, spec.ignore) is not checked: ${reason}`,
    }] : [];
  });
}

/** The Flux release whose rules apply to the files: `given`, else the newest serving every apiVersion used. */
export function checkedFluxVersion(flux: readonly ManifestObject[], given: FluxVersion | undefined): CheckedFluxVersion {
  if (given) return { fluxVersion: given, source: 'option' };
  const inferred = inferFluxVersion(flux);
  return inferred.because ? { fluxVersion: inferred.fluxVersion, source: 'inferred', because: inferred.because } : { fluxVersion: inferred.fluxVersion, source: 'newest' };
}

/**
 * The files the cluster's sync never reaches, in one note per folder of
 * them (the highest holding no applied file) that has Flux objects or
 * findings: their objects are not checked, and the findings of reading
 * them (YAML, kustomize entries) give way to the note. Flux never reads
 * those files, so nothing in them is what it would fail on.
 */
function setAsideNotApplied(
  findings: readonly Finding[], notApplied: NotApplied, sources: readonly ManifestSource[], objects: readonly ManifestObject[],
): Finding[] {
  const appliedFolders = new Set<string>();
  for (const source of sources) {
    if (notApplied.files.has(source.file)) continue;
    for (let folder = dirname(source.file); !appliedFolders.has(folder); folder = dirname(folder)) {
      appliedFolders.add(folder);
      if (dirname(folder) === folder) break;
    }
  }
  const groupOf = (file: string): string => {
    let folder = dirname(file);
    if (appliedFolders.has(folder)) return file;
    while (dirname(folder) !== folder && !appliedFolders.has(dirname(folder))) folder = dirname(folder);
    return folder;
  };
  const kept: Finding[] = [];
  const groups = new Map<string, { findings: Finding[]; objects: ManifestObject[] }>();
  const groupAt = (file: string) => {
    const key = groupOf(file);
    const group = groups.get(key) ?? { findings: [], objects: [] };
    groups.set(key, group);
    return group;
  };
  for (const object of objects) {
    if (isFluxObject(object) && notApplied.files.has(object.location.file)) groupAt(object.location.file).objects.push(object);
  }
  for (const finding of findings) {
    if (notApplied.files.has(finding.location.file)) groupAt(finding.location.file).findings.push(finding);
    else kept.push(finding);
  }
  for (const [group, set] of groups) {
    const first = [...set.objects.map((o) => o.location), ...set.findings.map((f) => f.location)].sort(compareLocations)[0];
    const fileNames = new Set([...set.objects.map((o) => o.location.file), ...set.findings.map((f) => f.location.file)]);
    const files = fileNames.size;
    const them = files === 1 ? 'it' : 'them';
    const what = [
      ...set.objects.length > 0 ? [`${set.objects.length} Flux object${set.objects.length === 1 ? '' : 's'} not checked`] : [],
      ...set.findings.length > 0 ? [`${tally(set.findings)} from reading ${files === 1 ? 'the file' : 'the files'} not reported`] : [],
    ].join('; ');
    const leftOut = [...fileNames].map((file) => notApplied.leftOut.get(file));
    const why = leftOut.every((l) => l !== undefined) && leftOut[0] !== undefined
      ? `source-controller leaves ${them} out of the artifact of ${leftOut[0].source} (${leftOut[0].because}${files === 1 ? '' : ', for the first'})`
      : `no Flux Kustomization's build holds ${them} (the cluster's sync starts at ${notApplied.starts})`;
    kept.push({
      rule: 'not-applied',
      severity: 'note',
      location: first,
      message: `${group} (${files === 1 ? '1 file' : `${files} files`}): ${what}: ${why}, so Flux never applies ${them}; 'flux-oci check ${group}' checks ${them} as if applied`,
    });
  }
  return kept;
}

/** `2 errors, 1 note`. */
function tally(findings: readonly Finding[]): string {
  return (['error', 'warning', 'note'] as const).flatMap((severity) => {
    const n = findings.filter((f) => f.severity === severity).length;
    return n > 0 ? [`${n} ${severity}${n === 1 ? '' : 's'}`] : [];
  }).join(', ');
}

function duplicateFindings(index: ObjectIndex): Finding[] {
  // A name holding a post-build variable is the name only once substituted: where different Kustomizations build the two, each may substitute its own.
  const sameName = (object: ManifestObject, first: ManifestObject) => fluxVariablesIn(object.name ?? '').length === 0
    || (object.builtBy?.some((k) => first.builtBy?.includes(k)) ?? false);
  return index.duplicates().filter(({ object, first }) => (isFluxObject(object) || object.kind === 'Secret') && sameName(object, first)).map(({ object, first, namespace }) => ({
    rule: 'duplicate',
    severity: 'warning',
    location: object.location,
    object: identityOf(object),
    message: `${describeObject(object)}${namespace !== undefined && namespace !== object.namespace ? `, which kustomizations put in namespace ${namespace},` : ''} `
      + `is also defined at ${first.location.file}:${first.location.line}: ${duplicateConsequence(object, first)}`,
  }));
}

/** What two copies of one object do, as far as the files tell which Flux Kustomizations build them. */
function duplicateConsequence(object: ManifestObject, first: ManifestObject): string {
  const shared = object.builtBy?.find((k) => first.builtBy?.includes(k));
  if (shared) return `${describeObject(shared)} builds both, and kustomize refuses an object twice in one build ("may not add resource with an already registered id")`;
  const [mine] = object.builtBy ?? [];
  const [theirs] = first.builtBy ?? [];
  if (mine && theirs) {
    return `${describeObject(mine)} applies this one and ${describeObject(theirs)} that one, so each overwrites the other's, `
      + 'and pruning the one that applied it last (its app removed) deletes it until the other applies it again; give one another name, or keep one where both can use it';
  }
  // kustomize's resmap refuses an id twice; two Flux Kustomizations take turns.
  return 'in one kustomize build that fails (an object may be there once), '
    + 'and applied by two Flux Kustomizations the two overwrite each other; fine only if the files are for different clusters';
}

const CREDENTIAL_CAUSES: readonly FailureCause[] = ['unauthorized', 'no-credentials-in-cluster', 'denied', 'unreachable'];

function registryFinding(asked: ManifestRequest, failure: ResolutionFailure): Finding {
  const onSource = CREDENTIAL_CAUSES.includes(failure.cause);
  const at = onSource ? asked.source : asked.object;
  const secretRef = fieldAt(asked.source.value, 'spec', 'secretRef') !== undefined;
  const pointer = onSource
    ? (secretRef && failure.cause !== 'unreachable' ? '/spec/secretRef' : '/spec/url')
    : failure.cause === 'repository-not-found' || failure.cause === 'not-a-chart' ? asked.pathPointer : asked.versionPointer;
  const via = asked.source === asked.object ? '' : ` (through ${describeObject(asked.source)})`;
  return {
    rule: 'registry',
    severity: 'error',
    location: at.locate(pointer),
    object: identityOf(at),
    pointer,
    cause: failure.cause,
    message: `${describeObject(asked.object)}${via}: ${inYamlTerms(describeFailure(failure))}`,
  };
}

/**
 * Each finding once; and one for a problem the objects kustomize makes of
 * one document share (./kustomize-patches.ts), naming every build that has
 * it: `HelmRelease apps/web (as a/kustomization.yaml and b/kustomization.yaml build it)`.
 */
function dedupe(findings: readonly Finding[], builtAs: ReadonlySet<string>): Finding[] {
  const suffixes = [...builtAs].map((b) => ({ builtAs: b, text: ` (as ${b} builds it)` }));
  const groups = new Map<string, { finding: Finding; builders: string[] }>();
  for (const finding of findings) {
    const variant = suffixes.find((s) => finding.message.includes(s.text));
    const message = variant ? finding.message.replace(variant.text, '\0') : finding.message;
    const key = JSON.stringify([finding.rule, finding.location, message]);
    const group = groups.get(key);
    if (!group) groups.set(key, { finding, builders: variant ? [variant.builtAs] : [] });
    else if (variant && !group.builders.includes(variant.builtAs)) group.builders.push(variant.builtAs);
  }
  return [...groups.values()].map(({ finding, builders }) => (builders.length < 2 ? finding : {
    ...finding,
    message: finding.message.replace(` (as ${builders[0]} builds it)`, ` (as ${builders.join(' and ')} build it)`),
  }));
}
