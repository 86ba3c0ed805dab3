#!/usr/bin/env node
/**
 * Prints the code-point table behind src/versions/go-isprint.ts: the code
 * points Go's `strconv.IsPrint` accepts under Unicode 15.0.0 (Go 1.21–1.26),
 * i.e. U+0020 and General_Category L, M, N, P or S.
 *
 * The data comes from the npm package @unicode/unicode-15.0.0 (MIT, the UCD
 * 15.0.0 as arrays), which is not a dependency: install it somewhere else and
 * pass its folder.
 *
 *   npm install --prefix /tmp/u15 @unicode/unicode-15.0.0
 *   node scripts/go-isprint-table.mjs /tmp/u15/node_modules/@unicode/unicode-15.0.0
 */
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

const root = process.argv[2];
if (!root) {
  console.error('usage: node scripts/go-isprint-table.mjs <folder of @unicode/unicode-15.0.0>');
  process.exit(2);
}
const printable = new Set([0x20]);
for (const category of ['Letter', 'Mark', 'Number', 'Punctuation', 'Symbol']) {
  const file = pathToFileURL(join(root, 'General_Category', category, 'code-points.mjs')).href;
  for (const cp of (await import(file)).default) printable.add(cp);
}
const ranges = [];
for (const cp of [...printable].sort((a, b) => a - b)) {
  const last = ranges[ranges.length - 1];
  if (last && last[1] + 1 === cp) last[1] = cp;
  else ranges.push([cp, cp]);
}
const items = ranges.map(([a, b]) => (a === b ? a.toString(16) : `${a.toString(16)}-${b.toString(16)}`));
const lines = [];
let line = '';
for (const item of items) {
  if ((line + item).length > 96) {
    lines.push(line.trimEnd());
    line = '';
  }
  line += `${item} `;
}
lines.push(line.trimEnd());
console.log(lines.map((l) => `  ${l}`).join('\n'));
