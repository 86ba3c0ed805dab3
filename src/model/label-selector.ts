/**
 * A Kubernetes `metav1.LabelSelector` (`matchLabels`, `matchExpressions`)
 * against an object's labels, as `metav1.LabelSelectorAsSelector` builds
 * and `labels.Selector.Matches` runs it (kubernetes/apimachinery
 * pkg/apis/meta/v1/helpers.go, pkg/labels/selector.go): every term must
 * hold; `In`/`NotIn` need values, `Exists`/`DoesNotExist` none; `NotIn`
 * and `DoesNotExist` hold for an object without the label. An empty
 * selector selects everything.
 */

/** Whether `selector` selects an object with `labels`, or why the API machinery refuses the selector. */
export function labelSelectorMatches(selector: unknown, labels: unknown): { readonly matches: boolean } | { readonly invalid: string } {
  if (selector === null || selector === undefined) return { matches: true };
  if (typeof selector !== 'object' || Array.isArray(selector)) return { invalid: 'a label selector is an object of matchLabels and matchExpressions' };
  const own = typeof labels === 'object' && labels !== null && !Array.isArray(labels) ? labels as Record<string, unknown> : {};
  const label = (key: string): string | undefined => (typeof own[key] === 'string' ? own[key] as string : undefined);
  const { matchLabels, matchExpressions } = selector as Record<string, unknown>;
  let matches = true;
  for (const [key, value] of Object.entries(isRecord(matchLabels) ? matchLabels : {})) {
    if (label(key) !== String(value)) matches = false;
  }
  for (const expression of Array.isArray(matchExpressions) ? matchExpressions : []) {
    const { key, operator, values } = (isRecord(expression) ? expression : {}) as { key?: unknown; operator?: unknown; values?: unknown };
    const list = Array.isArray(values) ? values.map(String) : [];
    if (typeof key !== 'string') return { invalid: 'a matchExpressions entry has no key' };
    const has = label(key);
    switch (operator) {
      case 'In':
      case 'NotIn':
        if (list.length === 0) return { invalid: `for '${operator}', '${key}' must have at least one value` };
        if ((operator === 'In') !== (has !== undefined && list.includes(has))) matches = false;
        break;
      case 'Exists':
      case 'DoesNotExist':
        if (list.length > 0) return { invalid: `values set must be empty for '${operator}', '${key}'` };
        if ((operator === 'Exists') !== (has !== undefined)) matches = false;
        break;
      default:
        return { invalid: `'${String(operator)}' is not a valid label selector operator` };
    }
  }
  return { matches };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
