/**
 * Flux's own schemas inside the library: every object flux-oci writes (and
 * any Flux object a caller hands in) validated against the CRD of its
 * apiVersion, CEL rules included, with the CRD's messages.
 */
export type { CrdSet } from './catalog';
export { NoSchemaError } from './errors';
export {
  formatSchemaProblem,
  hasSchema,
  packagedSchema,
  servedSchemas,
  validateObject,
  validateObjects,
} from './validate';
export type { ObjectIdentity, SchemaProblem, ServedSchema, ValidateObjectOptions } from './validate';
