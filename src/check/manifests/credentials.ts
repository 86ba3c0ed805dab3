/**
 * What a source in the files gives the registry check to authenticate and
 * trust with: the values of its Secrets when they are in the files (read
 * only for the check, never reported), the CA of its `certSecretRef`. The
 * Secret formats are the ones each controller reads:
 * - HelmRepository (type oci): fluxcd/source-controller
 *   `internal/helm/registry/auth.go` `KeychainFromSecret` @39b711b1: a
 *   `kubernetes.io/dockerconfigjson` Secret's entry for the URL's host (none
 *   is an error), else the `username` and `password` keys (both empty:
 *   anonymous; one empty: an error);
 * - OCIRepository: `internal/controller/ocirepository_controller.go`
 *   `keychain` @39b711b1 hands the Secret to go-containerregistry's
 *   `k8schain.NewFromPullSecrets`, which reads only docker config Secrets
 *   (`.dockerconfigjson`, `.dockercfg`); a host without an entry, or any
 *   other Secret, pulls anonymously;
 * - ImageRepository: the same keychain (fluxcd/image-reflector-controller
 *   `internal/registry/options.go` `GetOptions` @debe2aaa), its host read
 *   from `spec.image` as docker reads an image name.
 */
import type { Finding } from './finding';
import type { ManifestObject } from './manifest-object';
import { describeObject, fieldAt, identityOf, ObjectIndex, secretValue, stringAt } from './object-index';
import { referenced, type ObjectReference } from './references';
import { parseImageName, parseOciReference } from '../../foundation/reference';
import { compact } from '../../model/kube-object';
import { entryCredential, parseDockerConfig } from '../../registry/credentials/docker-config';
import { findServerEntry } from '../../registry/credentials/server-keys';
import { ANONYMOUS_PULL_REMEDY } from '../failure';
import type { RegistryAccess } from '../request';
import { SourceAccessFacts, sourceRegistryAccess } from '../source-access';

/** How Flux will reach a source's registry, and what the check learned on the way. */
export interface SourceAccess {
  /** For the check; undefined when Flux would fail before asking the registry. */
  readonly access?: RegistryAccess;
  readonly findings: Finding[];
}

/**
 * The credentials and trust the check uses for `source` (a HelmRepository,
 * OCIRepository or ImageRepository object): what Flux will present, as
 * `sourceRegistryAccess` says for the front ends: the Secret's values when
 * the Secret is in the files and readable; nothing where Flux presents
 * nothing (no Secret, provider or service account, or a Secret in the files
 * that gives no credentials for the host); the engineer's login standing in
 * where the files cannot tell (a Secret not in them or SOPS-encrypted, a
 * `provider`, a service account's pull secrets). The one place a source's
 * credentials come from. `unreadable` is `'none'` when no Secret may be
 * read (no lookup goes online), otherwise the Secrets that cannot be
 * (SOPS-encrypted).
 */
export function sourceAccess(
  source: ManifestObject, references: readonly ObjectReference[], unreadable: ReadonlySet<ManifestObject> | 'none', index?: ObjectIndex,
): SourceAccess {
  const findings: Finding[] = [];
  // An ImageRepository names its image without a scheme, as docker does.
  const host = source.kind === 'ImageRepository'
    ? parseImageName(stringAt(source.value, 'spec', 'image') ?? '').host
    : parseOciReference(stringAt(source.value, 'spec', 'url') ?? '').host;
  let secretName = stringAt(source.value, 'spec', 'secretRef', 'name');

  let credentials: { username: string; password: string } | undefined;
  const readable = (secret: ManifestObject | undefined): secret is ManifestObject => !!secret && unreadable !== 'none' && !unreadable.has(secret);
  const secret = referenced(references, source, '/spec/secretRef')?.target;
  // What a Secret Flux reads cannot give, at the Secret, naming its role.
  const report = (pullSecret: ManifestObject, role: string, problem: string, severity: 'error' | 'warning'): void => {
    findings.push({
      rule: 'credentials', severity, location: pullSecret.location, object: identityOf(pullSecret), message: `${describeObject(pullSecret)} (${role}): ${problem}`,
    });
  };
  if (readable(secret)) {
    const read = secretCredentials(source, secret, host);
    if (read.problem) {
      report(secret, `the secretRef of ${describeObject(source)}`, read.problem, read.fatal ? 'error' : 'warning');
      if (read.fatal) return { findings };
    }
    credentials = read.credentials;
    // Read, and no credentials for the host in it: Flux presents nothing from it.
    if (!credentials) secretName = undefined;
  }
  let accountName = stringAt(source.value, 'spec', 'serviceAccountName');
  const account = accountName !== undefined && index && PULL_SECRET_READERS.has(source.kind)
    ? accountPullSecrets(source, accountName, index) : undefined;
  // The account and every Secret it names are in the files and readable: Flux presents what they hold, after the secretRef's.
  if (account && account.secrets.every(readable)) {
    for (const pullSecret of account.secrets) {
      const read = secretCredentials(source, pullSecret, host);
      if (read.problem) {
        const role = `an imagePullSecret of ${describeObject(account.account)}, the serviceAccountName of ${describeObject(source)}`;
        report(pullSecret, role, read.problem, read.fatal ? 'error' : 'warning');
        // go-containerregistry's k8schain refuses the whole keychain for one Secret it cannot parse, as for the secretRef's.
        if (read.fatal) return { findings };
      }
      credentials ??= read.credentials;
    }
    accountName = undefined;
  }
  const certSecret = referenced(references, source, '/spec/certSecretRef')?.target;
  const caPem = readable(certSecret) ? secretValue(certSecret, 'ca.crt') : undefined;
  const facts: SourceAccessFacts = compact({
    secret: secretName !== undefined ? { name: secretName } : undefined,
    // As written: the CRD's enum is the schema check's; only 'generic' (none) matters here.
    provider: stringAt(source.value, 'spec', 'provider') as SourceAccessFacts['provider'],
    serviceAccountName: accountName,
    insecure: fieldAt(source.value, 'spec', 'insecure') === true ? true : undefined,
  });
  return { access: sourceRegistryAccess(facts, credentials && { credentials }, caPem), findings };
}

/**
 * {@link sourceAccess} once per source, for callers that meet a source
 * once per object that uses it: its findings go to `findings` the first time.
 */
export function sourceAccessOnce(
  references: readonly ObjectReference[], unreadable: ReadonlySet<ManifestObject> | 'none', index: ObjectIndex | undefined, findings: Finding[],
): (source: ManifestObject) => SourceAccess {
  const accesses = new Map<ManifestObject, SourceAccess>();
  return (source) => {
    let access = accesses.get(source);
    if (!access) {
      access = sourceAccess(source, references, unreadable, index);
      accesses.set(source, access);
      findings.push(...access.findings);
    }
    return access;
  };
}

/**
 * The ServiceAccount a source names and the Secrets its `imagePullSecrets`
 * name, in their order, when the account is in the files; a Secret that is
 * not stays unknown (`undefined`). source-controller and
 * image-reflector-controller append them to the secretRef's Secret
 * (fluxcd/source-controller internal/controller/ocirepository_controller.go
 * `keychain` @39b711b1, fluxcd/pkg runtime/secrets
 * `PullSecretsFromServiceAccountRef`), and go-containerregistry's keychain
 * answers a host with the first that has an entry for it.
 */
function accountPullSecrets(
  source: ManifestObject, name: string, index: ObjectIndex,
): { readonly account: ManifestObject; readonly secrets: readonly (ManifestObject | undefined)[] } | undefined {
  const account = index.find('', 'ServiceAccount', name, source.appliedNamespace, source);
  if (!account) return undefined;
  const listed = fieldAt(account.value, 'imagePullSecrets');
  const names = Array.isArray(listed) ? listed.map((entry) => stringAt(entry, 'name')) : [];
  return { account, secrets: names.map((n) => (n === undefined ? undefined : index.find('', 'Secret', n, account.appliedNamespace, account))) };
}

/**
 * A registry failure's message with the programs' remedy for an anonymous
 * pull (their source props, `checkWith`) said in the YAML's terms.
 */
export function inYamlTerms(message: string): string {
  return message.replace(ANONYMOUS_PULL_REMEDY, 'give the source a spec.secretRef naming a kubernetes.io/dockerconfigjson Secret with an entry for the host '
    + '(a login on this machine does not reach the cluster), or a spec.provider for a cloud registry');
}

interface ReadCredentials {
  readonly credentials?: { username: string; password: string };
  /** Why the Secret gives no credentials; never a value from it. */
  readonly problem?: string;
  /** Flux fails before asking the registry. */
  readonly fatal?: boolean;
}

const DOCKER_CONFIG_JSON = 'kubernetes.io/dockerconfigjson';
const DOCKER_CFG = 'kubernetes.io/dockercfg';
/**
 * The sources whose Secret goes to go-containerregistry's
 * `k8schain.NewFromPullSecrets`, which reads only docker config Secrets:
 * OCIRepository (above) and ImageRepository (fluxcd/image-reflector-controller
 * internal/registry/options.go `GetOptions` @debe2aaa).
 */
const PULL_SECRET_READERS: ReadonlySet<string> = new Set(['OCIRepository', 'ImageRepository']);

function secretCredentials(source: ManifestObject, secret: ManifestObject, host: string): ReadCredentials {
  const type = stringAt(secret.value, 'type') ?? 'Opaque';
  const label = `${describeObject(secret)}`;
  try {
    const pullSecrets = PULL_SECRET_READERS.has(source.kind);
    if (type === DOCKER_CONFIG_JSON || (pullSecrets && type === DOCKER_CFG)) {
      const key = type === DOCKER_CONFIG_JSON ? '.dockerconfigjson' : '.dockercfg';
      const text = secretValue(secret, key);
      if (text === undefined) return { problem: `has no '${key}' key`, fatal: source.kind === 'HelmRepository' };
      const config = parseDockerConfig(text, `${label} ${key}`);
      // A .dockercfg is the old format: the auths map itself.
      const auths = type === DOCKER_CFG ? config as Record<string, never> : config.auths;
      const found = findServerEntry(auths, host);
      const entry = found && entryCredential(found.value, found.key, `${label} ${key}`);
      if (!entry?.username || !entry.password) {
        return source.kind === 'HelmRepository'
          ? { problem: `no auth config for '${host}' in the docker-registry Secret (Flux fails the HelmRepository with this)`, fatal: true }
          : { problem: `no credentials for '${host}' in it, so Flux pulls anonymously` };
      }
      return { credentials: { username: entry.username, password: entry.password } };
    }
    if (pullSecrets) {
      return {
        problem: `is of type '${type}'; an ${source.kind} reads only '${DOCKER_CONFIG_JSON}' pull Secrets, `
          + "so Flux pulls anonymously (create it with 'flux create secret oci' or 'kubectl create secret docker-registry')",
      };
    }
    const username = secretValue(secret, 'username') ?? '';
    const password = secretValue(secret, 'password') ?? '';
    if (username === '' && password === '') return {};
    if (username === '' || password === '') return { problem: "invalid secret data: required fields 'username' and 'password' (Flux fails the HelmRepository with this)", fatal: true };
    return { credentials: { username, password } };
  } catch (e) {
    // CredentialConfigError messages name the Secret and key, never a value.
    return { problem: (e as Error).message, fatal: true };
  }
}
