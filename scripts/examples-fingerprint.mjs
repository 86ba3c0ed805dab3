#!/usr/bin/env node
// Fingerprints what the examples synthesize, to prove a refactor changed no
// byte of output: every cdk8s example under each Flux release flux-oci
// writes for (files, or the error text when a release cannot express the
// example), and the Pulumi example's resources under the SDK's mocks.
// Runs against lib/ (compile first), offline (FLUX_OCI_RESOLVE=off).
//
//   node scripts/examples-fingerprint.mjs > before.json
//   ... change the code, npx projen compile ...
//   node scripts/examples-fingerprint.mjs --compare before.json
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const examples = join(root, 'examples');
const FLUX_VERSIONS = ['', '2.0', '2.1', '2.2', '2.3', '2.4', '2.5', '2.6', '2.7', '2.8', '2.9'];
const sha = (text) => createHash('sha256').update(text).digest('hex');
const fingerprint = {};
const scratch = mkdtempSync(join(tmpdir(), 'flux-oci-fingerprint-'));

for (const name of readdirSync(examples).sort()) {
  const main = join(examples, name, 'main.ts');
  if (!existsSync(main)) continue;
  for (const fluxVersion of FLUX_VERSIONS) {
    const dist = join(examples, name, 'dist');
    rmSync(dist, { recursive: true, force: true });
    const run = spawnSync(process.execPath, ['-r', 'ts-node/register/transpile-only', main], {
      cwd: join(examples, name),
      encoding: 'utf8',
      env: {
        ...process.env,
        FLUX_OCI_RESOLVE: 'off',
        HOME: scratch,
        TS_NODE_PROJECT: join(root, 'tsconfig.dev.json'),
        ...(fluxVersion ? { FLUX_VERSION: fluxVersion } : {}),
      },
    });
    const key = `${name}@${fluxVersion || 'default'}`;
    if (run.status !== 0) {
      // Only the error's own lines: Node also prints the throwing source line and frames, which a refactor moves.
      fingerprint[key] = { exit: run.status, error: run.stderr.split('\n').filter((l) => /^[A-Za-z]*Error: /.test(l)).join('\n') };
      continue;
    }
    const files = existsSync(dist) ? readdirSync(dist).sort() : [];
    fingerprint[key] = Object.fromEntries(files.map((f) => [f, sha(readFileSync(join(dist, f)))]));
  }
  rmSync(join(examples, name, 'dist'), { recursive: true, force: true });
}

// The Pulumi example, as test/pulumi/example.test.ts runs it.
const pulumiExample = join(examples, 'pulumi-private-registry');
const project = /name:\s*(\S+)/.exec(readFileSync(join(pulumiExample, 'Pulumi.yaml'), 'utf8'))[1];
const pulumiRun = spawnSync(process.execPath, [
  '-r', 'ts-node/register/transpile-only', join(root, 'test', 'pulumi', 'programs', 'run-under-mocks.ts'), join(pulumiExample, 'index.ts'),
  JSON.stringify({ project, preview: true, config: { [`${project}:gitlabUser`]: 'deploy-bot', [`${project}:gitlabToken`]: 'glpat-fingerprint' }, secretKeys: [`${project}:gitlabToken`] }),
], { cwd: root, encoding: 'utf8', env: { ...process.env, FLUX_OCI_RESOLVE: 'off', HOME: scratch, TS_NODE_PROJECT: join(root, 'tsconfig.dev.json') } });
const lastLine = pulumiRun.stdout.trim().split('\n').pop() ?? '';
fingerprint['pulumi-private-registry'] = lastLine.startsWith('{') ? sha(lastLine) : { exit: pulumiRun.status, error: pulumiRun.stderr.slice(0, 2000) };
rmSync(scratch, { recursive: true, force: true });

const compareWith = process.argv.indexOf('--compare');
if (compareWith < 0) {
  process.stdout.write(JSON.stringify(fingerprint, null, 2) + '\n');
} else {
  const before = JSON.parse(readFileSync(process.argv[compareWith + 1], 'utf8'));
  const keys = [...new Set([...Object.keys(before), ...Object.keys(fingerprint)])].sort();
  const changed = keys.filter((k) => JSON.stringify(before[k]) !== JSON.stringify(fingerprint[k]));
  for (const k of changed) console.log(`changed: ${k}\n  before: ${JSON.stringify(before[k])}\n  after:  ${JSON.stringify(fingerprint[k])}`);
  console.log(`${keys.length - changed.length} of ${keys.length} example outputs byte-identical`);
  process.exit(changed.length ? 1 : 0);
}
