import { bitbucketServerAddressProblem, gitRepositoryId } from '../../src/check/manifests/git-address';

/**
 * The repository a Git notification Provider posts to, as
 * notification-controller's `parseGitAddress` reads its address through
 * chainguard-dev/git-urls (the cases of internal/notifier/util_test.go
 * first, then what each of the three parsers gives), and what the Bitbucket
 * Server notifier refuses (bitbucketserver_test.go's cases).
 */

test.each([
  // notification-controller v1.9.3 util_test.go
  ['https://github.com/foo/bar', 'foo/bar'],
  ['https://example.com/foo/bar', 'foo/bar'],
  ['https://gitlab.com/foo/bar.git', 'foo/bar'],
  ['git@gitlab.com:foo/bar.git', 'foo/bar'],
  // A transport URL: Go's url.Parse, the query and fragment cut off, every leading slash trimmed.
  ['ssh://git@github.com/org/repo', 'org/repo'],
  ['HTTPS://github.com/org/repo', 'org/repo'],
  ['https://github.com/org/repo?ref=main#top', 'org/repo'],
  ['https://user:pass@git.example.com:8443//org/repo.git', 'org/repo'],
  ['https://github.com/org/repo/', 'org/repo/'],
  ['https://github.com/org', 'org'],
  ['https://github.com', ''],
  ['https:org/repo', ''],
  ['file:///srv/git/repo.git', 'srv/git/repo'],
  // Not a transport: the scp-like form (a dotted host parses as a scheme in Go, which no transport has).
  ['github.com:org/repo', 'org/repo'],
  ['gitlab.example.com:group/sub/repo.git?x', 'group/sub/repo'],
  // Neither: the whole address is a local path.
  ['github.com/org/repo', 'github.com/org/repo'],
  ['', ''],
  // scpSyntax's lenient tail: "mailto" is the host, "someone" the path, the rest is left over.
  ['mailto:someone@example.com', 'someone'],
])('parseGitAddress(%j) takes the repository %j', (address, id) => {
  expect(gitRepositoryId(address)).toBe(id);
});

test.each([
  'https://github.com/org/re%20po',
  'https://github.com/org/re po',
  'https://git.example.com:http/org/repo',
  'https://[::1]:8443/org/repo',
])('where Go may refuse or decode the URL (%j) the repository is not judged', (address) => {
  expect(gitRepositoryId(address)).toBeUndefined();
});

test.each([
  ['https://example.com:7990/scm/projectfoo/repobar.git', undefined],
  ['https://example.com:7990/scm/context2/scm/scm/projectfoo/repobar.git', undefined],
  ['https://example.com:7990/context1/context2/context3/projectfoo/repobar.git',
    'could not parse git address: supplied provider address is not http(s) git clone url'],
  ['ssh://git@mybitbucket:2222/ap/fluxcd-sandbox.git', 'could not parse git address: unsupported scheme type in address: ssh. Must be http or https'],
  ['https://example.com:7990/scm/projectfoo/repobar/invalid.git', 'could not parse git address: invalid repository id "projectfoo/repobar/invalid"'],
  ['bitbucket.example.com/scm/p/r.git', 'could not parse git address: unsupported scheme type in address: . Must be http or https'],
  // A dotted host before a colon is a scheme to Go; an @ before it is not, and the colon then fails the parse.
  ['bitbucket.example.com:7990/scm/p/r.git', 'could not parse git address: unsupported scheme type in address: bitbucket.example.com. Must be http or https'],
  ['git@bitbucket.example.com:p/r.git',
    'could not parse git address: parse "git@bitbucket.example.com:p/r.git": first path segment in URL cannot contain colon'],
])('the Bitbucket Server notifier reads %j: %j', (address, problem) => {
  expect(bitbucketServerAddressProblem(address)).toBe(problem);
});
