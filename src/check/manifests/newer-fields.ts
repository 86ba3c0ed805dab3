/**
 * Fields a GA Flux kind gained after its apiVersion appeared, against the
 * Flux release `--flux-version` names. The API server prunes a field its
 * CRD lacks (structural schemas), so on an older Flux such a field is
 * dropped without a word and does nothing: an error at the field, as the
 * CRD validation reports a field its schema lacks ("unknown field"). The
 * packaged schemas are per apiVersion (the last CRD serving each), so this
 * table dates what they cannot: a field added within an apiVersion.
 *
 * The first Flux minor serving each field is the one the constructs use
 * (model/flux-version.ts `FLUX_FEATURES`, model/kustomization.ts
 * `KUSTOMIZATION_FEATURES`, read from the controllers' CRDs at the tags
 * each Flux minor ships). Judged only when the release is named
 * (`--flux-version`): the newest serves them all, and one inferred from the
 * apiVersions is a guess.
 */
import type { Finding } from './finding';
import type { ManifestObject } from './manifest-object';
import { describeObject, fieldAt, identityOf } from './object-index';
import { pointerAsField } from '../../foundation/json-pointer';
import { atLeast, FLUX_FEATURES, FluxFeature, FluxVersion } from '../../model/flux-version';
import { KUSTOMIZATION_FEATURES, KustomizationFeature } from '../../model/kustomization';
import { isServedBy, servedApi } from '../../model/served-apis';

/** A field, by apiVersion and kind, and the feature that dates it. */
interface NewerField {
  readonly apiVersion: string;
  readonly kind: string;
  /** Path under the object; `*` stands for each entry of a list. */
  readonly path: readonly string[];
  readonly feature: FluxFeature | KustomizationFeature;
}

const HELM = { apiVersion: 'helm.toolkit.fluxcd.io/v2', kind: 'HelmRelease' } as const;
const KUSTOMIZE = { apiVersion: 'kustomize.toolkit.fluxcd.io/v1', kind: 'Kustomization' } as const;
const OCI = { apiVersion: 'source.toolkit.fluxcd.io/v1', kind: 'OCIRepository' } as const;
const RECEIVER = { apiVersion: 'notification.toolkit.fluxcd.io/v1', kind: 'Receiver' } as const;
const PROVIDER = { apiVersion: 'notification.toolkit.fluxcd.io/v1beta3', kind: 'Provider' } as const;

const NEWER_FIELDS: readonly NewerField[] = [
  { ...HELM, path: ['spec', 'install', 'strategy'], feature: 'HelmRelease install/upgrade strategy' },
  { ...HELM, path: ['spec', 'upgrade', 'strategy'], feature: 'HelmRelease install/upgrade strategy' },
  { ...HELM, path: ['spec', 'kubeConfig', 'configMapRef'], feature: 'HelmRelease kubeConfig.configMapRef' },
  { ...HELM, path: ['spec', 'commonMetadata'], feature: 'HelmRelease commonMetadata' },
  { ...HELM, path: ['spec', 'waitStrategy'], feature: 'HelmRelease waitStrategy and healthCheckExprs' },
  { ...HELM, path: ['spec', 'healthCheckExprs'], feature: 'HelmRelease waitStrategy and healthCheckExprs' },
  { ...HELM, path: ['spec', 'postRenderStrategy'], feature: 'HelmRelease postRenderStrategy' },
  { ...KUSTOMIZE, path: ['spec', 'namePrefix'], feature: 'Kustomization namePrefix/nameSuffix' },
  { ...KUSTOMIZE, path: ['spec', 'nameSuffix'], feature: 'Kustomization namePrefix/nameSuffix' },
  { ...KUSTOMIZE, path: ['spec', 'deletionPolicy'], feature: 'Kustomization deletionPolicy' },
  { ...KUSTOMIZE, path: ['spec', 'healthCheckExprs'], feature: 'Kustomization healthCheckExprs' },
  { ...KUSTOMIZE, path: ['spec', 'ignoreMissingComponents'], feature: 'Kustomization ignoreMissingComponents' },
  { ...KUSTOMIZE, path: ['spec', 'buildMetadata'], feature: 'Kustomization buildMetadata and ignore' },
  { ...KUSTOMIZE, path: ['spec', 'ignore'], feature: 'Kustomization buildMetadata and ignore' },
  { ...HELM, path: ['spec', 'dependsOn', '*', 'readyExpr'], feature: 'HelmRelease dependsOn readyExpr' },
  { ...KUSTOMIZE, path: ['spec', 'dependsOn', '*', 'readyExpr'], feature: 'Kustomization dependsOn readyExpr' },
  { ...OCI, path: ['spec', 'verify', 'trustedRootSecretRef'], feature: 'OCIRepository verify.trustedRootSecretRef' },
  { ...RECEIVER, path: ['spec', 'resourceFilter'], feature: 'Receiver resourceFilter' },
  { ...RECEIVER, path: ['spec', 'resources', '*', 'filter'], feature: 'Receiver resources[].filter' },
  { ...PROVIDER, path: ['spec', 'commitStatusExpr'], feature: 'Provider commitStatusExpr' },
];

const FIRST_SERVED: Readonly<Record<string, FluxVersion>> = { ...FLUX_FEATURES, ...KUSTOMIZATION_FEATURES };

/** An error per field of `objects` that the named Flux release's CRDs lack, unless `reported` already has one there. */
export function newerFieldFindings(
  objects: readonly ManifestObject[], target: { readonly fluxVersion: FluxVersion; readonly explicit: boolean }, reported: readonly Finding[],
): Finding[] {
  if (!target.explicit) return [];
  const older = NEWER_FIELDS.filter((f) => !atLeast(target.fluxVersion, FIRST_SERVED[f.feature]));
  if (older.length === 0) return [];
  // The schema of the apiVersion may lack the field too: one finding per field.
  const known = new Set(reported.filter((f) => f.rule === 'schema').map((f) => `${f.location.file}:${f.location.line}:${f.pointer}`));
  const findings: Finding[] = [];
  for (const object of objects) {
    for (const field of older) {
      if (object.apiVersion !== field.apiVersion || object.kind !== field.kind) continue;
      // An apiVersion the release does not serve at all is reported as such (api-version), not field by field.
      const api = servedApi(object.apiVersion, object.kind);
      if (api && !isServedBy(api, target.fluxVersion)) continue;
      for (const pointer of pointersOf(object.value, field.path)) {
        const location = object.locate(pointer);
        if (known.has(`${location.file}:${location.line}:${pointer}`)) continue;
        findings.push({
          rule: 'schema',
          severity: 'error',
          location,
          object: identityOf(object),
          pointer,
          message: `${describeObject(object)}: ${pointerAsField(pointer)} needs Flux ${FIRST_SERVED[field.feature]} or newer (${field.feature}); `
            + `the API server of Flux ${target.fluxVersion} would drop it (its CRD lacks the field), so it does nothing there: upgrade Flux or remove the field`,
        });
      }
    }
  }
  return findings;
}

/** The JSON pointers of `path` in `root` that hold a value; a `*` segment stands for each entry of a list. */
function pointersOf(root: unknown, path: readonly string[], prefix = ''): string[] {
  if (path.length === 0) return root === undefined ? [] : [prefix];
  const [head, ...rest] = path;
  if (head === '*') return Array.isArray(root) ? root.flatMap((entry, i) => pointersOf(entry, rest, `${prefix}/${i}`)) : [];
  return pointersOf(fieldAt(root, head), rest, `${prefix}/${head}`);
}
