/**
 * Prints the CLI reference (docs/cli.md) as markdown, from the commands'
 * own help: `flux-oci --help` and `flux-oci help <command>` for every
 * command, run through the CLI itself, so the page says what `--help` says.
 * Run by scripts/api-docs.mjs with ts-node.
 */
import { PassThrough } from 'node:stream';
import { COMMANDS } from '../src/cli/commands';
import { CliIo } from '../src/cli/io';
import { runCli } from '../src/cli/run';

async function helpOf(args: string[]): Promise<string> {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  const chunks: Buffer[] = [];
  stdout.on('data', (c: Buffer) => chunks.push(c));
  const io: CliIo = { stdout, stderr, stdin: new PassThrough(), env: {}, cwd: process.cwd() };
  const code = await runCli(args, io);
  if (code !== 0) throw new Error(`flux-oci ${args.join(' ')} exited ${code}`);
  return Buffer.concat(chunks).toString('utf8').trimEnd();
}

async function main(): Promise<void> {
  const sections = [
    '# flux-oci command line',
    '',
    'Every command\'s `--help`, as the CLI prints it (`flux-oci help <command>` prints the same).',
    '',
    '```',
    await helpOf(['--help']),
    '```',
  ];
  for (const command of COMMANDS) {
    sections.push('', `## flux-oci ${command.name.join(' ')}`, '', command.summary, '', '```', await helpOf(['help', ...command.name]), '```');
  }
  process.stdout.write(sections.join('\n') + '\n');
}

main().catch((e: unknown) => {
  process.stderr.write(`${(e as Error).message}\n`);
  process.exitCode = 1;
});
