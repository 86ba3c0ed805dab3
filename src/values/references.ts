import type { LoadedChart } from '../archives/chart-load';

/**
 * The values paths a chart's templates read, so that a key the chart uses
 * without declaring it in values.yaml is not reported as unknown. Read
 * from `.Values.a.b` and `index .Values "a" "b"` in its templates (and in
 * library subcharts' templates, which run with the parent's values), and
 * in values.yaml strings the chart renders with `tpl`. A path read whole
 * (`toYaml .Values.resources`, `with .Values.podLabels`) marks everything
 * below it as the chart's to interpret.
 */
export class ValuesReferences {
  /** Keys read below this point. */
  public readonly children = new Map<string, ValuesReferences>();
  /** Read as a whole (a leaf of some reference). */
  public whole = false;

  /** The node for `path`, made on the way. */
  public add(path: readonly string[]): void {
    let node: ValuesReferences = this;
    for (const key of path) {
      let next = node.children.get(key);
      if (!next) {
        next = new ValuesReferences();
        node.children.set(key, next);
      }
      node = next;
    }
    node.whole = true;
  }

  public child(key: string): ValuesReferences | undefined {
    return this.children.get(key);
  }
}

const FIELD_PATH = /\.Values((?:\.[A-Za-z_][A-Za-z0-9_]*)*)(?![A-Za-z0-9_])/g;
const INDEX_PATH = /\bindex\s+\(?\s*\$?\.Values((?:\.[A-Za-z_][A-Za-z0-9_]*)*)\s*\)?((?:\s+"(?:[^"\\]|\\.)*")+)/g;

/** The references of `chart`'s templates and tpl-rendered values strings. */
export function valuesReferences(chart: LoadedChart): ValuesReferences {
  const refs = new ValuesReferences();
  const scan = (text: string) => {
    for (const m of text.matchAll(INDEX_PATH)) {
      const keys = [...m[2].matchAll(/"((?:[^"\\]|\\.)*)"/g)].map((k) => k[1]);
      refs.add([...segments(m[1]), ...keys]);
    }
    for (const m of text.matchAll(FIELD_PATH)) {
      // `index .Values "a"` already counted what follows; the bare `.Values` it starts with is not a whole read.
      const before = text.slice(Math.max(0, m.index - 12), m.index);
      if (m[1] === '' && /index\s+\(?\s*\$?$/.test(before)) continue;
      refs.add(segments(m[1]));
    }
  };
  for (const t of chart.templates) scan(t.data.toString('utf8'));
  for (const sub of chart.dependencies) {
    if (sub.metadata.type === 'library') for (const t of sub.templates) scan(t.data.toString('utf8'));
  }
  for (const v of chart.values) scanStrings(v.toString('utf8'), scan);
  return refs;
}

function segments(path: string): string[] {
  return path.split('.').filter((s) => s !== '');
}

/** values.yaml text: only its string scalars can hold `{{ .Values… }}` for `tpl`. */
function scanStrings(text: string, scan: (s: string) => void): void {
  if (text.includes('{{')) scan(text.split('\n').filter((line) => line.includes('{{')).join('\n'));
}
