import { createHash } from 'node:crypto';
import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import * as ts from 'typescript';

/**
 * flux-oci's src/ as JavaScript, for the child processes tests start (a
 * cdk8s app run by `flux-oci lock`, `bump`, `cdk8s synth`): ts-node would
 * transpile all of src/ again in every such process (about 2.5 s of a
 * 2.8 s synth), so it is transpiled once per state of src/, the way ts-node
 * `transpile-only` does it (`ts.transpileModule` with the project's
 * compiler options), into .tmp/src-js/<hash of the files' paths, sizes and
 * times>/lib/, beside package.json (which src/ reads) as in the package, and
 * under the checkout, so node_modules resolves. Jest workers share it: each writes to its own
 * folder and renames it into place; the first rename wins.
 */

const ROOT = resolve(__dirname, '..', '..');
const SRC = join(ROOT, 'src');
/** Where the JavaScript goes below the copy's package.json: the package's own layout. */
const OUT = 'lib';

let built: string | undefined;

/** The transpiled counterpart of `src/<path>` (`'cdk8s'` → …/lib/cdk8s). */
export function transpiledSource(path: string): string {
  built ??= buildOnce();
  return join(built, OUT, path);
}

function buildOnce(): string {
  const files = sourceFiles(SRC);
  const key = createHash('sha256');
  key.update(`${OUT}\n`); // the layout too: a copy made with another one is another copy
  for (const file of files) {
    const { size, mtimeMs } = statSync(file);
    key.update(`${relative(SRC, file)} ${size} ${mtimeMs}\n`);
  }
  const target = join(ROOT, '.tmp', 'src-js', key.digest('hex').slice(0, 16));
  if (existsSync(target)) return target;
  const options = compilerOptions();
  const staging = `${target}.${process.pid}`;
  rmSync(staging, { recursive: true, force: true });
  for (const file of files) {
    const out = join(staging, OUT, relative(SRC, file));
    mkdirSync(dirname(out), { recursive: true });
    if (file.endsWith('.ts')) {
      const { outputText } = ts.transpileModule(readFileSync(file, 'utf8'), { compilerOptions: options, fileName: file });
      writeFileSync(out.replace(/\.ts$/, '.js'), outputText);
    } else {
      copyFileSync(file, out);
    }
  }
  copyFileSync(join(ROOT, 'package.json'), join(staging, 'package.json'));
  removeOlderStates(dirname(target));
  try {
    renameSync(staging, target);
  } catch (e) {
    // Another worker renamed its copy into place first: use that one.
    rmSync(staging, { recursive: true, force: true });
    if (!existsSync(target)) throw e;
  }
  return target;
}

/** Copies made for earlier states of src/ (a quarter of an hour old: a copy that young may be in use by another run). */
function removeOlderStates(dir: string): void {
  const stale = Date.now() - 15 * 60_000;
  for (const entry of readdirSync(dir)) {
    const path = join(dir, entry);
    if (statSync(path).mtimeMs < stale) rmSync(path, { recursive: true, force: true });
  }
}

function compilerOptions(): ts.CompilerOptions {
  const config = ts.readConfigFile(join(ROOT, 'tsconfig.json'), ts.sys.readFile);
  const { options } = ts.parseJsonConfigFileContent(config.config, ts.sys, ROOT);
  return { ...options, module: ts.ModuleKind.CommonJS, sourceMap: false, inlineSourceMap: false, declaration: false, noEmit: false };
}

/** Every file under `dir` but declaration files (JSON, generated JavaScript and .ts alike). */
function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(path);
    return entry.name.endsWith('.d.ts') ? [] : [path];
  });
}
