import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { LockfileBusyError } from '../../src/check/errors';
import { Lockfile } from '../../src/check/lockfile';
import { ChartRequest, requestKey } from '../../src/check/request';

const run = promisify(execFile);
const WRITER = join(__dirname, 'support', 'lockfile-writer.ts');
const TS_NODE = require.resolve('ts-node/register/transpile-only');

const request = (name: string): ChartRequest => ({ path: name, reference: `oci://registry.example/charts/${name}`, version: '1.0.0', ruleSet: 'oci-repository' });
const resolved = { version: '1.0.0', tag: '1.0.0', digest: `sha256:${'a'.repeat(64)}` };
const tempFile = (): string => join(mkdtempSync(join(tmpdir(), 'flux-oci-lock-writes-')), 'flux-oci.lock.json');
const keysIn = (file: string): string[] => Object.keys(JSON.parse(readFileSync(file, 'utf8')).charts).sort();

test('a save merges with what another writer saved since this one loaded', () => {
  const file = tempFile();
  const first = Lockfile.load(file);
  const second = Lockfile.load(file);
  first.set(request('web'), resolved);
  second.set(request('api'), resolved);
  expect(first.save()).toBe(true);
  expect(second.save()).toBe(true);
  expect(keysIn(file)).toEqual([requestKey(request('api')), requestKey(request('web'))]);
  // The instance now holds the merged entries too.
  expect(second.size).toBe(2);
  expect(readdirSync(join(file, '..'))).toEqual(['flux-oci.lock.json']); // no lock file or temp file left
});

test('concurrent writers in separate processes keep every entry, round after round', async () => {
  const file = tempFile();
  const names = ['web', 'api', 'db', 'cache'];
  const rounds = 4;
  const barrier = mkdtempSync(join(tmpdir(), 'flux-oci-lock-barrier-'));
  const arrived = (what: string) => readdirSync(barrier).filter((f) => f.startsWith(what)).length === names.length;
  const until = async (what: string) => {
    while (!arrived(what)) await new Promise((r) => setTimeout(r, 10));
  };
  const writers = Promise.all(names.map((name) => run(process.execPath, ['-r', TS_NODE, WRITER, file, name, barrier, String(rounds)])));
  for (let round = 0; round < rounds; round++) {
    // Every writer has loaded the file as the last round left it; then all save at once.
    await until(`ready-${round}-`);
    writeFileSync(join(barrier, `go-${round}`), '');
    await until(`done-${round}-`);
    expect(keysIn(file)).toEqual(names.flatMap((n) => Array.from({ length: round + 1 }, (_, r) => requestKey(request(`${n}${r}`)))).sort());
  }
  await writers;
  expect(readdirSync(join(file, '..'))).toEqual(['flux-oci.lock.json']);
}, 120_000);

test('a lock left by a process that is gone is taken over', async () => {
  const file = tempFile();
  const child = await run(process.execPath, ['-e', 'console.log(process.pid)']);
  const deadPid = Number(child.stdout.trim());
  writeFileSync(`${file}.lock`, JSON.stringify({ pid: deadPid, host: hostname(), token: 'abandoned' }));
  const lockfile = Lockfile.load(file);
  lockfile.set(request('web'), resolved);
  expect(lockfile.save()).toBe(true);
  expect(existsSync(`${file}.lock`)).toBe(false);
});

test('a lock a live process holds makes the writer wait, then fail naming the holder and the lock file', () => {
  const file = tempFile();
  // This test process stands in for a live holder on this host.
  writeFileSync(`${file}.lock`, JSON.stringify({ pid: process.pid, host: hostname(), token: 'held' }));
  const lockfile = Lockfile.load(file);
  lockfile.set(request('web'), resolved);
  let error: unknown;
  try {
    lockfile.save({ waitMs: 200 });
  } catch (e) {
    error = e;
  }
  expect(error).toBeInstanceOf(LockfileBusyError);
  expect((error as Error).message).toContain(`pid ${process.pid} on ${hostname()}`);
  expect((error as Error).message).toContain(`if no flux-oci synth is running, delete ${file}.lock`);
  expect(existsSync(file)).toBe(false);
  expect(existsSync(`${file}.lock`)).toBe(true); // not ours to remove
});

test('prune drops what it was not told to keep, including entries saved meanwhile; set and save never drop', () => {
  const file = tempFile();
  const writer = Lockfile.load(file);
  writer.set(request('web'), resolved);
  writer.set(request('api'), resolved);
  writer.save();
  const pruner = Lockfile.load(file);
  pruner.prune([requestKey(request('web'))]);
  const late = Lockfile.load(file);
  late.set(request('db'), resolved);
  late.save();
  expect(keysIn(file)).toHaveLength(3);
  expect(pruner.save()).toBe(true);
  expect(keysIn(file)).toEqual([requestKey(request('web'))]);
});

test('an unchanged lockfile is not rewritten', () => {
  const file = tempFile();
  const first = Lockfile.load(file);
  first.set(request('web'), resolved);
  first.save();
  const again = Lockfile.load(file);
  again.set(request('web'), resolved);
  expect(again.changed).toBe(false);
  expect(again.save()).toBe(false);
});
