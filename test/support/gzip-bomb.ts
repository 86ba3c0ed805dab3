import { gzipSync } from 'node:zlib';
import { writeTar } from '../../src/archives';

const BLOCK = 512;
const MiB = 1024 * 1024;

/**
 * A chart `.tgz` whose `<name>/Chart.yaml` is valid and whose `<name>/zeros`
 * decompresses to `mebibytes` MiB, built from repeated gzip members (gunzip
 * reads concatenated members as one stream) so it costs a few hundred KB of
 * memory and no time to make, however large it claims to be.
 */
export function gzipBombChart(name: string, mebibytes: number): Buffer {
  const chartYaml = Buffer.from(`apiVersion: v2\nname: ${name}\nversion: 1.0.0\n`);
  const head = writeTar([{ name: `${name}/Chart.yaml`, type: 'file', mode: 0o644, data: chartYaml }]);
  const prefix = Buffer.concat([head.subarray(0, head.length - 2 * BLOCK), fileHeader(`${name}/zeros`, mebibytes * MiB)]);
  const oneMiB = gzipSync(Buffer.alloc(MiB), { level: 9 });
  const members = [gzipSync(prefix), ...Array.from({ length: mebibytes }, () => oneMiB), gzipSync(Buffer.alloc(2 * BLOCK))];
  return Buffer.concat(members);
}

/** A USTAR header for a regular file of `size` bytes. */
function fileHeader(name: string, size: number): Buffer {
  const h = Buffer.alloc(BLOCK);
  h.write(name, 0, 100, 'utf8');
  h.write('0000644\0', 100, 'latin1');
  h.write('0000000\0', 108, 'latin1');
  h.write('0000000\0', 116, 'latin1');
  h.write(`${size.toString(8).padStart(11, '0')}\0`, 124, 'latin1');
  h.write('00000000000\0', 136, 'latin1');
  h.write('        ', 148, 'latin1');
  h.write('0', 156, 'latin1');
  h.write('ustar\0', 257, 'latin1');
  h.write('00', 263, 'latin1');
  let sum = 0;
  for (const b of h) sum += b;
  h.write(`${sum.toString(8).padStart(6, '0')}\0 `, 148, 'latin1');
  return h;
}
