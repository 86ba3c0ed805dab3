/**
 * The CEL checks, loaded on first use: most apps have no CEL expression,
 * and a synth need not load the parser (test/cdk8s/synth-loading.test.ts
 * pins what a synth loads).
 */
let loaded: typeof import('./expressions') | undefined;

export function fluxCel(): typeof import('./expressions') {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  loaded ??= require('./expressions') as typeof import('./expressions');
  return loaded;
}
