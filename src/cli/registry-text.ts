import { printable } from '../foundation/printable';
import { maskSecrets } from '../foundation/secrets';

/**
 * Printing what a registry sent (tags, Chart.yaml fields, media types): a
 * hostile registry must neither drive the terminal (escape sequences) nor
 * forge lines in a CI log (`::error::` after a newline), and must not get
 * a credential it echoes printed. Text output escapes control characters
 * (foundation/printable.ts); JSON output keeps its value but writes the
 * characters JSON.stringify leaves raw (DEL, C1, line separators, bidi
 * controls) as `\uXXXX`. Both mask every credential the process knows.
 */

const RAW_IN_JSON = /[\u007f-\u009f\u2028\u2029\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;

/** One value from a registry, as text for a terminal or log. */
export function registryText(text: string): string {
  return maskSecrets(printable(text));
}

/** Registry data as JSON whose text has no raw control character; `JSON.parse` gives the value back. */
export function registryJson(value: unknown, space?: number): string {
  const json = JSON.stringify(value, undefined, space).replace(RAW_IN_JSON, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
  return maskSecrets(json);
}

/** A copy of registry data with every string, keys included, passed through {@link registryText} (for YAML output). */
export function registryData(value: unknown): unknown {
  if (typeof value === 'string') return registryText(value);
  if (Array.isArray(value)) return value.map(registryData);
  if (typeof value === 'object' && value !== null) {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [registryText(k), registryData(v)]));
  }
  return value;
}
