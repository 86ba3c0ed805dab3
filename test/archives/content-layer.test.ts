import { chartReadme, loadChartLayer, readArtifactLayer, writeTarGz } from '../../src/archives';
import { gzipBombChart } from '../support/gzip-bomb';

const file = (name: string, text: string) => ({ name, type: 'file' as const, mode: 0o644, data: Buffer.from(text) });

const CHART = writeTarGz([
  file('web/Chart.yaml', 'apiVersion: v2\nname: web\nversion: 1.2.0\ndependencies:\n  - name: redis\n    version: 1.x\n    alias: cache\n'),
  file('web/values.yaml', 'replicaCount: 1\n'),
  file('web/values.schema.json', '{"type":"object"}'),
  file('web/ReadMe.md', '# web\n'),
  file('web/values-prod.yaml', 'replicaCount: 3\n'),
  file('web/templates/deployment.yaml', 'kind: Deployment\n'),
  file('web/charts/redis/Chart.yaml', 'apiVersion: v2\nname: redis\nversion: 1.0.0\n'),
  file('web/charts/redis/values.yaml', 'port: 6379\n'),
]);

test('a chart layer: metadata, values, schema, files and subcharts as helm-controller loads them', () => {
  const chart = loadChartLayer(CHART, 'oci://r/web@sha256:x');
  expect(chart.metadata).toMatchObject({ name: 'web', version: '1.2.0', dependencies: [{ name: 'redis', alias: 'cache' }] });
  expect(chart.values.map(String)).toEqual(['replicaCount: 1\n']);
  expect(String(chart.schema)).toBe('{"type":"object"}');
  expect(chart.files.map((f) => f.name)).toEqual(['ReadMe.md', 'values-prod.yaml']);
  expect(chart.dependencies.map((d) => [d.metadata.name, d.values.map(String)])).toEqual([['redis', ['port: 6379\n']]]);
  expect(String(chartReadme(chart)?.data)).toBe('# web\n');
});

test('a gzip bomb stops at the decompressed limit with a message naming it', () => {
  const bomb = gzipBombChart('bomb', 120);
  expect(bomb.length).toBeLessThan(300 * 1024);
  expect(() => loadChartLayer(bomb, 'oci://r/bomb@sha256:x')).toThrow(/oci:\/\/r\/bomb@sha256:x: is not a readable chart archive: archive decompresses to more than \d+ bytes/);
});

test('limits are configurable: a file over maxFileBytes is named', () => {
  const big = writeTarGz([file('web/Chart.yaml', 'apiVersion: v2\nname: web\nversion: 1.0.0\n'), file('web/values.yaml', `a: ${'x'.repeat(2000)}\n`)]);
  expect(() => loadChartLayer(big, 'L', { maxFileBytes: 1000 })).toThrow('L:web/values.yaml: decompressed chart file is larger than the maximum file size 1000');
});

test('an artifact layer: files and the directories they imply', () => {
  const tree = readArtifactLayer(writeTarGz([file('./apps/web/deploy.yaml', 'kind: Deployment\n'), file('infra/kustomization.yaml', 'resources: []\n')]), 'A');
  expect([...tree.files].sort()).toEqual(['apps/web/deploy.yaml', 'infra/kustomization.yaml']);
  expect([...tree.directories].sort()).toEqual(['', 'apps', 'apps/web', 'infra']);
  expect(tree.symlinks.size).toBe(0);
  // source-controller reads .sourceignore files when it archives the extracted layer again: their text is kept.
  const ignoring = readArtifactLayer(writeTarGz([file('.sourceignore', '/docs/\n'), file('apps/.sourceignore', '*.md\n'), file('apps/a.yaml', 'a: 1\n')]), 'A');
  expect([...ignoring.ignoreFiles]).toEqual([['.sourceignore', '/docs/\n'], ['apps/.sourceignore', '*.md\n']]);
  expect(() => readArtifactLayer(Buffer.from('not gzip'), 'A')).toThrow(/A: is not a readable artifact layer/);
});
