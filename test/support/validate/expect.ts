import { AssertionError } from 'node:assert';
import { validateManifest, ValidateOptions } from './manifest';
import { NoSchemaError } from '../../../src/model/crd';

/**
 * Asserts that every object is valid for the schema of the apiVersion/kind it
 * claims. Throws one `AssertionError` listing each invalid object
 * (`apiVersion/kind namespace/name`) with its errors; an object of unknown
 * apiVersion/kind is reported as invalid, never skipped.
 */
export function expectValid(objects: unknown[] | unknown, options: ValidateOptions = {}): void {
  const list = Array.isArray(objects) ? objects : [objects];
  const failures: string[] = [];
  list.forEach((obj, index) => {
    let errors: string[];
    try {
      errors = validateManifest(obj, options);
    } catch (e) {
      if (!(e instanceof NoSchemaError)) throw e;
      errors = [e.message];
    }
    if (errors.length > 0) {
      failures.push(`${describeObject(obj, index)}:\n${errors.map((e) => `    ${e}`).join('\n')}`);
    }
  });
  if (failures.length > 0) {
    throw new AssertionError({
      message: `${failures.length} of ${list.length} objects are invalid:\n  ${failures.join('\n  ')}`,
    });
  }
}

function describeObject(obj: unknown, index: number): string {
  const o = (typeof obj === 'object' && obj !== null ? obj : {}) as Record<string, any>;
  const namespace = typeof o.metadata?.namespace === 'string' ? `${o.metadata.namespace}/` : '';
  return `#${index} ${o.apiVersion ?? '<no apiVersion>'}/${o.kind ?? '<no kind>'} ${namespace}${o.metadata?.name ?? '<no name>'}`;
}
