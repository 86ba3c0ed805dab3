/** Flux YAML the check tests write. */

/** A HelmRelease `name` in namespace apps of chart web 1.2.0 from the HelmRepository `charts`, or (with `chart`) whatever chart or chartRef it gives. */
export const helmReleaseYaml = (name: string, rest: string, chart = `  chart:
    spec:
      chart: web
      version: 1.2.0
      sourceRef:
        kind: HelmRepository
        name: charts
`) => `apiVersion: helm.toolkit.fluxcd.io/v2
kind: HelmRelease
metadata:
  name: ${name}
  namespace: apps
spec:
  interval: 10m
${chart}${rest}`;

/** An OCIRepository `name` in namespace apps for the chart web at `host` (plain HTTP), with `ref` (a line under `ref:`) and then `rest` (lines of its spec). */
export const ociRepositoryYaml = (name: string, host: string, ref: string, rest = '') => `apiVersion: source.toolkit.fluxcd.io/v1
kind: OCIRepository
metadata:
  name: ${name}
  namespace: apps
spec:
  interval: 10m
  url: oci://${host}/charts/web
  insecure: true
  ref:
    ${ref}
${rest}`;

/** A Flux Kustomization `name` in flux-system that builds `path` of the GitRepository flux-system, then `rest` (lines of its spec). */
export const fluxKustomizationYaml = (name: string, path: string, rest = '') => `apiVersion: kustomize.toolkit.fluxcd.io/v1
kind: Kustomization
metadata:
  name: ${name}
  namespace: flux-system
spec:
  interval: 10m
  path: ${path}
  prune: true
  sourceRef:
    kind: GitRepository
    name: flux-system
${rest}`;

/** A notification Provider `name` in flux-system of `type`, then `rest` (lines of its spec), as a document of its own (`---` first). */
export const providerYaml = (name: string, type: string, rest = '') => `---
apiVersion: notification.toolkit.fluxcd.io/v1beta3
kind: Provider
metadata:
  name: ${name}
  namespace: flux-system
spec:
  type: ${type}
${rest}`;
