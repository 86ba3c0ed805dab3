import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Command, println } from './command';
import { COMMANDS } from './commands';
import { UsageError } from './errors';
import { CliIo } from './io';
import { FluxOciError } from '../foundation/errors';
import { maskSecrets } from '../foundation/secrets';

/**
 * Runs `flux-oci <args>` and resolves to the exit code: 0 success, 1 a
 * failure the message explains, 2 bad usage. Errors print as one message,
 * never a stack trace (set FLUX_OCI_DEBUG=1 for one on internal errors).
 */
export async function runCli(args: readonly string[], io: CliIo, commands: readonly Command[] = COMMANDS): Promise<number> {
  if (args.length === 0 || args[0] === 'help' || args[0] === '--help' || args[0] === '-h') {
    const command = args[0] === 'help' && args.length > 1 ? findCommand(commands, args.slice(1)) : undefined;
    println(io, command ? command.command.usage : overview(commands));
    return 0;
  }
  if (args[0] === '--version' || args[0] === 'version') {
    println(io, packageVersion());
    return 0;
  }
  const found = findCommand(commands, args);
  if (!found) {
    io.stderr.write(`flux-oci: unknown command '${args.join(' ')}'\n\n${overview(commands)}\n`);
    return 2;
  }
  const rest = args.slice(found.command.name.length);
  if (rest.includes('--help') || rest.includes('-h')) {
    println(io, found.command.usage);
    return 0;
  }
  try {
    return await found.command.run(rest, io);
  } catch (e) {
    return reportError(e, found.command, io);
  }
}

function findCommand(commands: readonly Command[], args: readonly string[]): { command: Command } | undefined {
  // Longest match first, so `push chart` wins over a bare `push`.
  const sorted = [...commands].sort((a, b) => b.name.length - a.name.length);
  const command = sorted.find((c) => c.name.every((word, i) => args[i] === word));
  return command ? { command } : undefined;
}

function reportError(e: unknown, command: Command, io: CliIo): number {
  if (e instanceof UsageError) {
    io.stderr.write(`flux-oci ${command.name.join(' ')}: ${e.message}\n\n${command.usage}\n`);
    return 2;
  }
  if (e instanceof FluxOciError) {
    io.stderr.write(`flux-oci ${command.name.join(' ')}: ${e.message}\n`);
    return 1;
  }
  const detail = io.env.FLUX_OCI_DEBUG ? `\n${(e as Error)?.stack ?? String(e)}` : ' (set FLUX_OCI_DEBUG=1 for a stack trace)';
  // Not one of ours, so not masked at construction: mask here.
  io.stderr.write(maskSecrets(`flux-oci ${command.name.join(' ')}: internal error: ${(e as Error)?.message ?? String(e)}${detail}\n`));
  return 1;
}

function overview(commands: readonly Command[]): string {
  const width = Math.max(...commands.map((c) => c.name.join(' ').length));
  const lines = commands.map((c) => `  ${c.name.join(' ').padEnd(width)}  ${c.summary}`);
  return `flux-oci: Helm charts and Flux artifacts in OCI registries

Usage: flux-oci <command> [options]

Commands:
${lines.join('\n')}

'flux-oci help <command>' or 'flux-oci <command> --help' shows a command's options.`;
}

function packageVersion(): string {
  // src/cli and lib/cli are both two levels below package.json.
  return JSON.parse(readFileSync(join(__dirname, '..', '..', 'package.json'), 'utf8')).version;
}
