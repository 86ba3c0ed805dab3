/** `<source url>/<chart>`: where Flux and Helm look for a chart in a source. @internal */
export function chartUrl(sourceUrl: string, chart: string): string {
  return `${sourceUrl.replace(/\/+$/, '')}/${chart}`;
}
