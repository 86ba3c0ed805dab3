/**
 * Helm's values rules, for checking a release's values against a chart
 * without a cluster: Flux's composition (valuesFiles, valuesFrom, values),
 * Helm's coalescing and dependency processing per Helm release, schema
 * validation as Helm's validator does it, and keys the chart does not know.
 */
export { checkValues } from './check';
export type { ValuesCheckInput, ValuesProblem, UnknownValuesSource } from './check';
export type { KnownValuesSource } from './flux-values';
export { compileValuesSchema, detectDraft } from './schema';
export type { CompiledSchema, SchemaDraft, SchemaViolation } from './schema';
export { ValuesError } from './errors';
export type { Values } from './tables';
export * from './typegen';
