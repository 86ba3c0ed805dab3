import { parseArgs, ParseArgsConfig } from 'node:util';
import { UsageError } from './errors';
import { CliIo } from './io';

/** One `flux-oci` subcommand. */
export interface Command {
  /** The words that select it, e.g. `['push', 'chart']`. */
  readonly name: readonly string[];
  /** One line for `flux-oci help`. */
  readonly summary: string;
  /** The usage text printed for `--help` and on a usage error. */
  readonly usage: string;
  /** Runs with the arguments after the command words; resolves to the exit code. */
  run(args: readonly string[], io: CliIo): Promise<number>;
}

type Options = NonNullable<ParseArgsConfig['options']>;

/** What {@link parseCommandArgs} returns: typed flag values and positionals. */
export type ParsedCommandArgs<O extends Options> = ReturnType<typeof parseArgs<{ options: O; allowPositionals: true; strict: true }>>;

/**
 * `util.parseArgs` with its errors turned into UsageErrors, so a typo'd
 * flag prints the usage instead of a stack trace.
 */
/** How many positional arguments a command takes, and what to call them in an error. */
export interface PositionalRule {
  readonly min: number;
  readonly max: number;
  readonly names: string;
}

export function parseCommandArgs<O extends Options>(args: readonly string[], options: O, positionals: PositionalRule): ParsedCommandArgs<O> {
  let parsed: ParsedCommandArgs<O>;
  try {
    parsed = parseArgs({ args: [...args], options, allowPositionals: true, strict: true });
  } catch (e) {
    throw new UsageError((e as Error).message.replace(/^TypeError \[\w+\]: /, ''));
  }
  const n = parsed.positionals.length;
  if (n < positionals.min || n > positionals.max) {
    throw new UsageError(n < positionals.min ? `missing ${positionals.names}` : `unexpected argument '${parsed.positionals[positionals.max]}'`);
  }
  return parsed;
}

/** Writes a line to stdout. */
export function println(io: CliIo, line = ''): void {
  io.stdout.write(`${line}\n`);
}
