/**
 * `npm run demo`: flux-oci's main job, shown end to end on this machine.
 *
 * 1. starts a local CNCF Distribution registry (Debian's docker-registry,
 *    the one the integration tests use);
 * 2. packages and pushes two charts (scripts/demo/charts) with flux-oci
 *    itself;
 * 3. synthesizes a cdk8s app (scripts/demo/app.ts) against that registry
 *    with the registry check on and `pin: 'digest'`, and shows what it wrote;
 * 4. synthesizes it again with a version of 'web' that was never pushed,
 *    and shows the report the check fails the synth with;
 * 5. stops the registry.
 *
 * Exits 0 when each step did what it should (the mistake caught included).
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative, resolve } from 'node:path';
import { parseAllDocuments } from 'yaml';
import { CliIo, nodeIo } from '../../src/cli/io';
import { runCli } from '../../src/cli/run';
import { startRegistry, TestRegistry } from '../../test/support/registry';

const ROOT = resolve(__dirname, '..', '..');
const DEMO = __dirname;

async function main(): Promise<number> {
  if (!onPath('docker-registry')) {
    process.stderr.write([
      'npm run demo starts a local CNCF Distribution registry, and its binary, docker-registry, is not installed.',
      'On Debian or Ubuntu (the package the integration tests use):',
      '',
      '  sudo apt-get install docker-registry',
      '',
      'then run npm run demo again.',
      '',
    ].join('\n'));
    return 1;
  }
  const work = mkdtempSync(join(tmpdir(), 'flux-oci-demo-'));
  const io = nodeIo();
  let registry: TestRegistry | undefined;
  try {
    step(1, 'Start a local registry (CNCF Distribution, docker-registry)');
    registry = await startRegistry({ mode: 'anonymous' });
    say(`registry at ${registry.host}: plain HTTP, no login (Flux: insecure: true)`);

    step(2, 'Package and push two charts with flux-oci');
    const charts = `oci://${registry.host}/charts`;
    const out = join(work, 'packages');
    await flux(io, ['package', rel(join(DEMO, 'charts', 'web')), '--version', '1.0.0', '--destination', out]);
    await flux(io, ['package', rel(join(DEMO, 'charts', 'web')), '--destination', out]);
    await flux(io, ['package', rel(join(DEMO, 'charts', 'api')), '--destination', out]);
    for (const archive of ['web-1.0.0.tgz', 'web-1.1.0.tgz', 'api-0.3.1.tgz']) {
      await flux(io, ['push', 'chart', join(out, archive), charts, '--plain-http']);
    }
    await flux(io, ['tags', `${charts}/web`, '--plain-http']);

    step(3, "Synthesize the app with the registry check on and pin: 'digest'");
    say(`scripts/demo/app.ts asks for web '1.x' and api '0.3.x' from ${charts}.`);
    const synth = runApp(registry, work, {});
    if (synth.status !== 0) return failed(`the synth failed (exit ${synth.status}); it should have passed:\n${synth.stderr}`);
    showWritten(work);

    step(4, "A mistake the check catches: web '1.3.0', a version nobody pushed");
    const mistake = runApp(registry, work, { DEMO_WEB_VERSION: '1.3.0' });
    if (mistake.status === 0) return failed('the synth passed; the check should have failed it');
    const report = reportOf(mistake.stderr);
    if (!/version-not-found/.test(report)) return failed(`the synth failed, but not on the version:\n${mistake.stderr}`);
    say(report);
    say(`→ the synth failed (exit ${mistake.status}) before writing a file: the mistake never reaches Git or the cluster,`);
    say('  where Flux would have reported it one reconcile interval later.');
    return 0;
  } finally {
    step(5, 'Stop the registry');
    await registry?.stop();
    rmSync(work, { recursive: true, force: true });
    say('stopped; the demo left no files behind.');
  }
}

/** Runs `flux-oci <args>` in this process, printing the command line first; fails the demo on a non-zero exit. */
async function flux(io: CliIo, args: readonly string[]): Promise<void> {
  say(`$ flux-oci ${args.join(' ')}`);
  const code = await runCli(args, io);
  if (code !== 0) throw new Error(`flux-oci ${args.join(' ')} exited ${code}`);
}

/**
 * Runs the app the way `cdk8s synth` does (its own Node process, ts-node)
 * in `work`, the registry check in its default mode (`auto`: look up what
 * the lockfile lacks), output in work/dist.
 */
function runApp(registry: TestRegistry, work: string, env: NodeJS.ProcessEnv): { status: number | null; stderr: string } {
  const shown = Object.entries(env).map(([k, v]) => `${k}=${v} `).join('');
  say(`$ ${shown}node scripts/demo/app.ts    # the cdk8s app, run as 'cdk8s synth' runs it (with ts-node)`);
  const run = spawnSync(process.execPath, [
    '-r', require.resolve('ts-node/register/transpile-only'),
    '-r', join(DEMO, 'flux-oci-from-src.cjs'),
    join(DEMO, 'app.ts'),
  ], {
    cwd: work,
    stdio: ['ignore', 'inherit', 'pipe'],
    encoding: 'utf8',
    env: {
      ...process.env,
      FLUX_OCI_RESOLVE: 'auto',
      DEMO_REGISTRY: registry.host,
      CDK8S_OUTDIR: join(work, 'dist'),
      TS_NODE_PROJECT: join(ROOT, 'tsconfig.dev.json'),
      ...env,
    },
  });
  return { status: run.status, stderr: run.stderr };
}

/** The error cdk8s throws from `app.synth()`, without the stack trace Node adds when it is uncaught. */
function reportOf(stderr: string): string {
  const start = stderr.indexOf('Error: ');
  const text = start < 0 ? stderr : stderr.slice(start + 'Error: '.length);
  return text.split('\n').filter((line) => !/^\s+at /.test(line)).join('\n').trimEnd();
}

/** What the synth wrote that the check decided: each OCIRepository's ref, and the lockfile. */
function showWritten(work: string): void {
  const file = join(work, 'dist', 'demo.k8s.yaml');
  const objects = parseAllDocuments(readFileSync(file, 'utf8')).map((d) => d.toJS());
  say(`dist/demo.k8s.yaml: ${objects.map((o) => o.kind).join(', ')}`);
  for (const o of objects.filter((x) => x.kind === 'OCIRepository')) {
    say(`  OCIRepository ${o.metadata.name}: ${o.spec.url}`);
    for (const [key, value] of Object.entries(o.spec.ref ?? {})) say(`    ref.${key}: ${value}`);
  }
  say('flux-oci.lock.json (commit it: later synths reuse it offline; FLUX_OCI_RESOLVE=locked in CI):');
  say(readFileSync(join(work, 'flux-oci.lock.json'), 'utf8').trimEnd());
}

function onPath(program: string): boolean {
  return spawnSync('sh', ['-c', `command -v ${program}`], { stdio: 'ignore' }).status === 0;
}

function rel(path: string): string {
  return relative(process.cwd(), path) || '.';
}

function step(n: number, title: string): void {
  process.stdout.write(`\n== ${n}/5 ${title} ==\n`);
}

function say(line: string): void {
  process.stdout.write(`${line}\n`);
}

function failed(why: string): number {
  process.stderr.write(`demo: ${why}\n`);
  return 1;
}

main().then(
  (code) => { process.exitCode = code; },
  (e) => {
    process.stderr.write(`demo: ${(e as Error).message}\n`);
    process.exitCode = 1;
  },
);
