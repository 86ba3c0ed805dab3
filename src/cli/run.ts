import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Command, println, synopsis } from './command';
import { COMMANDS } from './commands';
import { UsageError } from './errors';
import { CliIo } from './io';
import { registryErrorHint } from './registry-error-hint';
import { closest } from '../foundation/edit-distance';
import { FluxOciError } from '../foundation/errors';
import { maskSecrets } from '../foundation/secrets';

/**
 * Runs `flux-oci <args>` and resolves to the exit code: 0 success, 1 a
 * failure the message explains, 2 bad usage. Errors print as one message,
 * never a stack trace (set FLUX_OCI_DEBUG=1 for one on internal errors).
 * `--help`/`-h` anywhere before `--`, and `help <command>`, print the
 * command's usage; for a group (`push`) the commands in it.
 */
export async function runCli(args: readonly string[], io: CliIo, commands: readonly Command[] = COMMANDS): Promise<number> {
  if (args.length === 0 || args[0] === '--help' || args[0] === '-h') {
    println(io, overview(commands));
    return 0;
  }
  if (args[0] === 'help') return help(args.slice(1), io, commands);
  if (args[0] === '--version' || args[0] === 'version') {
    println(io, packageVersion());
    return 0;
  }
  const command = findCommand(commands, args);
  if (!command) return unknownCommand(args, asksForHelp(args), io, commands);
  const rest = args.slice(command.name.length);
  if (asksForHelp(rest)) {
    println(io, command.usage);
    return 0;
  }
  try {
    return await command.run(rest, io);
  } catch (e) {
    return reportError(e, command, io);
  }
}

function help(words: readonly string[], io: CliIo, commands: readonly Command[]): number {
  if (words.length === 0) {
    println(io, overview(commands));
    return 0;
  }
  const command = commands.find((c) => c.name.length === words.length && c.name.every((w, i) => words[i] === w));
  if (command) {
    println(io, command.usage);
    return 0;
  }
  return unknownCommand(words, true, io, commands);
}

/** `--help` or `-h` among the arguments before `--`. */
function asksForHelp(args: readonly string[]): boolean {
  const end = args.indexOf('--');
  return (end < 0 ? args : args.slice(0, end)).some((a) => a === '--help' || a === '-h');
}

function findCommand(commands: readonly Command[], args: readonly string[]): Command | undefined {
  // Longest match first, so `push chart` wins over a bare `push`.
  const sorted = [...commands].sort((a, b) => b.name.length - a.name.length);
  return sorted.find((c) => c.name.every((word, i) => args[i] === word));
}

/**
 * Words that name no command: a group's usage when they start with a
 * group's words (`push`, `push --help`, `push chrt`), else the closest
 * command. Exit 0 when help was asked for, 2 otherwise.
 */
function unknownCommand(args: readonly string[], helpAsked: boolean, io: CliIo, commands: readonly Command[]): number {
  const group = groupOf(args, commands);
  if (group) {
    const members = commands.filter((c) => group.every((w, i) => c.name[i] === w));
    const next = args[group.length];
    if (helpAsked && (next === undefined || next.startsWith('-'))) {
      println(io, groupUsage(group, members));
      return 0;
    }
    const subcommands = members.map((c) => c.name[group.length]);
    const problem = next === undefined || next.startsWith('-')
      ? `needs a subcommand: ${subcommands.join(' or ')}`
      : `unknown subcommand '${next}'${suggestion(next, subcommands)}`;
    io.stderr.write(`flux-oci ${group.join(' ')}: ${problem}\n\n${groupUsage(group, members)}\n`);
    return 2;
  }
  const word = args[0];
  const spellings = commandSpellings(commands);
  const hint = suggestion(word, [...spellings.keys()], (c) => spellings.get(c) ?? c);
  io.stderr.write(`flux-oci: unknown command '${word}'${hint}\n\n${overview(commands)}\n`);
  return 2;
}

/**
 * What an unknown first word is compared with: each command's first word,
 * and each command of two words spelled as one with a hyphen (`push-chart`,
 * `show-values`, as other tools name such commands), which is suggested
 * with its space.
 */
function commandSpellings(commands: readonly Command[]): ReadonlyMap<string, string> {
  const spellings = new Map<string, string>();
  for (const { name } of commands) {
    spellings.set(name[0], name[0]);
    if (name.length > 1) spellings.set(name.join('-'), name.join(' '));
  }
  return spellings;
}

/** The longest run of leading words that all commands of a group share, if it names no command itself. */
function groupOf(args: readonly string[], commands: readonly Command[]): readonly string[] | undefined {
  for (let n = Math.max(...commands.map((c) => c.name.length)) - 1; n >= 1; n--) {
    const words = args.slice(0, n);
    if (words.length === n && commands.some((c) => c.name.length > n && words.every((w, i) => c.name[i] === w))) return words;
  }
  return undefined;
}

/** "; did you mean …?" for the closest candidate, as `spell` writes it. */
function suggestion(word: string, candidates: readonly string[], spell: (candidate: string) => string = (c) => c): string {
  const near = closest(word, candidates);
  return near === undefined ? '' : `; did you mean '${spell(near)}'?`;
}

function reportError(e: unknown, command: Command, io: CliIo): number {
  const name = command.name.join(' ');
  if (e instanceof UsageError) {
    io.stderr.write(`flux-oci ${name}: ${e.message}\n\n${synopsis(command.usage)}\nRun 'flux-oci ${name} --help' for its options.\n`);
    return 2;
  }
  if (e instanceof FluxOciError) {
    const hint = registryErrorHint(e);
    io.stderr.write(`flux-oci ${name}: ${e.message}\n${hint ? `  (${hint})\n` : ''}`);
    return 1;
  }
  const detail = io.env.FLUX_OCI_DEBUG ? `\n${(e as Error)?.stack ?? String(e)}` : ' (set FLUX_OCI_DEBUG=1 for a stack trace)';
  // Not one of ours, so not masked at construction: mask here.
  io.stderr.write(maskSecrets(`flux-oci ${name}: internal error: ${(e as Error)?.message ?? String(e)}${detail}\n`));
  return 1;
}

function commandTable(commands: readonly Command[]): string {
  const width = Math.max(...commands.map((c) => c.name.join(' ').length));
  return commands.map((c) => `  ${c.name.join(' ').padEnd(width)}  ${c.summary}`).join('\n');
}

function groupUsage(group: readonly string[], members: readonly Command[]): string {
  const words = group.join(' ');
  return `Usage: flux-oci ${words} <${members.map((c) => c.name[group.length]).join('|')}> [options]

Commands:
${commandTable(members)}

'flux-oci ${words} <command> --help' shows a command's options.`;
}

function overview(commands: readonly Command[]): string {
  return `flux-oci: Helm charts and Flux artifacts in OCI registries

Usage: flux-oci <command> [options]

Commands:
${commandTable(commands)}

'flux-oci help <command>' or 'flux-oci <command> --help' shows a command's options.
Exit codes: 0 success, 1 failure (the message says why), 2 bad usage.`;
}

function packageVersion(): string {
  // src/cli and lib/cli are both two levels below package.json.
  return JSON.parse(readFileSync(join(__dirname, '..', '..', 'package.json'), 'utf8')).version;
}
