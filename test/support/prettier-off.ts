/** Stands in for prettier under jest (see moduleNameMapper in .projenrc.ts): flux-oci never formats through it. */
export function format(): never {
  throw new Error('prettier is not loaded under jest');
}
