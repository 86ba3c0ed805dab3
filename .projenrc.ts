import { javascript, typescript } from 'projen';

/**
 * Where the project lives: package.json `repository`, `homepage` and `bugs`
 * point here, and the README links to its files here (npm shows the README
 * without the repository's other files).
 */
const REPOSITORY = 'https://github.com/flux-oci/flux-oci';

// One plain TypeScript package (not jsii): the Pulumi front end needs
// `@pulumi/*` types in its public API, which jsii cannot expose.
const project = new typescript.TypeScriptProject({
  name: 'flux-oci',
  description:
    'Typed cdk8s and Pulumi constructs for Helm charts in OCI registries, delivered by Flux CD, checked against the registry at synth time.',
  defaultReleaseBranch: 'main',
  packageManager: javascript.NodePackageManager.NPM,
  projenrcTs: true,
  minNodeVersion: '20.18.1',
  license: 'Apache-2.0',
  copyrightOwner: 'The flux-oci authors',
  repository: `${REPOSITORY}.git`,
  homepage: `${REPOSITORY}#readme`,
  bugsUrl: `${REPOSITORY}/issues`,
  keywords: ['flux', 'fluxcd', 'helm', 'oci', 'cdk8s', 'pulumi', 'kubernetes', 'gitops'],

  github: false,
  release: false,
  depsUpgrade: false,
  pullRequestTemplate: false,
  sampleCode: false,

  typescriptVersion: '~5.9.3',
  deps: [
    'undici@^7.16.0',
    'yaml@^2.8.0',
    // JSON6902 patches in a Flux Kustomization's spec.patches, applied as
    // kustomize applies them (the library cdk8s uses for its JSON patches).
    'fast-json-patch@^3.1.1',
    // Flux's CRD schemas run as ajv standalone code, which needs ajv's small
    // runtime helpers (ucs2length, equal); the compiler only runs at build time.
    'ajv@^8.17.0',
    // x-kubernetes-validations rules run on a real CEL engine; protobuf is its peer.
    '@bufbuild/cel@^0.6.1',
    '@bufbuild/protobuf@^2.6.2',
    // Chart values are validated against values.schema.json as Helm does:
    // ajv for drafts 6/7/2019-09/2020-12, ajv-draft-04 for draft 4, and the
    // formats Helm asserts for drafts 4-7.
    'ajv-formats@^3.0.1',
    'ajv-draft-04@^1.0.0',
    // `flux-oci import` turns a chart's values.schema.json into a TypeScript interface.
    'json-schema-to-typescript@^16.0.0',
    // OCIRepository semverFilter runs on RE2 (linear time, Go's syntax), as source-controller's regexp does.
    're2js@~2.10.0',
  ],
  peerDeps: [
    'cdk8s@^2.68.0',
    'constructs@^10.0.0',
    '@pulumi/pulumi@^3.142.0',
    '@pulumi/kubernetes@^4.18.0',
  ],
  // Pinned dev copies would replace the dev versions listed below with the
  // lowest peer version; list the dev copies explicitly instead.
  peerDependencyOptions: { pinnedDevDependency: false },
  devDeps: [
    'cdk8s@^2.70.0',
    'constructs@^10.4.0',
    'cdk8s-cli@^2.200.0',
    '@pulumi/pulumi@~3.248.0',
    '@pulumi/kubernetes@^4.34.0',
    '@types/node@^20',
    // ts-jest requires jest-util, which npm does not hoist next to it here.
    'jest-util@^29',
    'typedoc@~0.28.20',
    'typedoc-plugin-markdown@~4.14.1',
    // 17.x is the newest line that runs on Node 20.
    'dependency-cruiser@^17.4.3',
    // bench/synth.ts only: cdk8s's own L2 library, the reference for what a construct library costs over raw ApiObjects.
    'cdk8s-plus-34@^2.0.54',
  ],

  eslintOptions: {
    dirs: ['src'],
    devdirs: ['test', 'examples', 'bench', 'scripts'],
    tsconfigPath: './tsconfig.dev.json',
  },
  jest: true,
  jestOptions: {
    // `npm test` must never rewrite expected output; `npm run test:update` does.
    updateSnapshot: javascript.UpdateSnapshot.NEVER,
    jestVersion: '^29',
    jestConfig: {
      collectCoverage: false,
      testTimeout: 120_000,
      // Integration tests start registries on loopback; two cores are all CI has.
      maxWorkers: 2,
      // Tests run examples, which import the package by name, against src.
      moduleNameMapper: {
        '^flux-oci$': '<rootDir>/src/index.ts',
        '^flux-oci/(cdk8s|pulumi)$': '<rootDir>/src/$1/index.ts',
        // prettier (loaded by json-schema-to-typescript, unused: flux-oci import does not format through it)
        // starts a dynamic import() when loaded, which jest's CommonJS runtime rejects.
        '^prettier$': '<rootDir>/test/support/prettier-off.ts',
      },
      testPathIgnorePatterns: ['/node_modules/', '/lib/'],
      setupFiles: ['<rootDir>/test/support/resolve-off.ts'],
    },
  },
  tsJestOptions: {
    transformOptions: {
      // Type checking happens once, in the `typecheck` step of `npm test`.
      isolatedModules: true,
    },
  },
  tsconfig: {
    compilerOptions: {
      lib: ['es2022'],
      target: 'ES2022',
      // Lets `import x from 'y'` style work for CJS deps and keeps JSON imports typed.
      esModuleInterop: true,
      skipLibCheck: true,
      // `@internal` marks what the API docs leave out; the declarations stay
      // in lib/*.d.ts, where public signatures and re-exports still name them.
      stripInternal: false,
      // Source maps beside the code (lib/**/*.js.map, sources inside), not
      // inline: Node reads a map only under --enable-source-maps, while an
      // inline one tripled every file Node reads and parses on each load
      // (~10 ms of the library's ~50 ms load, on every synth and CLI run).
      inlineSourceMap: false,
      sourceMap: true,
      inlineSources: true,
    },
  },
  tsconfigDevFile: 'tsconfig.dev.json',
  tsconfigDev: {
    compilerOptions: {
      skipLibCheck: true,
      // Examples import the package by name, as users do; type-check them against src.
      baseUrl: '.',
      paths: {
        'flux-oci': ['src/index.ts'],
        'flux-oci/cdk8s': ['src/cdk8s/index.ts'],
        'flux-oci/pulumi': ['src/pulumi/index.ts'],
      },
    },
  },
  // `node_modules` without a slash also matches a symlink (worktrees share one install).
  gitignore: ['/.tmp/', 'examples/**/dist/', '/bench/.work/', 'node_modules'],
  npmignoreEnabled: true,
});

// The eslint component asks for any version; v4 pulls unrs-resolver, whose
// per-platform optional packages the package mirror here lacks, so `npm ci`
// would refuse the lockfile.
project.deps.removeDependency('eslint-import-resolver-typescript');
project.addDevDeps('eslint-import-resolver-typescript@~3.6.3');

// Fixtures are programs whose exact bytes tests depend on (odd indentation, every quote style): eslint --fix must not touch them.
project.eslint?.addIgnorePattern('test/**/fixtures/');
project.tsconfigDev.addInclude('examples/**/*.ts');
project.tsconfigDev.addInclude('bench/**/*.ts');
project.tsconfigDev.addInclude('.projenrc.ts');
// The published package is lib/ plus the docs (README, API.md and the
// pages it links in docs/); CI, examples and benchmarks stay in the
// repository, where the README links them.
// The source maps travel with the code they map (see `sourceMap` above).
project.npmignore?.include('/lib/**/*.js.map');
for (const path of ['/.ci/', '/examples/', '/bench/', '/scripts/', '/test-reports/', '/reference/', '/.dependency-cruiser.cjs']) project.addPackageIgnore(path);
project.tsconfigDev.addExclude('lib');

// Optional peers: a cdk8s user never installs Pulumi, and the reverse.
project.package.addField('peerDependenciesMeta', {
  'cdk8s': { optional: true },
  'constructs': { optional: true },
  '@pulumi/pulumi': { optional: true },
  '@pulumi/kubernetes': { optional: true },
});

// One typed program for every linted file: the project service would look
// for a tsconfig per folder and spend minutes on default projects.
const eslintrc = project.tryFindObjectFile('.eslintrc.json');
eslintrc?.addDeletionOverride('parserOptions.projectService');
eslintrc?.addOverride('parserOptions.project', './tsconfig.dev.json');

project.package.addField('exports', {
  '.': { types: './lib/index.d.ts', default: './lib/index.js' },
  './cdk8s': { types: './lib/cdk8s/index.d.ts', default: './lib/cdk8s/index.js' },
  './pulumi': { types: './lib/pulumi/index.d.ts', default: './lib/pulumi/index.js' },
  './package.json': './package.json',
});
// Consumers on `moduleResolution: node` ignore `exports`.
project.package.addField('typesVersions', {
  '*': {
    cdk8s: ['lib/cdk8s/index.d.ts'],
    pulumi: ['lib/pulumi/index.d.ts'],
  },
});
project.package.addBin({ 'flux-oci': 'lib/cli/main.js' });

// Type-check src, test, examples and bench once, instead of per test file.
const typecheck = project.addTask('typecheck', {
  description: 'Type-check sources, tests, examples and benchmarks',
  exec: 'tsc --noEmit -p tsconfig.dev.json',
});

// The layers and the directions imports may take (see README, "Layout").
const layers = project.addTask('layers', {
  description: 'Check that imports follow the layers (dependency-cruiser, .dependency-cruiser.cjs)',
  exec: 'depcruise src --config .dependency-cruiser.cjs',
});

// API.md, one page per entry point in docs/api/, and docs/cli.md from the
// commands' own help; the front ends' props and args are linted first.
const apiDocs = project.addTask('api-docs', {
  description: 'Generate API.md, docs/api/*.md and docs/cli.md from the source (lints the front ends\' API first)',
  exec: 'node scripts/api-docs.mjs',
});
project.addTask('api-docs:check', {
  description: 'Fail when the API docs are stale or the front ends\' API lint fails',
  exec: 'node scripts/api-docs.mjs --check',
});
project.postCompileTask.spawn(apiDocs);

// Flux's CRDs as packaged schemas and ajv standalone validators (src/model/crd/generated/).
project.addTask('schemas', {
  description: 'Generate src/model/crd/generated/ from the CRDs in reference/ and scripts/schemas/',
  exec: 'ts-node --transpile-only scripts/generate-schemas.ts',
});
const schemasCheck = project.addTask('schemas:check', {
  description: 'Fail when src/model/crd/generated/ is stale',
  exec: 'ts-node --transpile-only scripts/generate-schemas.ts --check',
});
// tsc emits only what it compiles: the validators are JavaScript (as
// TypeScript they would carry an inline source map larger than the code)
// and schemas.json is read lazily, so both are copied.
project.compileTask.exec('mkdir -p lib/model/crd/generated && cp src/model/crd/generated/* lib/model/crd/generated/');
project.gitattributes.addAttributes('/src/model/crd/generated/**', 'linguist-generated');

project.testTask.prependSpawn(layers);
project.testTask.prependSpawn(typecheck);
project.testTask.spawn(project.tasks.tryFind('api-docs:check')!);
project.testTask.spawn(schemasCheck);

const synth = project.addTask('synth', {
  description: 'Synthesize every example app (offline: registry checks off, see README)',
});
synth.spawn(project.compileTask);
synth.exec('node scripts/synth-examples.mjs');
// The registry check shown: a local registry, two charts pushed with flux-oci, a synth that passes and one the check fails.
project.addTask('demo', {
  description: 'Push two charts to a local registry and synthesize an app against it with the registry check on (needs docker-registry)',
  env: { TS_NODE_PROJECT: 'tsconfig.dev.json' },
  exec: 'ts-node --transpile-only scripts/demo/run.ts',
});
project.addTask('bench', {
  description: 'Run the benchmarks in bench/ (not part of the tests); `npm run bench -- resolve` runs one',
  steps: [{ exec: 'ts-node --transpile-only bench/run.ts', receiveArgs: true }],
});

project.synth();
