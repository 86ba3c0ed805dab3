/**
 * Start-up benchmark: whole processes, the CLI as the package ships it.
 * `flux-oci --help` against `node -e 0`; `flux-oci tags <ref>` on a local
 * repository of 300 tags against a bare Node + undici script sending the
 * same GET (`/tags/list?n=1000`) and printing the tags sorted, as flux-oci
 * does (the two outputs are compared). Each pair runs alternately after a
 * warm-up (bench/processes.ts); figures are medians with min–max.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ProcessPairs } from './processes';
import { compiledCli, removeScratch, scratchDir } from '../test/cli/run-cli';
import { pushTestTags, startRegistry } from '../test/support/registry';

const TAGS = 300;
const RUNS = 15;
const WARMUP = 2;

const BARE_TAGS = `const { Pool } = require('undici');
(async () => {
  const url = new URL(process.argv[2]);
  const pool = new Pool(url.origin);
  const res = await pool.request({ method: 'GET', path: url.pathname + url.search });
  if (res.statusCode !== 200) throw new Error('status ' + res.statusCode);
  const { tags } = await res.body.json();
  process.stdout.write(tags.sort().map((t) => t + '\\n').join(''));
  await pool.close();
})();
`;

export async function main(): Promise<void> {
  const cli = compiledCli();
  const dir = scratchDir('bench-startup-');
  const pairs = new ProcessPairs(dir, RUNS, WARMUP);
  const bare = join(dir, 'bare-tags.js');
  writeFileSync(bare, BARE_TAGS);
  const registry = await startRegistry({ mode: 'anonymous' });
  try {
    const tags = Array.from({ length: TAGS }, (_, i) => `${Math.floor(i / 100)}.${Math.floor(i / 10) % 10}.${i % 10}`);
    await pushTestTags(registry, 'bench/startup', tags, { version: tags[0], concurrency: 8 });
    const rows = [
      pairs.pair({ name: 'flux-oci --help', args: [cli, '--help'] }, { name: 'node -e 0', args: ['-e', '0'] }),
      pairs.pair(
        { name: `flux-oci tags (${TAGS} tags)`, args: [cli, 'tags', `oci://${registry.host}/bench/startup`, '--plain-http'] },
        { name: 'node + undici, same GET', args: [bare, `${registry.url}/v2/bench/startup/tags/list?n=1000`] }),
    ];
    const [, tagsRow] = rows;
    if (tagsRow[0].samples[0].stdout !== tagsRow[1].samples[0].stdout) throw new Error('flux-oci tags and the bare script printed different tag lists');
    if (tagsRow[0].samples[0].stdout.split('\n').length !== TAGS + 1) throw new Error(`flux-oci tags did not print ${TAGS} tags`);
    pairs.print(rows);
  } finally {
    await registry.stop();
    removeScratch();
  }
}
