import { readFileSync } from 'node:fs';
import * as path from 'node:path';

/**
 * The package version, read from package.json at runtime: the file sits three
 * levels above both `src/registry/transport` and `lib/registry/transport`, and
 * `rootDir: src` forbids importing it.
 */
export const PACKAGE_VERSION: string = readVersion();

/** Default `User-Agent`. */
export const USER_AGENT = `flux-oci/${PACKAGE_VERSION}`;

function readVersion(): string {
  try {
    const pkg = JSON.parse(readFileSync(path.join(__dirname, '..', '..', '..', 'package.json'), 'utf8'));
    return typeof pkg.version === 'string' ? pkg.version : '0.0.0';
  } catch {
    return '0.0.0';
  }
}
