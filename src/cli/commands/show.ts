import type { Part } from './show-run';
import { Command } from '../command';
import { REGISTRY_USAGE } from '../registry-flags';
import { SELECTION_USAGE } from '../selection-flags';

/**
 * `flux-oci show [chart|values|readme|schema] <oci ref> [--version <v|range>]`,
 * as `helm show` does: `chart` (the default) reads the config blob only;
 * the others read the chart layer through the content fetch and cache the
 * synth-time check uses (a cached chart costs the tag lookup alone).
 */

const SUMMARY: Readonly<Record<Part, string>> = {
  chart: "print a chart's Chart.yaml from the registry (no chart download)",
  values: "print a chart's values.yaml as it is in the chart",
  readme: "print a chart's README",
  schema: "print a chart's values.schema.json",
};

const WHAT: Readonly<Record<Part, string>> = {
  chart: `Prints the Chart.yaml the chart was pushed with, read from its config
blob, like 'helm show chart'.`,
  values: `Prints the chart's values.yaml exactly as the chart holds it (Helm
strips a UTF-8 BOM when it loads a chart; so does this), like 'helm show
values'. Subcharts' values are not included.`,
  readme: `Prints the chart's README (README.md, README.txt or README, any case,
as Helm finds it), like 'helm show readme'.`,
  schema: `Prints the chart's values.schema.json; a chart without one is an error
(exit 1) saying so.`,
};

const VERSION_HELP = `A '+' in the version is looked up as '_', as Helm stores it. A range
(e.g. '^1.2', '1.x') picks the version Flux would pull, by the OCIRepository
rules (a HelmRelease chartRef) of the newest Flux release unless told
otherwise; without --version or a tag, the newest stable version. The
version picked is printed on stderr.`;

function showCommandFor(part: Part, name: readonly string[]): Command {
  const json = part === 'chart' ? '{"reference","digest","metadata"}' : '{"reference","digest","file","content"}';
  const words = name.join(' ');
  return {
    name,
    summary: SUMMARY[part],
    usage: `Usage: flux-oci ${words} <oci://host/path/chart> [--version <version|range>] [--json] [options]
       flux-oci ${words} <oci://host/path/chart:tag> [--json] [options]

${WHAT[part]}
${VERSION_HELP}

  --version <v|range>     the chart version, or a range (default: newest stable)
${SELECTION_USAGE}
  --json                  print ${json}
                          (schemas/cli/${name.join('-')}.schema.json)

${REGISTRY_USAGE}`,
    run: (args, io) => import('./show-run').then((m) => m.run(part, args, io)),
  };
}

export const showCommand: Command = showCommandFor('chart', ['show']);
export const showChartCommand: Command = showCommandFor('chart', ['show', 'chart']);
export const showValuesCommand: Command = showCommandFor('values', ['show', 'values']);
export const showReadmeCommand: Command = showCommandFor('readme', ['show', 'readme']);
export const showSchemaCommand: Command = showCommandFor('schema', ['show', 'schema']);
