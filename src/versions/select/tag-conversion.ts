/**
 * Helm stores a chart version's `+` as `_` in the OCI tag (`+` is not allowed
 * in tags, `_` is not allowed in SemVer, so the mapping is a bijection; helm
 * #10166). Every conversion in flux-oci goes through these two functions.
 */

/** The OCI tag for a chart version: every `+` becomes `_`. */
export function versionToTag(version: string): string {
  // Most have none; looking first is several times cheaper than replaceAll finding nothing.
  return version.includes('+') ? version.replaceAll('+', '_') : version;
}

/** The chart version an OCI tag stands for: every `_` becomes `+`. */
export function tagToVersion(tag: string): string {
  return tag.includes('_') ? tag.replaceAll('_', '+') : tag;
}
