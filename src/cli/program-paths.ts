import { UsageError } from './errors';

/** Source files of a JavaScript or TypeScript program (what `--app` runs). */
const PROGRAM_FILE = /\.(?:[cm]?[jt]s|[jt]sx)$/i;

/**
 * Refuses a program's source file where a command reads something else
 * (YAML paths, release names): `flux-oci check main.ts` would report line 1
 * as invalid YAML and `flux-oci outdated main.ts` would list nothing, which
 * hides the mistake. `instead` says what the command does with a program.
 */
export function refuseProgramPaths(args: readonly string[], instead: (file: string) => string): void {
  const program = args.find((a) => PROGRAM_FILE.test(a));
  if (program !== undefined) throw new UsageError(`'${program}' is a program, not ${instead(program)}`);
}

/** The `--app` command line that runs a program file, as the usage texts spell it. */
export function appCommandFor(file: string): string {
  return /\.(?:[cm]?ts|tsx)$/i.test(file) ? `npx ts-node ${file}` : `node ${file}`;
}
