/**
 * RFC 6901 JSON pointers, the one spelling every finding uses for where in
 * an object (a manifest, values, a schema) something is: escaping a segment,
 * splitting a pointer back into keys, and reading the value one names.
 */

/** Escapes one segment (`~` → `~0`, `/` → `~1`). */
export function pointerSegment(segment: string | number): string {
  const s = String(segment);
  // Most keys hold neither character; this runs for every key of every value walked.
  if (!s.includes('~') && !s.includes('/')) return s;
  return s.replace(/~/g, '~0').replace(/\//g, '~1');
}

/** The keys a pointer names, unescaped; `''` (the whole document) names none. */
export function pointerKeys(pointer: string): string[] {
  if (pointer === '') return [];
  return pointer.slice(1).split('/').map((raw) => raw.replace(/~1/g, '/').replace(/~0/g, '~'));
}

/** The value a pointer names in `root` (an object's own key, or a list's index), or undefined. */
export function valueAtPointer(root: unknown, pointer: string): unknown {
  let value = root;
  for (const key of pointerKeys(pointer)) {
    if (Array.isArray(value)) {
      if (!/^\d+$/.test(key)) return undefined;
      value = value[Number(key)];
    } else if (typeof value === 'object' && value !== null && Object.prototype.hasOwnProperty.call(value, key)) {
      value = (value as Record<string, unknown>)[key];
    } else {
      return undefined;
    }
  }
  return value;
}

/** A pointer as the field is written in YAML: `/spec/dependsOn/0/name` → `spec.dependsOn[0].name`. */
export function pointerAsField(pointer: string): string {
  return pointerKeys(pointer).map((key, i) => (/^\d+$/.test(key) ? `[${key}]` : `${i > 0 ? '.' : ''}${key}`)).join('');
}
