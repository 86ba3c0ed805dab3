/**
 * The repository a notification Provider of a Git type posts to, read from
 * its address as notification-controller reads it
 * (fluxcd/notification-controller@084ad9b2, v1.9.3, internal/notifier/util.go
 * `parseGitAddress`): `giturls.Parse` (chainguard-dev/git-urls@98fabb7,
 * urls.go) tries a URL whose scheme is a Git transport, then the scp-like
 * `user@host:path`, and else takes the whole address as a local path; the
 * repository id is that path without its leading slashes and a `.git` suffix.
 *
 * Go's `url.Parse` refuses some URLs this does not model (a malformed
 * authority or escape, control characters), and each parser then hands the
 * address on; for those the id is `undefined`: not judged.
 */

/** The schemes giturls takes as Git transports (urls.go `Transports`). */
const TRANSPORTS = new Set(['ssh', 'git', 'git+ssh', 'http', 'https', 'ftp', 'ftps', 'rsync', 'file']);

/** urls.go `scpSyntax`; the same match under RE2 and JavaScript (no ambiguity a backtracking engine would resolve otherwise). */
const SCP_SYNTAX = /^([a-zA-Z0-9-._~]+@)?([a-zA-Z0-9._-]+):([a-zA-Z0-9./._-]+)(?:\?||$)(.*)$/;

/** urls.go `maxLen`: a longer address is not matched as scp-like. */
const SCP_MAX_LENGTH = 2048;

/** A scheme as Go's `getScheme` reads it: a letter, then letters, digits, `+`, `-`, `.`. */
const SCHEME = /^([a-zA-Z][a-zA-Z0-9+.-]*):/;

/** An authority Go's `url.Parse` takes as it is: userinfo, a host without escapes, an optional numeric port. */
const PLAIN_AUTHORITY = /^(?:[A-Za-z0-9._~!$&'()*+,;=:-]*@)?[A-Za-z0-9._~!$&'()*+,;=-]*(?::[0-9]*)?$/;

/** The repository id `parseGitAddress` takes from `address`, or `undefined` where Go's URL parser may read it otherwise. */
export function gitRepositoryId(address: string): string | undefined {
  const path = gitUrlPath(address);
  if (path === undefined) return undefined;
  const id = path.replace(/^\/+/, '');
  return id.endsWith('.git') ? id.slice(0, -'.git'.length) : id;
}

/** The path `giturls.Parse` gives `address`; `undefined` where this does not model Go's `url.Parse` exactly. */
function gitUrlPath(address: string): string | undefined {
  // Control characters, spaces, non-ASCII and escapes: Go's url.Parse refuses or decodes them.
  if (!modelled(address)) return undefined;
  const transport = transportPath(address);
  if (transport !== 'not-a-transport') return transport;
  if (address.length <= SCP_MAX_LENGTH) {
    const scp = SCP_SYNTAX.exec(address);
    if (scp) return scp[3];
  }
  // ParseLocal: the whole address is the path.
  return address;
}

/**
 * `giturls.ParseTransport`: the path of a URL whose scheme is a Git
 * transport; 'not-a-transport' for any other address.
 */
function transportPath(address: string): string | undefined | 'not-a-transport' {
  const scheme = SCHEME.exec(address);
  if (!scheme || !TRANSPORTS.has(scheme[1].toLowerCase())) return 'not-a-transport';
  const url = goUrlParts(address) as { readonly path: string } | undefined;
  // Go may refuse the authority of a transport URL, then the next parser reads the address: not modelled.
  return url?.path;
}

/**
 * The scheme (lowercased) and path Go's `url.Parse` gives an address with a
 * scheme (src/net/url/url.go `parse`): the fragment and the query cut off,
 * an authority after `//`, no path for an opaque rest (no leading `/`).
 * 'no-scheme' when it has none; `undefined` when Go may refuse the
 * authority (not modelled).
 */
export function goUrlParts(address: string): { readonly scheme: string; readonly path: string } | 'no-scheme' | undefined {
  const scheme = SCHEME.exec(address);
  if (!scheme) return 'no-scheme';
  const rest = address.slice(scheme[0].length).split('#', 1)[0].split('?', 1)[0];
  const parts = (path: string) => ({ scheme: scheme[1].toLowerCase(), path });
  if (!rest.startsWith('//')) return parts(rest.startsWith('/') ? rest : '');
  const slash = rest.indexOf('/', 2);
  if (!PLAIN_AUTHORITY.test(slash < 0 ? rest.slice(2) : rest.slice(2, slash))) return undefined;
  return parts(slash < 0 ? '' : rest.slice(slash));
}

/**
 * What Bitbucket Server's notifier refuses in its address
 * (internal/notifier/bitbucketserver.go `parseBitbucketServerGitAddress`):
 * a scheme other than http(s), a path without `/scm/`, or other than
 * `<project>/<repository>` after the last `/scm/`. `undefined` when it
 * takes the address, or where this does not model Go's `url.Parse`.
 */
export function bitbucketServerAddressProblem(address: string): string | undefined {
  if (!modelled(address)) return undefined;
  const url = goUrlParts(address);
  if (url === undefined) return undefined;
  // Without a scheme, a colon in the first segment is url.Parse's own error.
  if (url === 'no-scheme' && address.split('/', 1)[0].includes(':')) {
    return `could not parse git address: parse ${JSON.stringify(address)}: first path segment in URL cannot contain colon`;
  }
  const scheme = url === 'no-scheme' ? '' : url.scheme;
  if (scheme !== 'http' && scheme !== 'https') return `could not parse git address: unsupported scheme type in address: ${scheme}. Must be http or https`;
  const path = (url as { path: string }).path;
  const withContext = path.endsWith('.git') ? path.slice(0, -'.git'.length) : path;
  const scm = withContext.lastIndexOf('/scm/');
  if (scm < 0) return 'could not parse git address: supplied provider address is not http(s) git clone url';
  const id = withContext.slice(scm + '/scm/'.length);
  return id.split('/').length === 2 ? undefined : `could not parse git address: invalid repository id ${JSON.stringify(id)}`;
}

/** Whether this models how Go's `url.Parse` reads `address`: printable ASCII without spaces or escapes, which it refuses or decodes. */
function modelled(address: string): boolean {
  return /^[\x21-\x7e]*$/.test(address) && !address.includes('%');
}
