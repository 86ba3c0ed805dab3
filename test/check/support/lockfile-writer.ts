/**
 * One lockfile writer, in its own process, for `rounds` rounds. Args:
 * <file> <chart name> <barrier dir> <rounds>. Each round it loads the
 * lockfile and records one entry (`<name><round>`), says it is ready
 * (`<barrier>/ready-<round>-<name>`), waits for `<barrier>/go-<round>`,
 * saves, and says it is done (`<barrier>/done-<round>-<name>`): every
 * writer of a round loads the same state and saves at the same moment.
 */
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Lockfile } from '../../../src/check/lockfile';

const [file, name, barrier, rounds] = process.argv.slice(2);
const nap = new Int32Array(new SharedArrayBuffer(4));
for (let round = 0; round < Number(rounds); round++) {
  const chart = `${name}${round}`;
  const lockfile = Lockfile.load(file);
  lockfile.set(
    { path: chart, reference: `oci://registry.example/charts/${chart}`, version: '1.0.0', ruleSet: 'oci-repository' },
    { version: '1.0.0', tag: '1.0.0', digest: `sha256:${'a'.repeat(64)}` },
  );
  writeFileSync(join(barrier, `ready-${round}-${name}`), '');
  while (!existsSync(join(barrier, `go-${round}`))) Atomics.wait(nap, 0, 0, 1);
  lockfile.save();
  writeFileSync(join(barrier, `done-${round}-${name}`), '');
}
