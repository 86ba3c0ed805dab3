import { FluxOciError } from '../foundation/errors';
import { IssueList } from '../foundation/issues';
import { parseOciReference } from '../foundation/reference';

/**
 * A source URL as OCIRepository and HelmRepository `type: oci` accept it:
 * `oci://host[:port]/path`, no tag or digest (the chart name and version
 * come from the release), lowercase repository path.
 */
export function checkSourceUrl(issues: IssueList, field: string, url: unknown): void {
  if (typeof url !== 'string' || url.length === 0) {
    issues.add(field, `expected an oci:// URL such as 'oci://ghcr.io/org/charts', got ${url === undefined ? 'nothing' : typeof url}`);
    return;
  }
  if (!url.startsWith('oci://')) {
    const scheme = /^([a-z][a-z0-9+.-]*):\/\//i.exec(url)?.[1];
    issues.add(field, scheme
      ? `'${url}' uses the ${scheme}:// scheme; Helm charts in OCI registries are addressed as 'oci://${url.slice(scheme.length + 3)}'`
      : `'${url}' has no scheme; write it as 'oci://${url}'`);
    return;
  }
  try {
    parseOciReference(url, { allowTag: false, allowDigest: false });
  } catch (e) {
    if (!(e instanceof FluxOciError)) throw e;
    issues.add(field, e.message);
  }
}
