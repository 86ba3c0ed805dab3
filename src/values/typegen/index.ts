/** TypeScript values types for chart versions (`flux-oci import`). */
export { valuesModule } from './module';
export type { ImportTarget, ValuesModule } from './module';
