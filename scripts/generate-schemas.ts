/**
 * Generates the schemas flux-oci validates objects with, from the CRDs in
 * reference/ and the hand-written schemas in scripts/schemas/, into
 * src/model/crd/generated/:
 * - `schemas.json`: compact, ajv-ready JSON Schemas (descriptions, defaults
 *   and the status schema stripped, Kubernetes keywords translated, CEL
 *   rules kept with their messages), one per distinct schema;
 * - `catalog.json`: which apiVersion/kind each origin serves, and with which schema;
 * - `validator.<id>.js`: each schema compiled by ajv into standalone
 *   CommonJS, so no schema is compiled at run time, with each large
 *   subschema a function of its own (schemas/split.ts);
 *   `validators.generated.js` loads each on first use. They are
 *   JavaScript, copied into lib/ by the compile task: as TypeScript, tsc
 *   would add a source map larger than the code;
 * - `SOURCE.md`: release, file and sha256 of every input.
 *
 * Every CEL rule is compiled on the engine the library runs
 * (src/model/crd/cel/engine.ts): a rule it cannot run fails here.
 *
 * `npx projen schemas` writes the files; `npx projen schemas:check` (part
 * of `npm test`) fails when the committed ones differ.
 */
import { existsSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { buildSchemas } from './schemas/build';
import { REPOSITORY } from './schemas/sources';

const OUT = path.join(REPOSITORY, 'src', 'model', 'crd', 'generated');

function main(): void {
  const check = process.argv.includes('--check');
  const started = performance.now();
  const files = buildSchemas();
  if (check) {
    const stale = Object.entries(files).filter(([name, text]) => {
      const file = path.join(OUT, name);
      return !existsSync(file) || readFileSync(file, 'utf8') !== text;
    }).map(([name]) => name);
    stale.push(...readdirSync(OUT).filter((name) => !(name in files)).map((name) => `${name} (not generated)`));
    if (stale.length > 0) {
      console.error(`packaged schemas are stale (${stale.join(', ')} in src/model/crd/generated/); run 'npx projen schemas' and commit the result`);
      process.exit(1);
    }
    console.log('packaged schemas are up to date');
    return;
  }
  for (const name of readdirSync(OUT)) if (!(name in files)) rmSync(path.join(OUT, name));
  for (const [name, text] of Object.entries(files)) writeFileSync(path.join(OUT, name), text);
  const sizes = Object.entries(files).map(([name, text]) => `${name} ${(Buffer.byteLength(text) / 1024).toFixed(1)} KiB`);
  console.log(`wrote src/model/crd/generated/: ${sizes.join(', ')} (${Math.round(performance.now() - started)} ms)`);
}

main();
