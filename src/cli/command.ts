import { parseArgs, ParseArgsConfig } from 'node:util';
import { UsageError } from './errors';
import { CliIo } from './io';
import { closest } from '../foundation/edit-distance';

/**
 * One `flux-oci` subcommand, declared in `commands/<name>.ts` with light
 * imports only (its usage text and flags); `run` imports the implementation,
 * `commands/<name>-run.ts`, when the command runs, so `flux-oci --help` and
 * every other command load none of it.
 */
export interface Command {
  /** The words that select it, e.g. `['push', 'chart']`. */
  readonly name: readonly string[];
  /** One line for `flux-oci help`. */
  readonly summary: string;
  /** The usage text printed for `--help`; its first paragraph (the synopsis) is printed on a usage error. */
  readonly usage: string;
  /** Runs with the arguments after the command words (loading the implementation first); resolves to the exit code. */
  run(args: readonly string[], io: CliIo): Promise<number>;
}

type Options = NonNullable<ParseArgsConfig['options']>;

/** What {@link parseCommandArgs} returns: typed flag values and positionals. */
export type ParsedCommandArgs<O extends Options> = ReturnType<typeof parseArgs<{ options: O; allowPositionals: true; strict: true }>>;

/** How many positional arguments a command takes, and what to call them in an error. */
export interface PositionalRule {
  readonly min: number;
  readonly max: number;
  readonly names: string;
}

/**
 * `util.parseArgs` with errors of our own wording: an unknown option names
 * the closest one the command takes, a missing value says how to give one.
 * Option values are never echoed (one may be a password).
 */
export function parseCommandArgs<O extends Options>(args: readonly string[], options: O, positionals: PositionalRule): ParsedCommandArgs<O> {
  checkOptions(args, options);
  let parsed: ParsedCommandArgs<O>;
  try {
    parsed = parseArgs({ args: [...args], options, allowPositionals: true, strict: true });
  } catch (e) {
    // What the check above does not cover; Node's text names options only.
    throw new UsageError((e as Error).message.replace(/^TypeError \[\w+\]: /, '').split('\n')[0]);
  }
  const n = parsed.positionals.length;
  if (n < positionals.min || n > positionals.max) {
    throw new UsageError(n < positionals.min ? `missing ${positionals.names}` : `unexpected argument '${parsed.positionals[positionals.max]}'`);
  }
  return parsed;
}

function checkOptions(args: readonly string[], options: Options): void {
  const { tokens } = parseArgs({ args: [...args], options, allowPositionals: true, strict: false, tokens: true });
  for (const token of tokens) {
    if (token.kind !== 'option') continue;
    const spec = options[token.name];
    if (spec === undefined) throw new UsageError(unknownOption(token.rawName, options));
    if (spec.type === 'boolean' && token.value !== undefined) {
      throw new UsageError(`option '${token.rawName}' takes no value; write '${token.rawName}' alone`);
    }
    if (spec.type === 'string' && (token.value === undefined || (!token.inlineValue && token.value.startsWith('-')))) {
      throw new UsageError(`option '${token.rawName}' needs a value, e.g. ${token.rawName} <value>; for a value starting with '-' write --${token.name}=<value>`);
    }
  }
}

// Long options only: every two one-letter options are one edit apart.
function unknownOption(raw: string, options: Options): string {
  const suggestion = raw.startsWith('--') ? closest(raw, Object.keys(options).map((long) => `--${long}`)) : undefined;
  return `unknown option '${raw}'${suggestion ? `; did you mean '${suggestion}'?` : ''}`;
}

/** The synopsis of a usage text: its lines up to the first blank line. */
export function synopsis(usage: string): string {
  return usage.split('\n\n')[0];
}

/** Writes a line to stdout. */
export function println(io: CliIo, line = ''): void {
  io.stdout.write(`${line}\n`);
}
