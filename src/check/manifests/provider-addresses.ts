/**
 * A notification Provider of a type that posts to a URL must have one.
 * notification-controller builds the notifier for every event it sends
 * (fluxcd/notification-controller v1.9.3: internal/server/event_handlers.go
 * `createNotifier`): the URL is the `address` key of the Provider's Secret,
 * else `spec.address`; the notifier of these types then parses it with Go's
 * `url.ParseRequestURI` (internal/notifier/<type>.go `New…`), which takes
 * only an absolute URL or an absolute path. Without one every event fails
 * ("failed to initialize notifier: invalid Slack hook URL …") and the
 * Alerts on the Provider deliver nothing; the CRD does not refuse it.
 *
 * Judged where the URL is known: written in `spec.address`, or in the
 * Provider's Secret in the files (a SOPS-encrypted value is not read: an
 * `address` key there counts as an address). A Secret that is not in the
 * files, or a `${var}`, is not judged.
 */
import type { Finding } from './finding';
import type { ManifestObject } from './manifest-object';
import { dataKeysOf, describeObject, identityOf, isFluxObject, isSopsEncrypted, secretValue, stringAt } from './object-index';
import { ObjectReference, referenced } from './references';
import { fluxVariablesIn } from '../../model/flux-variables';

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
};

/** An error for each Provider of those types whose URL is known and not one `url.ParseRequestURI` takes. */
export function providerAddressFindings(objects: readonly ManifestObject[], references: readonly ObjectReference[]): Finding[] {
  const findings: Finding[] = [];
  for (const provider of objects) {
    if (!isFluxObject(provider) || provider.kind !== 'Provider') continue;
    const type = stringAt(provider.value, 'spec', 'type');
    const label = type === undefined ? undefined : HOOK_URL_TYPES[type];
    if (label === undefined) continue;
    const secretRef = referenced(references, provider, '/spec/secretRef');
    if (secretRef && !secretRef.target) continue;
    const secret = secretRef?.target;
    if (secret && dataKeysOf(secret).includes('address') && isSopsEncrypted(secret)) continue;
    const fromSecret = secret && dataKeysOf(secret).includes('address') ? secretValue(secret, 'address')?.trim() : undefined;
    const address = fromSecret ?? stringAt(provider.value, 'spec', 'address') ?? '';
    if (fluxVariablesIn(address).length > 0) continue;
    const problem = requestUriProblem(address);
    if (problem === undefined) continue;
    const where = fromSecret !== undefined ? `the address key of ${describeObject(secret!)}` : 'spec.address';
    const pointer = fromSecret !== undefined ? '/spec/secretRef' : address !== '' ? '/spec/address' : '/spec';
    findings.push({
      rule: 'notification',
      severity: 'error',
      location: provider.locate(pointer),
      object: identityOf(provider),
      pointer,
      message: `${describeObject(provider)} (type ${type}): ${where} ${address === '' ? 'is not set' : `is '${address}'`}, and notification-controller parses `
        + `the ${label} with Go's url.ParseRequestURI (${problem}), so every event fails ("failed to initialize notifier: invalid ${label} …") `
        + 'and its Alerts deliver nothing; set spec.address, or an address key in its secretRef\'s Secret, to the absolute URL',
    });
  }
  return findings;
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
