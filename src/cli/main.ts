#!/usr/bin/env node
import { nodeIo } from './io';
import { runCli } from './run';

runCli(process.argv.slice(2), nodeIo()).then(
  (code) => { process.exitCode = code; },
  (e) => {
    process.stderr.write(`flux-oci: internal error: ${(e as Error)?.message ?? e}\n`);
    process.exitCode = 1;
  },
);
