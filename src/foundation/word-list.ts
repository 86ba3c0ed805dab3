/** Items as a sentence lists them: `a`, `a and b`, `a, b and c` (or with `or`). */
export function wordList(items: readonly string[], conjunction: 'and' | 'or' = 'and'): string {
  return items.length < 2 ? items.join('') : `${items.slice(0, -1).join(', ')} ${conjunction} ${items[items.length - 1]}`;
}
