/**
 * What the resolver found for one release, and how much of it is written
 * into the manifests.
 */

/**
 * - `none`: write what the user asked for (once the registry confirmed it);
 * - `version`: write the exact version the range resolved to;
 * - `digest`: also write the manifest digest (OCIRepository `ref.digest`),
 *   so a re-pushed tag cannot change what is deployed.
 */
export type PinMode = 'none' | 'version' | 'digest';
export const PIN_MODES: readonly PinMode[] = ['none', 'version', 'digest'];

/** A chart version that exists in the registry. */
export interface ResolvedChart {
  /** SemVer with `+` for build metadata, e.g. `1.2.3+build.1`. */
  readonly version: string;
  /** The OCI tag holding it (`+` stored as `_`), e.g. `1.2.3_build.1`. */
  readonly tag: string;
  /** Manifest digest, `sha256:<hex>`. */
  readonly digest?: string;
}
