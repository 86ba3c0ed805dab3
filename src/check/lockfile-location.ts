import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { LOCKFILE_NAME } from './lockfile-name';

/**
 * Where a program's lockfile is: `setting` (the `resolve.lockfile` setting)
 * resolved against the program's `folder`, `flux-oci.lock.json` there when
 * unset, or `false` for none. Relative to the program, not the working
 * directory, so the same program finds the same file from any folder.
 */
export function lockfilePathFor(setting: string | false | undefined, folder: string): string | false {
  if (setting === false) return false;
  return resolve(folder, setting ?? LOCKFILE_NAME);
}

/** The nearest folder at or above `start` that holds `name`. */
export function findUp(start: string, name: string): string | undefined {
  for (let dir = resolve(start); ; dir = dirname(dir)) {
    if (existsSync(join(dir, name))) return dir;
    if (dirname(dir) === dir) return undefined;
  }
}

/**
 * The folder of the script Node started: `require.main` (what `node
 * main.js`, `node -r ts-node/register main.ts` and `ts-node main.ts`
 * run), else `process.argv[1]` (ES modules); `undefined` in a REPL.
 */
export function entryScriptDir(): string | undefined {
  const entry = require.main?.filename ?? process.argv[1];
  return entry ? dirname(resolve(entry)) : undefined;
}

/** The program's folder when nothing more specific is known: the entry script's, else `cwd`. */
export function programDir(cwd = process.cwd()): string {
  return entryScriptDir() ?? cwd;
}
