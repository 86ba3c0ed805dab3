import * as path from 'node:path';
import { App } from 'cdk8s';
import type { FluxVersion } from 'flux-oci';
import { FluxOci, FluxOciSettings } from 'flux-oci/cdk8s';

/**
 * How every example runs: `defineApp` adds the example's charts to an App
 * (tests call it with other settings), `main` synthesizes into the
 * example's `dist/`. `FLUX_VERSION=2.0` reproduces a guide's older APIs.
 */
export type DefineApp = (app: App) => void;

export function main(dir: string, defineApp: DefineApp, settings: FluxOciSettings = {}): void {
  const app = new App({ outdir: path.join(dir, 'dist') });
  const fluxVersion = process.env.FLUX_VERSION as FluxVersion | undefined;
  FluxOci.configure(app, {
    ...settings,
    ...(fluxVersion ? { fluxVersion } : {}),
    // Each example keeps its own lockfile next to its program.
    resolve: { lockfile: path.join(dir, 'flux-oci.lock.json'), ...settings.resolve },
  });
  defineApp(app);
  app.synth();
}
