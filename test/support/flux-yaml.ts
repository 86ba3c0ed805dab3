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
