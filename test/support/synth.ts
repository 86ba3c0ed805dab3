import { App, Chart, Testing } from 'cdk8s';
import { expectValid } from './validate';
import { FluxOci, FluxOciSettings } from '../../src/cdk8s';

/** A test App with flux-oci settings, and a Chart in `namespace` (`null`: a Chart with no namespace). */
export function testChart(settings: FluxOciSettings = {}, namespace: string | null = 'flux-system'): { app: App; chart: Chart } {
  const app = Testing.app();
  FluxOci.configure(app, settings);
  const chart = new Chart(app, 'test', namespace === null ? {} : { namespace });
  return { app, chart };
}

/**
 * Synthesizes every chart of the app and checks every object against the
 * CRD schema of the apiVersion it claims: no test in this suite looks at
 * output that Flux would reject.
 */
export function synthValid(app: App): any[] {
  const objects = app.charts.flatMap((c) => Testing.synth(c));
  expectValid(objects);
  return objects;
}

export function findObject(objects: any[], kind: string, name?: string): any {
  const found = objects.filter((o) => o.kind === kind && (name === undefined || o.metadata?.name === name));
  if (found.length !== 1) {
    throw new Error(`expected one ${kind}${name ? ` named ${name}` : ''}, found ${found.length}: ${objects.map((o) => `${o.kind}/${o.metadata?.name}`).join(', ')}`);
  }
  return found[0];
}
