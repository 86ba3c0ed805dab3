// Runs `flux-oci <args>` as the CLI does, then reports the peak resident set
// size of this process on stderr (`maxRSS=<kB>`), for memory-bound tests.
import { nodeIo } from '../../src/cli/io';
import { runCli } from '../../src/cli/run';

void runCli(process.argv.slice(2), nodeIo()).then((code) => {
  process.stderr.write(`maxRSS=${process.resourceUsage().maxRSS}\n`);
  process.exitCode = code;
});
