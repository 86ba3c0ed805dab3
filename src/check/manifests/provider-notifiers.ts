/**
 * What a notification Provider's notifier needs before it can send anything.
 * notification-controller builds the notifier for every event it sends
 * (fluxcd/notification-controller v1.9.3: internal/server/event_handlers.go
 * `createNotifier`), and the notifier of each type checks its inputs then
 * (internal/notifier/<type>.go `New…`); one that fails them fails every
 * event ("failed to initialize notifier: …") and the Alerts on the Provider
 * deliver nothing. The CRD refuses none of this.
 * - The URL is the `address` key of the Provider's Secret (trimmed), else
 *   `spec.address`; the types below parse it with Go's
 *   `url.ParseRequestURI`, which takes only an absolute URL or path.
 * - The token is the Secret's `token` key (fluxcd/pkg runtime/secrets
 *   `AuthMethodsFromSecret`); generic-hmac signs with it, opsgenie,
 *   telegram and datadog send it, and refuse an empty one.
 * - telegram needs `spec.channel`, sentry an address (the DSN),
 *   googlepubsub and nats both; zulip's channel is `<channel>/<topic>`;
 *   azureeventhub one way to authenticate.
 * - The Git types (commit statuses, dispatches, pull request comments)
 *   need a token and an address naming one repository: see
 *   provider-git-notifiers.ts.
 * - A token counts only where the controller reads the Secret's
 *   credentials at all (provider-inputs.ts).
 *
 * Judged where the value is known: written in the Provider, or in its
 * Secret in the files (a SOPS-encrypted Secret's keys are readable, its
 * values not: a key there counts as set). A Secret that is not in the
 * files, or a `${var}`, is not judged.
 */
import type { Finding } from './finding';
import type { ManifestObject } from './manifest-object';
import { describeObject, identityOf, isFluxObject, stringAt } from './object-index';
import { gitNotifierProblem } from './provider-git-notifiers';
import { missingCredentials, NotifierProblem, providerAddress, ProviderAddress, ProviderCredentials, providerCredentials } from './provider-inputs';
import { ObjectReference, referenced } from './references';
import { fluxVariablesIn } from '../../model/flux-variables';
import { atLeast, FluxVersion } from '../../model/flux-version';

/** The Provider types whose notifier parses the URL with `url.ParseRequestURI`, and what its error calls it. */
const HOOK_URL_TYPES: Readonly<Record<string, string>> = {
  'generic': 'hook URL',
  'generic-hmac': 'hook URL',
  'slack': 'Slack hook URL',
  'discord': 'Discord hook URL',
  'rocket': 'Rocket hook URL',
  'googlechat': 'Google Chat hook URL',
  'webex': 'Webex hook URL',
  // lark.go's error calls it a Slack hook URL too.
  'lark': 'Slack hook URL',
  'matrix': 'Matrix homeserver URL',
  'opsgenie': 'Opsgenie hook URL',
  'alertmanager': 'Alertmanager URL',
  'grafana': 'Grafana URL',
  'pagerduty': 'PagerDuty endpoint URL',
  'msteams': 'MS Teams webhook URL',
};

/** A field a notifier refuses empty: the address (its Secret's key or spec.address) or spec.channel. */
interface RequiredField {
  readonly field: 'address' | 'channel';
  readonly error: string;
  readonly fix: string;
}

/** Per type, in the order its constructor checks them (telegram.go, sentry.go, google_pubsub.go, nats.go). */
const REQUIRED_FIELDS: Readonly<Record<string, readonly RequiredField[]>> = {
  telegram: [{ field: 'channel', error: 'empty Telegram channel', fix: 'set spec.channel to the chat ID' }],
  sentry: [{ field: 'address', error: 'DSN cannot be empty', fix: "set spec.address, or an address key in its secretRef's Secret, to the project's DSN" }],
  googlepubsub: [
    { field: 'address', error: 'GCP project ID cannot be empty', fix: 'set spec.address to the GCP project ID' },
    { field: 'channel', error: 'GCP Pub/Sub topic ID cannot be empty', fix: 'set spec.channel to the topic ID' },
  ],
  nats: [
    { field: 'address', error: 'NATS server (address) cannot be empty', fix: "set spec.address, or an address key in its secretRef's Secret, to the NATS server" },
    { field: 'channel', error: 'NATS subject (channel) cannot be empty', fix: 'set spec.channel to the subject' },
  ],
};

/** The types that refuse an empty token, and their error. */
const TOKEN_TYPES: Readonly<Record<string, string>> = {
  'generic-hmac': 'HMAC key is empty',
  'opsgenie': 'empty Opsgenie apikey/token',
  'telegram': 'empty Telegram token',
  'datadog': 'token cannot be empty',
};

/** An error for each Provider whose notifier, as far as the files tell, refuses what it is given. */
export function providerNotifierFindings(
  objects: readonly ManifestObject[], references: readonly ObjectReference[], flux: FluxVersion,
): Finding[] {
  const findings: Finding[] = [];
  for (const provider of objects) {
    if (!isFluxObject(provider) || provider.kind !== 'Provider') continue;
    const type = stringAt(provider.value, 'spec', 'type') ?? '';
    const secretRef = referenced(references, provider, '/spec/secretRef');
    // A Secret that is not in the files may hold anything.
    if (secretRef && !secretRef.target) continue;
    const credentials = providerCredentials(secretRef?.target, flux);
    const address = providerAddress(provider, credentials.secret);
    const problem = urlProblem(type, address) ?? requiredFieldProblem(provider, type, address) ?? tokenProblem(type, credentials)
      ?? gitNotifierProblem(provider, type, address, credentials) ?? eventHubProblem(provider, type, address, credentials, flux);
    if (problem === undefined) continue;
    findings.push({
      rule: 'notification',
      severity: 'error',
      location: provider.locate(problem.pointer),
      object: identityOf(provider),
      pointer: problem.pointer,
      message: `${describeObject(provider)} (type ${type}): ${problem.what}, so every event fails ("failed to initialize notifier: ${problem.error}") `
        + `and its Alerts deliver nothing; ${problem.fix}`,
    });
  }
  return findings;
}

function urlProblem(type: string, address: ProviderAddress | undefined): NotifierProblem | undefined {
  const label = HOOK_URL_TYPES[type];
  if (label === undefined || address === undefined) return undefined;
  const refused = requestUriProblem(address.value);
  if (refused === undefined) return undefined;
  return {
    pointer: address.pointer,
    what: `${address.described}, and notification-controller parses the ${label} with Go's url.ParseRequestURI (${refused})`,
    error: `invalid ${label} …`,
    fix: "set spec.address, or an address key in its secretRef's Secret, to the absolute URL",
  };
}

function requiredFieldProblem(provider: ManifestObject, type: string, address: ProviderAddress | undefined): NotifierProblem | undefined {
  const channel = stringAt(provider.value, 'spec', 'channel') ?? '';
  for (const required of REQUIRED_FIELDS[type] ?? []) {
    if (required.field === 'address' && address?.value === '') return { pointer: address.pointer, what: address.described, error: required.error, fix: required.fix };
    if (required.field === 'channel' && channel === '') return { pointer: '/spec', what: 'spec.channel is not set', error: required.error, fix: required.fix };
  }
  // zulip.go: the channel is <channel>/<topic> (split at the first '/'), neither empty.
  const slash = channel.indexOf('/');
  if (type !== 'zulip' || fluxVariablesIn(channel).length > 0 || (slash > 0 && slash < channel.length - 1)) return undefined;
  return {
    pointer: channel === '' ? '/spec' : '/spec/channel',
    what: channel === '' ? 'spec.channel is not set' : `spec.channel is '${channel}'`,
    error: `invalid Zulip channel format, expected <channel>/<topic>, got '${channel}'`,
    fix: 'set spec.channel to the stream and the topic, as <channel>/<topic>',
  };
}

function tokenProblem(type: string, credentials: ProviderCredentials): NotifierProblem | undefined {
  const error = TOKEN_TYPES[type];
  if (error === undefined || credentials.has('token')) return undefined;
  return {
    ...missingCredentials(credentials, 'token key'),
    error,
    fix: `put the ${type === 'generic-hmac' ? 'HMAC key' : 'API token'} under the token key of a Secret its spec.secretRef names`,
  };
}

/**
 * azure_eventhub.go `validateAuthOptions`: an endpoint (from Flux 2.7), and
 * one way to authenticate: a SAS connection string (the address holds
 * `SharedAccessKey`) alone, else a JWT token or a workload identity's
 * ServiceAccount, not both.
 */
function eventHubProblem(
  provider: ManifestObject, type: string, address: ProviderAddress | undefined, credentials: ProviderCredentials, flux: FluxVersion,
): NotifierProblem | undefined {
  if (type !== 'azureeventhub' || address === undefined) return undefined;
  const invalid = (what: string, error: string, fix: string, pointer = '/spec'): NotifierProblem => ({
    pointer, what, error: `invalid authentication options: ${error}`, fix,
  });
  if (address.value === '') {
    return atLeast(flux, '2.7')
      ? invalid(address.described, 'endpoint URL cannot be empty', "set spec.address, or an address key in its secretRef's Secret, to the Event Hub "
        + '(its SAS connection string, or its name with a token or a ServiceAccount)', address.pointer)
      : undefined;
  }
  const serviceAccount = (stringAt(provider.value, 'spec', 'serviceAccountName') ?? '') !== '';
  const token = credentials.has('token');
  if (address.value.includes('SharedAccessKey')) {
    if (serviceAccount) {
      return invalid('its address is a SAS connection string and it sets spec.serviceAccountName', 'serviceAccountName and SAS authentication cannot be set at the same time',
        'remove spec.serviceAccountName, or give the Event Hub name instead of the connection string');
    }
    if (token) {
      return invalid('its address is a SAS connection string and its Secret has a token key', 'jwt token and SAS authentication cannot be set at the same time',
        "remove the token key from its secretRef's Secret, or give the Event Hub name instead of the connection string", '/spec/secretRef');
    }
    return undefined;
  }
  return serviceAccount && token
    ? invalid('it sets spec.serviceAccountName and its Secret has a token key', 'serviceAccountName and jwt token authentication cannot be set at the same time',
      'use one: the workload identity of spec.serviceAccountName, or the token')
    : undefined;
}

/**
 * Why Go's `url.ParseRequestURI` refuses `address`, for what this checks:
 * empty, or neither a scheme followed by `/` nor an absolute path (Go src/net/url/url.go
 * `parse` with viaRequest: "empty url", "invalid URI for request"). Other
 * malformed URLs are left to the controller.
 */
function requestUriProblem(address: string): string | undefined {
  if (address === '') return 'empty url';
  const scheme = /^[a-zA-Z][a-zA-Z0-9+.-]*:/.exec(address);
  const rest = scheme ? address.slice(scheme[0].length) : address;
  return rest.startsWith('/') ? undefined : 'invalid URI for request';
}
