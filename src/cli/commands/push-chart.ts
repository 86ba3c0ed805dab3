import { Command } from '../command';
import { REGISTRY_USAGE } from '../registry-flags';

/** `flux-oci push chart <tgz> <oci://host/path>`: `helm push`. */
export const pushChartCommand: Command = {
  name: ['push', 'chart'],
  summary: 'push a packaged chart to an OCI registry (like helm push)',
  usage: `Usage: flux-oci push chart <chart.tgz> <oci://host/path> [--prov <file>] [--mount-from <repo>] [--json] [options]

Pushes to <oci://host/path>/<chart name>:<version> ('+' in the version becomes
'_' in the tag) with Helm's media types and annotations: the path is the
repository the chart name is appended to, so web-0.1.0.tgz pushed to
oci://ghcr.io/acme/charts lands in oci://ghcr.io/acme/charts/web:0.1.0.
Blobs the registry already has are not sent again; the manifest is pushed last.

The push is reproducible: the same archive gives the same digest. Its
'org.opencontainers.image.created' is SOURCE_DATE_EPOCH when set, else the
time of the archive's Chart.yaml entry (1970-01-01T00:00:00Z for charts from
'flux-oci package'). helm push uses the .tgz file's mtime instead, which
changes with every copy of the same bytes.

  --prov <file>        also push this provenance file (helm's .prov layer)
  --mount-from <repo>  a repository on the same registry holding the blobs
                       (e.g. charts/staging/web): mounted there, not uploaded
  --json               print {"reference","digest","tag","uploadedBytes","skippedBytes"}
                       (schemas/cli/push-chart.schema.json)

${REGISTRY_USAGE}`,
  run: (args, io) => import('./push-chart-run').then((m) => m.run(args, io)),
};
