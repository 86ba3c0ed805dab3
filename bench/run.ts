/**
 * `npm run bench [-- <name>...]`: runs the benchmarks (not tests). The
 * registry ones (resolve, push) start their own local registry, measure
 * flux-oci and a baseline in the same run, and print a table with the
 * ratio (`token-auth` also counts 401s and token requests); `layers` splits a
 * range lookup's CPU into the client, the resolver and selection; `schemas` compares the two ways of running the packaged schemas;
 * `synth` flux-oci (with and without the CRD check) vs raw ApiObjects at N = 100, 1,000, 5,000 (and a second, warm synth at 1,000);
 * `values` the values check of 200 releases, cold and warm cache;
 * `startup` the CLI's start-up (`--help`, `tags`) against bare Node;
 * `check` `flux-oci check --offline` of a generated repository against reading and parsing its files.
 */
import { cpus, totalmem } from 'node:os';

const BENCHMARKS = ['resolve', 'layers', 'token-auth', 'push', 'schemas', 'synth', 'values', 'startup', 'check'] as const;

async function run(): Promise<void> {
  const asked = process.argv.slice(2);
  const unknown = asked.filter((a) => !(BENCHMARKS as readonly string[]).includes(a));
  if (unknown.length) {
    console.error(`unknown benchmark ${unknown.join(', ')}; available: ${BENCHMARKS.join(', ')}`);
    process.exit(2);
  }
  console.log(`${new Date().toISOString().slice(0, 10)}, ${cpus().length} CPUs, ${Math.round(totalmem() / 2 ** 30)} GiB, Node ${process.version}`);
  for (const name of asked.length ? asked : BENCHMARKS) {
    console.log(`\n## ${name}\n`);
    const bench: { main(): Promise<void> } = await import(`./${name}`);
    await bench.main();
  }
}

run().catch((e) => {
  console.error(e);
  process.exit(1);
});
