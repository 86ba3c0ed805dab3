import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { checkFindings } from './run-cli';
import { lineOf } from './tree-files';
import { providerYaml } from '../support/flux-yaml';

/**
 * `flux-oci check` of notification Providers whose type posts to a URL:
 * notification-controller takes the URL from the Secret's `address` key,
 * else `spec.address`, and parses it with Go's url.ParseRequestURI on every
 * event; one it cannot parse is an error, one it cannot see is not judged.
 */

const secret = (name: string, body: string) => `---\napiVersion: v1\nkind: Secret\nmetadata:\n  name: ${name}\n  namespace: flux-system\n${body}`;


test('a Provider of a URL-posting type without a URL it can parse is an error; what the files do not show is not judged', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'check-providers-'));
  writeFileSync(join(dir, 'providers.yaml'), [
    providerYaml('no-address', 'slack', '  channel: general\n'),
    providerYaml('no-scheme', 'discord', '  address: discord.com/api/webhooks/1/x\n'),
    providerYaml('host-port', 'alertmanager', '  address: alertmanager:9093/api/v2/alerts\n'),
    providerYaml('ok', 'alertmanager', '  address: http://alertmanager.monitoring:9093/api/v2/alerts/\n'),
    providerYaml('from-secret', 'slack', '  secretRef:\n    name: slack-url\n'),
    providerYaml('empty-secret', 'generic', '  secretRef:\n    name: no-url\n'),
    providerYaml('elsewhere', 'slack', '  secretRef:\n    name: made-by-external-secrets\n'),
    providerYaml('sops', 'slack', '  secretRef:\n    name: sops-url\n'),
    providerYaml('variable', 'discord', '  address: ${DISCORD_WEBHOOK}\n'),
    providerYaml('github', 'github', '  secretRef:\n    name: no-url\n'),
    providerYaml('bad-secret', 'googlechat', '  secretRef:\n    name: bare-host\n'),
    secret('slack-url', 'stringData:\n  address: https://hooks.slack.com/services/T/B/X\n'),
    secret('no-url', 'stringData:\n  token: abc\n'),
    secret('bare-host', 'stringData:\n  address: " chat.googleapis.com/v1/spaces/x "\n'),
    secret('sops-url', 'data:\n  address: ENC[AES256_GCM,data:abc,iv:def,tag:ghi,type:str]\nsops:\n  age:\n    - recipient: age1xyz\n  lastmodified: "2026-01-01T00:00:00Z"\n  mac: ENC[AES256_GCM,data:m,iv:i,tag:t,type:str]\n  version: 3.9.0\n'),
  ].join(''));
  const run = await checkFindings('notification', ['--offline', dir]);
  const { findings } = run;
  const at = (needle: string) => lineOf(dir, 'providers.yaml', needle);
  expect(findings.map((f: any) => `${f.line} ${f.pointer} ${f.message}`)).toEqual([
    `${at('name: no-address') + 2} /spec Provider flux-system/no-address (type slack): spec.address is not set, and notification-controller parses the Slack hook URL `
      + 'with Go\'s url.ParseRequestURI (empty url), so every event fails ("failed to initialize notifier: invalid Slack hook URL …") and its Alerts deliver nothing; '
      + "set spec.address, or an address key in its secretRef's Secret, to the absolute URL",
    expect.stringMatching(new RegExp(`^${at('discord.com/api')} /spec/address Provider flux-system/no-scheme \\(type discord\\): spec\\.address is 'discord\\.com/api/webhooks/1/x', .*\\(invalid URI for request\\)`)),
    expect.stringMatching(new RegExp(`^${at('alertmanager:9093')} /spec/address Provider flux-system/host-port \\(type alertmanager\\): .*\\(invalid URI for request\\)`)),
    // Its Secret is in the files and holds no address key: the URL is spec.address, which is not set.
    expect.stringMatching(new RegExp(`^${at('name: empty-secret') + 2} /spec Provider flux-system/empty-secret \\(type generic\\): spec\\.address is not set, .*\\(empty url\\)`)),
    // A Git type takes the repository from the address: none set, none named.
    `${at('name: github') + 2} /spec Provider flux-system/github (type github): spec.address is not set, so the notifier has no repository to post to, `
      + 'so every event fails ("failed to initialize notifier: invalid repository id: \'\'") and its Alerts deliver nothing; '
      + "set the address to the repository's URL, https://github.com/<owner>/<repository>, without a trailing slash",
    // The Secret's address (trimmed, as the controller trims it) over spec.address: reported at the secretRef.
    expect.stringMatching(new RegExp(`^${at('name: bad-secret') + 4} /spec/secretRef Provider flux-system/bad-secret \\(type googlechat\\): the address key of Secret flux-system/bare-host is 'chat\\.googleapis\\.com/v1/spaces/x', .*Google Chat hook URL`)),
  ]);
  expect(run.code).toBe(1);
});

test('a Provider whose notifier refuses an empty token (generic-hmac, opsgenie, telegram, datadog) or a telegram one without a channel is an error', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'check-provider-tokens-'));
  writeFileSync(join(dir, 'providers.yaml'), [
    providerYaml('hmac', 'generic-hmac', '  secretRef:\n    name: url-only\n'),
    providerYaml('hmac-ok', 'generic-hmac', '  secretRef:\n    name: url-and-token\n'),
    providerYaml('opsgenie', 'opsgenie', '  address: https://api.opsgenie.com/v2/alerts\n'),
    providerYaml('telegram', 'telegram', '  secretRef:\n    name: url-and-token\n'),
    providerYaml('telegram-ok', 'telegram', '  channel: "-100123"\n  secretRef:\n    name: url-and-token\n'),
    providerYaml('datadog', 'datadog', '  address: https://api.datadoghq.eu\n  secretRef:\n    name: encrypted-token\n'),
    secret('url-only', 'stringData:\n  address: https://hooks.example.com/flux\n'),
    secret('url-and-token', 'stringData:\n  address: https://hooks.example.com/flux\n  token: t\n'),
    secret('encrypted-token', 'data:\n  token: ENC[AES256_GCM,data:abc,iv:def,tag:ghi,type:str]\nsops:\n  lastmodified: "2026-01-01T00:00:00Z"\n  mac: ENC[AES256_GCM,data:m,iv:i,tag:t,type:str]\n  version: 3.9.0\n'),
  ].join(''));
  const run = await checkFindings('notification', ['--offline', dir]);
  const { findings } = run;
  expect(findings.map((f: any) => `${f.object.name} ${f.pointer} ${f.message.replace(/^[^:]*: /, '')}`)).toEqual([
    'hmac /spec/secretRef Secret flux-system/url-only has no token key, so every event fails ("failed to initialize notifier: HMAC key is empty") '
      + 'and its Alerts deliver nothing; put the HMAC key under the token key of a Secret its spec.secretRef names',
    'opsgenie /spec it names no Secret (spec.secretRef), hence no token, so every event fails ("failed to initialize notifier: empty Opsgenie apikey/token") '
      + 'and its Alerts deliver nothing; put the API token under the token key of a Secret its spec.secretRef names',
    'telegram /spec spec.channel is not set, so every event fails ("failed to initialize notifier: empty Telegram channel") '
      + 'and its Alerts deliver nothing; set spec.channel to the chat ID',
  ]);
});

test('a Git Provider (commit status, dispatch, comments) without a token the controller reads, or whose address names no single repository, is an error', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'check-provider-git-'));
  writeFileSync(join(dir, 'providers.yaml'), [
    providerYaml('github-slash', 'github', '  address: https://github.com/acme/app/\n  secretRef:\n    name: token\n'),
    providerYaml('github-ok', 'github', '  address: https://github.com/acme/app.git\n  secretRef:\n    name: token\n'),
    providerYaml('github-app', 'github', '  address: git@github.com:acme/app.git\n  secretRef:\n    name: github-app\n'),
    providerYaml('dispatch', 'githubdispatch', '  address: https://github.com/acme/app\n'),
    providerYaml('gitlab-username', 'gitlab', '  address: https://gitlab.com/acme/group/app\n  secretRef:\n    name: token-and-username\n'),
    providerYaml('gitlab-password', 'gitlab', '  address: https://gitlab.com/acme/group/app\n  secretRef:\n    name: basic\n'),
    providerYaml('gitea-owner', 'gitea', '  address: https://gitea.example.com/acme\n  secretRef:\n    name: token\n'),
    providerYaml('gitea-no-token', 'gitea', '  secretRef:\n    name: address-only\n'),
    providerYaml('bitbucket-token', 'bitbucket', '  address: https://bitbucket.org/acme/app\n  secretRef:\n    name: token\n'),
    providerYaml('bitbucket-ok', 'bitbucket', '  address: https://bitbucket.org/acme/app\n  secretRef:\n    name: bitbucket\n'),
    providerYaml('server-ssh', 'bitbucketserver', '  address: ssh://git@bitbucket.example.com:7999/acme/app.git\n  secretRef:\n    name: token\n'),
    providerYaml('server-password', 'bitbucketserver', '  address: https://bitbucket.example.com/scm/acme/app.git\n  username: flux\n  secretRef:\n    name: password-only\n'),
    providerYaml('azure', 'azuredevops', '  address: https://dev.azure.com/acme/app/app\n'),
    providerYaml('azure-ok', 'azuredevops', '  address: https://dev.azure.com/acme/app/_git/app\n'),
    providerYaml('sops', 'github', '  secretRef:\n    name: sops\n'),
    providerYaml('hmac-username', 'generic-hmac', '  address: https://hooks.example.com/flux\n  secretRef:\n    name: token-and-username\n'),
    secret('token', 'stringData:\n  token: t0ken\n'),
    secret('github-app', 'stringData:\n  githubAppID: "1"\n  githubAppInstallationOwner: acme\n  githubAppPrivateKey: k\n'),
    secret('token-and-username', 'stringData:\n  token: t0ken\n  username: flux\n'),
    secret('basic', 'stringData:\n  username: flux\n  password: p\n'),
    secret('bitbucket', 'stringData:\n  token: flux:app-password\n'),
    secret('password-only', 'stringData:\n  password: p\n'),
    secret('address-only', 'stringData:\n  address: https://gitea.example.com/acme/app\n'),
    secret('sops', 'data:\n  address: ENC[AES256_GCM,data:abc,iv:def,tag:ghi,type:str]\n  token: ENC[AES256_GCM,data:abc,iv:def,tag:ghi,type:str]\n'
      + 'sops:\n  lastmodified: "2026-01-01T00:00:00Z"\n  mac: ENC[AES256_GCM,data:m,iv:i,tag:t,type:str]\n  version: 3.9.0\n'),
  ].join(''));
  const run = await checkFindings('notification', ['--offline', dir]);
  const { findings } = run;
  const fails = (what: string, error: string) => `${what}, so every event fails ("failed to initialize notifier: ${error}") and its Alerts deliver nothing`;
  expect(findings.map((f: any) => `${f.object.name} ${f.line} ${f.pointer} ${f.message.replace(/^[^:]*: /, '').replace(/; [^;]*$/, '')}`)).toEqual([
    `github-slash ${lineOf(dir, 'providers.yaml', 'acme/app/')} /spec/address ${fails("spec.address is 'https://github.com/acme/app/', whose path names the "
      + "repository 'acme/app/', where the notifier takes 2 parts (https://github.com/<owner>/<repository>)", "invalid repository id: 'acme/app/'")}`,
    `dispatch ${lineOf(dir, 'providers.yaml', 'name: dispatch') + 2} /spec ${fails('it names no Secret (spec.secretRef), hence no token',
      'github token or github app details must be specified')}`,
    `gitlab-username ${lineOf(dir, 'providers.yaml', 'name: gitlab-username') + 5} /spec/secretRef ${fails('Secret flux-system/token-and-username has a '
      + 'username key and no password key, so notification-controller reads none of its credentials (fluxcd/pkg AuthMethodsFromSecret refuses it) '
      + 'and the notifier gets no token', 'gitlab token cannot be empty')}`,
    `gitea-owner ${lineOf(dir, 'providers.yaml', 'gitea.example.com/acme')} /spec/address ${fails("spec.address is 'https://gitea.example.com/acme', whose "
      + "path names the repository 'acme', where the notifier takes 2 parts (https://<host>/<owner>/<repository>)", 'invalid repository id "acme"')}`,
    expect.stringMatching(new RegExp(`^gitea-no-token \\d+ /spec/secretRef ${fails('Secret flux-system/address-only has no token key, nor a username and a password',
      'gitea token cannot be empty').replace(/[()]/g, '\\$&')}$`)),
    expect.stringMatching(/^bitbucket-token \d+ \/spec\/secretRef the token key of its Secret is not of the form <user>:<password> \(0 colons\), .*invalid token format, expected to be <user>:<password>/),
    expect.stringMatching(/^server-ssh \d+ \/spec\/address spec\.address is 'ssh:.*, which is not an http\(s\) clone URL of one repository, .*unsupported scheme type in address: ssh\. Must be http or https/),
    expect.stringMatching(/^server-password \d+ \/spec\/secretRef Secret flux-system\/password-only has a password key and no username key, .*invalid credentials, expected to be one of username\/password or API Token/),
    expect.stringMatching(/^azure \d+ \/spec\/address .*repository 'acme\/app\/app', where the notifier takes 4 parts .*invalid repository id "acme\/app\/app"/),
    expect.stringMatching(/^hmac-username \d+ \/spec\/secretRef Secret flux-system\/token-and-username has a username key and no password key, .*HMAC key is empty/),
  ]);
  expect(run.code).toBe(1);
  // Flux 2.6's notification-controller read each key on its own: a username without a password loses no token, and a
  // password beside spec.username is a login.
  const oldNames = (await checkFindings('notification', ['--offline', '--flux-version', '2.6', dir])).findings.map((f: any) => f.object.name);
  expect(oldNames).toEqual(findings.map((f: any) => f.object.name).filter((n: string) => !['gitlab-username', 'server-password', 'hmac-username'].includes(n)));
});

test('what sentry, googlepubsub, nats, zulip, msteams and azureeventhub need: a DSN, a project and a topic, a server and a subject, <channel>/<topic>, '
  + 'a webhook URL, one way to authenticate', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'check-provider-fields-'));
  writeFileSync(join(dir, 'providers.yaml'), [
    providerYaml('sentry', 'sentry', '  channel: production\n'),
    providerYaml('pubsub', 'googlepubsub', '  address: my-gcp-project\n'),
    providerYaml('nats', 'nats', '  secretRef:\n    name: nats\n'),
    providerYaml('nats-ok', 'nats', '  channel: flux.events\n  secretRef:\n    name: nats\n'),
    providerYaml('zulip', 'zulip', '  address: https://acme.zulipchat.com\n  channel: flux\n'),
    providerYaml('zulip-ok', 'zulip', '  address: https://acme.zulipchat.com\n  channel: flux/events\n'),
    providerYaml('teams', 'msteams', '  address: acme.webhook.office.com/webhookb2/x\n'),
    providerYaml('hub-empty', 'azureeventhub', '  serviceAccountName: flux-events\n'),
    providerYaml('hub-sas', 'azureeventhub', '  serviceAccountName: flux-events\n  secretRef:\n    name: sas\n'),
    providerYaml('hub-both', 'azureeventhub', '  address: flux-events\n  serviceAccountName: flux-events\n  secretRef:\n    name: hub-token\n'),
    providerYaml('hub-ok', 'azureeventhub', '  address: flux-events\n  serviceAccountName: flux-events\n'),
    secret('nats', 'stringData:\n  address: nats://nats.messaging:4222\n'),
    secret('sas', 'stringData:\n  address: Endpoint=sb://acme.servicebus.windows.net/;SharedAccessKeyName=send;SharedAccessKey=k;EntityPath=flux\n'),
    secret('hub-token', 'stringData:\n  token: jwt\n'),
  ].join(''));
  const run = await checkFindings('notification', ['--offline', dir]);
  const { findings } = run;
  expect(findings.map((f: any) => `${f.object.name} ${f.pointer} ${/failed to initialize notifier: ([^"]*)"/.exec(f.message)![1]}`)).toEqual([
    // In the order of the files' lines.
    'sentry /spec DSN cannot be empty',
    'pubsub /spec GCP Pub/Sub topic ID cannot be empty',
    'nats /spec NATS subject (channel) cannot be empty',
    "zulip /spec/channel invalid Zulip channel format, expected <channel>/<topic>, got 'flux'",
    'teams /spec/address invalid MS Teams webhook URL …',
    'hub-empty /spec invalid authentication options: endpoint URL cannot be empty',
    'hub-sas /spec invalid authentication options: serviceAccountName and SAS authentication cannot be set at the same time',
    'hub-both /spec invalid authentication options: serviceAccountName and jwt token authentication cannot be set at the same time',
  ]);
  expect(run.code).toBe(1);
});
