/**
 * The layers of src/ and the directions imports may take: each layer imports
 * only the layers below it. `npx projen layers` (part of `npm test`) fails
 * with the rule's name when an import breaks this.
 *
 *   front ends   cdk8s/  pulumi/  cli/      translate only; never each other
 *   check        check/                      the one registry-check pipeline
 *   publish      publish/                    push chart / artifact
 *   values       values/                     Helm's values rules: coalescing, schema validation, unknown keys, types
 *   archives     archives/                   chart and artifact archives, chart content
 *   registry     registry/                   the OCI registry client
 *   model        model/                      Flux options, validation, manifest builders
 *   versions     versions/                   Masterminds semver, Flux/Helm tag selection
 *   foundation   foundation/                 errors, issues, references, media types
 */
const LAYERS = {
  foundation: [],
  versions: ['foundation'],
  model: ['foundation', 'versions'],
  registry: ['foundation'],
  archives: ['foundation', 'versions'],
  values: ['foundation', 'versions', 'model', 'archives'],
  publish: ['foundation', 'registry', 'archives'],
  check: ['foundation', 'versions', 'model', 'registry', 'archives', 'values'],
  cdk8s: ['foundation', 'versions', 'model', 'registry', 'archives', 'values', 'check'],
  pulumi: ['foundation', 'versions', 'model', 'registry', 'archives', 'values', 'check'],
  cli: ['foundation', 'versions', 'model', 'registry', 'archives', 'values', 'publish', 'check'],
};
const ALL = Object.keys(LAYERS);

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    ...Object.entries(LAYERS).map(([layer, allowed]) => ({
      name: `${layer}-imports-only-${allowed.length ? allowed.join('-') : 'nothing'}`,
      comment: `src/${layer}/ may import ${allowed.length ? allowed.map((l) => `src/${l}/`).join(', ') : 'no other layer'} (and itself)`,
      severity: 'error',
      from: { path: `^src/${layer}/` },
      to: { path: `^src/(${ALL.filter((l) => l !== layer && !allowed.includes(l)).join('|')})/` },
    })),
    {
      name: 'layers-import-the-entry-point',
      comment: 'src/index.ts re-exports the layers; a layer importing it imports every layer',
      severity: 'error',
      from: { path: '^src/.+/' },
      to: { path: '^src/index\\.ts$' },
    },
    {
      name: 'no-circular',
      comment: 'modules that import each other, directly or through others',
      severity: 'error',
      from: {},
      to: { circular: true },
    },
    {
      name: 'no-peer-in-core',
      comment: 'the core layers import neither cdk8s nor Pulumi: a cdk8s user never installs Pulumi, and the reverse',
      severity: 'error',
      from: { path: '^src/(foundation|versions|model|registry|archives|values|publish|check)/' },
      to: { path: 'node_modules/(cdk8s|constructs|@pulumi)/' },
    },
    {
      name: 'no-cdk8s-in-pulumi',
      severity: 'error',
      from: { path: '^src/pulumi/' },
      to: { path: 'node_modules/(cdk8s|constructs)/' },
    },
    {
      name: 'no-pulumi-in-cdk8s',
      severity: 'error',
      from: { path: '^src/cdk8s/' },
      to: { path: 'node_modules/@pulumi/' },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    exclude: { path: '\\.d\\.ts$' },
  },
};
