/**
 * What the notifiers of the Git Provider types refuse, in the order they
 * check it (fluxcd/notification-controller@084ad9b2, v1.9.3,
 * internal/notifier: github_helpers.go `NewGitHubClient`, gitlab.go,
 * gitlab_merge_request_comment.go, gitea_helpers.go `NewGiteaClient`,
 * bitbucket.go, bitbucketserver.go, azure_devops.go; factory.go, which
 * hands GitHub, GitLab and Gitea the Secret's password where it has no
 * token). The repository is the address's path (git-address.ts).
 *
 * Not judged: a GitHub App's token (only its `githubAppID` key is looked
 * for here; the controller then asks GitHub), Azure DevOps without a token
 * (the controller then asks Azure for one with its workload identity).
 */
import { bitbucketServerAddressProblem, gitRepositoryId } from './git-address';
import type { ManifestObject } from './manifest-object';
import { stringAt } from './object-index';
import { missingCredentials, NotifierProblem, ProviderAddress, ProviderCredentials } from './provider-inputs';

/** How one Git notifier reads its token and its repository. */
interface GitNotifier {
  /** Its error for a missing token; `undefined` where a token is not required (or not judged). */
  readonly noToken?: string;
  /** Whether the Secret's password stands in for a missing token. */
  readonly passwordIsToken?: boolean;
  /** How many `/`-separated parts the repository id has, and its error otherwise. */
  readonly id?: { readonly parts: number; readonly error: (id: string) => string; readonly form: string };
}

const GITHUB: GitNotifier = {
  noToken: 'github token or github app details must be specified',
  passwordIsToken: true,
  id: { parts: 2, error: (id) => `invalid repository id: '${id}'`, form: 'https://github.com/<owner>/<repository>' },
};
const GITLAB: GitNotifier = { noToken: 'gitlab token cannot be empty', passwordIsToken: true };
const GITEA: GitNotifier = {
  noToken: 'gitea token cannot be empty',
  passwordIsToken: true,
  id: { parts: 2, error: quotedIdError, form: 'https://<host>/<owner>/<repository>' },
};

const GIT_NOTIFIERS: Readonly<Record<string, GitNotifier>> = {
  github: GITHUB,
  githubdispatch: GITHUB,
  githubpullrequestcomment: GITHUB,
  gitlab: GITLAB,
  gitlabmergerequestcomment: GITLAB,
  gitea: GITEA,
  giteapullrequestcomment: GITEA,
  bitbucket: {
    noToken: 'bitbucket token cannot be empty',
    id: { parts: 2, error: quotedIdError, form: 'https://bitbucket.org/<workspace>/<repository>' },
  },
  azuredevops: {
    id: { parts: 4, error: quotedIdError, form: 'https://dev.azure.com/<organization>/<project>/_git/<repository>' },
  },
};

/** The first thing the notifier of a Git type refuses, where the files show it. */
export function gitNotifierProblem(
  provider: ManifestObject, type: string, address: ProviderAddress | undefined, credentials: ProviderCredentials,
): NotifierProblem | undefined {
  if (type === 'bitbucketserver') return bitbucketServerProblem(provider, address, credentials);
  const notifier = GIT_NOTIFIERS[type];
  if (notifier === undefined) return undefined;
  const token = credentials.has('token') || (notifier.passwordIsToken === true && credentials.has('password'))
    // The GitHub notifier then gets a GitHub App token: its keys are read from the Secret as written, whether or not the rest is.
    || (notifier === GITHUB && credentials.keys.has('githubAppID'));
  if (notifier.noToken !== undefined && !token) {
    return {
      ...missingCredentials(credentials, notifier.passwordIsToken ? 'token key, nor a username and a password' : 'token key'),
      error: notifier.noToken,
      fix: notifier === GITHUB
        ? "put a personal access token under the token key of a Secret its spec.secretRef names, or a GitHub App's githubAppID, githubAppPrivateKey "
          + 'and githubAppInstallationOwner (or githubAppInstallationID) keys'
        : `put the API token under the token key of a Secret its spec.secretRef names${type === 'bitbucket' ? ', as <user>:<app password>' : ''}`,
    };
  }
  // bitbucket.go reads the token as <user>:<password> once the address is parsed, before the repository id.
  const bitbucketToken = type === 'bitbucket' ? credentials.value('token') : undefined;
  if (bitbucketToken !== undefined && bitbucketToken.split(':').length !== 2) {
    return {
      pointer: '/spec/secretRef',
      what: `the token key of its Secret is not of the form <user>:<password> (${bitbucketToken.split(':').length - 1} colons)`,
      error: 'invalid token format, expected to be <user>:<password>',
      fix: 'set the token key to the Bitbucket username and app password, joined by one colon',
    };
  }
  const id = notifier.id && address ? gitRepositoryId(address.value) : undefined;
  if (notifier.id === undefined || address === undefined || id === undefined || id.split('/').length === notifier.id.parts) return undefined;
  return {
    pointer: address.pointer,
    what: address.value === ''
      ? `${address.described}, so the notifier has no repository to post to`
      : `${address.described}, whose path names the repository '${id}', where the notifier takes ${notifier.id.parts} parts (${notifier.id.form})`,
    error: notifier.id.error(id),
    fix: `set the address to the repository's URL, ${notifier.id.form}, without a trailing slash`,
  };
}

/** bitbucketserver.go `NewBitbucketServer`: the address first, then a token or a username and password. */
function bitbucketServerProblem(
  provider: ManifestObject, address: ProviderAddress | undefined, credentials: ProviderCredentials,
): NotifierProblem | undefined {
  const refused = address && bitbucketServerAddressProblem(address.value);
  if (address && refused) {
    return {
      pointer: address.pointer,
      what: `${address.described}, which is not an http(s) clone URL of one repository`,
      error: refused,
      fix: "set the address to the repository's http(s) clone URL, https://<host>[/<context>]/scm/<project>/<repository>.git",
    };
  }
  // The username may be spec.username; the password comes only with the Secret's username (else the Secret is refused).
  const username = credentials.has('username') || (stringAt(provider.value, 'spec', 'username') ?? '') !== '';
  if (credentials.has('token') || (username && credentials.has('password'))) return undefined;
  return {
    ...missingCredentials(credentials, 'token key, nor a username and a password'),
    error: 'invalid credentials, expected to be one of username/password or API Token',
    fix: 'put an HTTP access token under the token key of a Secret its spec.secretRef names, or a username and password',
  };
}

/** The repository id as Go's `%q` prints it: printable ASCII, so JSON's quoting is the same. */
function quotedIdError(id: string): string {
  return `invalid repository id ${JSON.stringify(id)}`;
}
