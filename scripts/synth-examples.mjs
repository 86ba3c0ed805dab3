#!/usr/bin/env node
// Synthesizes every example app into examples/<name>/dist, one Node process
// per example (as `cdk8s synth` would run it), and prints what each wrote.
// Runs against the compiled package (lib/), which `npm run synth` builds first.
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseAllDocuments } from 'yaml';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const examplesDir = join(root, 'examples');
const only = process.argv.slice(2);
let failed = 0;

for (const name of readdirSync(examplesDir).sort()) {
  const main = join(examplesDir, name, 'main.ts');
  if (!existsSync(main) || (only.length && !only.includes(name))) continue;
  const dist = join(examplesDir, name, 'dist');
  rmSync(dist, { recursive: true, force: true });
  try {
    execFileSync(process.execPath, ['-r', 'ts-node/register/transpile-only', main], {
      cwd: join(examplesDir, name),
      stdio: ['ignore', 'inherit', 'inherit'],
      env: {
        // The examples' registries (Docker Hub, GitLab, ACR, ECR, GAR, Harbor)
        // need the internet and, for most, an account: registry checks are
        // off unless FLUX_OCI_RESOLVE says otherwise (see README, "Registry checks").
        FLUX_OCI_RESOLVE: 'off',
        ...process.env,
        TS_NODE_PROJECT: join(root, 'tsconfig.dev.json'),
      },
    });
  } catch {
    failed++;
    console.error(`✗ ${name}: synth failed (see above)`);
    continue;
  }
  const files = existsSync(dist) ? readdirSync(dist).filter((f) => f.endsWith('.yaml')) : [];
  const kinds = files.flatMap((f) => parseAllDocuments(readFileSync(join(dist, f), 'utf8')).map((d) => d.toJS()?.kind).filter(Boolean));
  const counts = Object.entries(kinds.reduce((acc, k) => ({ ...acc, [k]: (acc[k] ?? 0) + 1 }), {}))
    .map(([k, n]) => `${n} ${k}`).join(', ');
  console.log(`✓ ${name}: ${files.map((f) => `examples/${name}/dist/${f}`).join(' ')} (${counts})`);
}
process.exit(failed ? 1 : 0);
