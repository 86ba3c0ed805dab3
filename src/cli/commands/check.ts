import { LOCKFILE_NAME } from '../../check/lockfile-name';
import { Command } from '../command';
import { FLUX_VERSION_RANGE } from '../flux-version-option';

/**
 * `flux-oci check <files|dirs|->`: Flux YAML checked as a synth is (CRD
 * schemas, apiVersions, references, the registry check); exit 0 clean, 1
 * findings, 2 usage or I/O error.
 */
export const checkCommand: Command = {
  name: ['check'],
  summary: 'check Flux YAML: CRD schemas, apiVersions, references, charts in the registry',
  usage: `Usage: flux-oci check [options] <file|folder|->...

Reads YAML files and folders (every *.yaml and *.yml below, hidden folders
skipped; '-' reads stdin, e.g. 'kustomize build . | flux-oci check -') and
checks every Flux object in them, as kustomize builds it (the patches of
each kustomization.yaml and component that include it, once per overlay
where overlays differ, named after what builds it; a flux-operator
ResourceSet's resources too, those that are not templates):
  - against the CRD schema and CEL rules of its apiVersion (every source,
    helm, kustomize, notification and image kind, and ArtifactGenerator;
    nulls and defaults as the API server handles them), as patched by the
    spec.patches of the Flux
    Kustomizations that build it (a problem a patch brings is reported at
    the patch), and whether current Flux still serves that apiVersion
    (what replaces it, which fields change);
  - its references inside the files (chartRef, chart.spec.sourceRef,
    sourceRef, secretRef, certSecretRef, dependsOn, postBuild.substituteFrom,
    an Alert's providerRef and eventSources, a Receiver's resources, a
    Provider's or Receiver's secretRef (a Receiver's Secret must hold a
    token; a Provider must have the URL, token or channel its type's
    notifier needs), a
    GitRepository's include, a
    Bucket's or ImageRepository's Secrets, an
    ImagePolicy's imageRepositoryRef, a Kustomization's healthChecks): a
    dangling one is a warning, a dependsOn cycle an error, and one into
    another namespace an error where the files turn on the multitenancy
    lockdown (a FluxInstance's cluster.multitenant, a bootstrap patch adding
    --no-cross-namespace-refs to a controller), where a Kustomization or
    HelmRelease without serviceAccountName runs as a default ServiceAccount
    no RoleBinding in the files binds (a warning), and where a remote
    base fails the build (--no-remote-bases). Namespaces are
    the ones objects land in: a kustomization.yaml's namespace:, and a Flux
    Kustomization's targetNamespace for the folder it builds; a \${var} the Kustomization that builds an object does not
    define (Flux substitutes an empty string) is a warning;
  - paths into this repository (the cluster's sync source, or another
    GitRepository whose URL is this repository's, as the sync or a remote
    in .git/config names it, on the sync's branch): a
    Kustomization's spec.path and components, a HelmRelease's chart folder,
    must be in the Git working tree; and what each kustomization.yaml names
    (resources, components, patches, generator files, plugin configs) must
    be there; and in the artifact source-controller makes of it
    (.sourceignore files, the GitRepository's spec.ignore, else its
    defaults: images, archives, CI files, .sops.yaml); a chart folder's
    file the artifact leaves out is a warning (the chart is built without
    it);
  - what kustomize-controller cannot build (it runs kustomize with Helm
    disabled and builtin plugins only): helmCharts, and generators,
    transformers or validators of another apiVersion than builtin;
  - every OCI chart and artifact against its registry, with Flux's rules for
    HelmRepository or OCIRepository (and each Kustomization's spec.path in
    the artifact its OCIRepository pulls), the lockfile, and the source's
    credentials (a Secret in the files is read for this only, never printed;
    a SOPS-encrypted one is skipped, and your own login is used);
  - every ImagePolicy against its image's registry, as
    image-reflector-controller runs it (the ImageRepository's exclusionList,
    then filterTags and the semver, alphabetical or numerical policy): one
    that selects no tag is an error; an invalid policy, filter, image or
    exclusion pattern is an error offline too; and every image policy
    marker ({"$imagepolicy": "ns:policy"}) under an ImageUpdateAutomation's
    update.path in this repository must name a policy it sets;
  - each HelmRelease's values against its chart: one from the registry, or
    a chart folder of this repository; valuesFrom ConfigMaps and Secrets in
    the files are read, and those a kustomization generates for the
    release (configMapGenerator, secretGenerator; a hashed name kustomize
    does not write into valuesFrom is an error).
Other kinds are skipped. Where the files tell where the cluster's sync
starts (flux bootstrap's gotk-sync.yaml, a FluxInstance, the flux-instance
chart's instance.sync, a Kustomization whose build holds its own file),
files no Flux Kustomization's build holds, or
that the artifact leaves out, are never applied: they are set aside in one
'not-applied' note per folder (check that folder alone to check them as if
applied).

  --format <f>          text (default), json, or sarif (SARIF 2.1.0 for code scanning)
  --json                the same as --format json: {"flux","summary","findings"}
                        (schemas/cli/check.schema.json)
  --flux-version <v>    the Flux release the files are for (${FLUX_VERSION_RANGE}): its tag rules and
                        CRDs apply, an apiVersion it still serves is a warning
                        (default: the newest release serving every apiVersion used)
  --lockfile <file>     use this lockfile (default: ./${LOCKFILE_NAME} when it exists)
  --offline             no registry lookups (lockfile entries still count)
  --ignore-paths <p>    leave out of the folders what this gitignore pattern matches
                        (the syntax of .sourceignore), relative to each folder
                        (repeatable; e.g. --ignore-paths archive/); a file named
                        on the command line is read

Exit status: 0 no errors (warnings and notes allowed), 1 errors found,
2 bad usage or a file that cannot be read. FLUX_OCI_RESOLVE=locked checks
against the lockfile only.`,
  run: (args, io) => import('./check-run').then((m) => m.run(args, io)),
};
