import { resolve as resolvePath } from 'node:path';
import { ApiObject } from 'cdk8s';
import { Construct } from 'constructs';
import { eagerApiObject } from './api-objects';
import { defaultName, defaultNamespace } from './defaults';
import { ISecretReference } from './secret-reference';
import { FluxOci } from './settings';
import type { LocalLogin } from '../check/request';
import type { SecretForCheck } from '../check/source-access';
import { IssueList, failWith } from '../foundation/issues';
import { registerSecret } from '../foundation/secrets';
import { warn, warnPlaintext } from '../foundation/warnings';
import { buildExternalSecret } from '../model/builders/external-secret';
import { buildBasicAuthSecret, buildDockerConfigSecret, UsernamePassword } from '../model/builders/secrets';
import { checkDnsLabel, checkDnsSubdomain, checkEnum } from '../model/field-checks';
import { registryHostOf } from '../model/registry-host';
import { EXISTING_REGISTRY_SECRET_SHAPES, ExistingRegistrySecretFields, PRIVATE_REGISTRY_SECRET_SHAPES, PrivateRegistrySecretOptions } from '../model/secret-options';
import { defaultSecretFormat, REGISTRY_SECRET_FORMATS, RegistrySecretFormat } from '../model/secret-ref';
import { BOOLEAN, checkFields, required, requireProps, STRING } from '../model/shapes';
import type { SettledSource } from '../model/source-options';
import type { CredentialSource } from '../registry/credentials';

/** A registry pull Secret as sources see it. */
export interface IRegistrySecret extends ISecretReference {
  /** Bare registry host the credentials are for; undefined when unknown (imported by name). */
  readonly registry?: string;
  /** How the Secret stores the credentials; undefined when unknown (imported by name). */
  readonly format?: RegistrySecretFormat;
  /**
   * What the synth-time registry check may present for `host`: the
   * credentials the program gave (never written unless `plaintext`), or
   * the login they are read from; undefined when the program has neither
   * (a Secret only named) or `host` is not the Secret's.
   * @internal
   */
  _checkCredentials(host: string): SecretForCheck | undefined;
}

/** Props of a {@link PrivateRegistrySecret}: the options both front ends share (see `PrivateRegistrySecretOptions`), plus `plaintext`. */
export interface PrivateRegistrySecretProps extends PrivateRegistrySecretOptions {
  /**
   * Write `username`/`password` into the synthesized Secret, i.e. into Git.
   * Synth prints a warning when set.
   * @default false
   */
  readonly plaintext?: boolean;
}

/** Options for `PrivateRegistrySecret.fromDockerConfig`. */
export interface DockerConfigSecretProps extends Omit<PrivateRegistrySecretProps, 'username' | 'password'> {
  /**
   * Which client's login to read: Helm's registry config, Docker's config
   * (and credential helpers), podman's auth file, or all three in Helm's order.
   * @default 'auto' (Helm, then Docker, then podman)
   */
  readonly source?: CredentialSource;
  /**
   * Read this file instead of the client's default location.
   * @default - DOCKER_CONFIG, HELM_REGISTRY_CONFIG, REGISTRY_AUTH_FILE or the clients' default paths
   */
  readonly configFile?: string;
}

/** Options for `PrivateRegistrySecret.fromEnv`. */
export interface EnvSecretProps extends Omit<PrivateRegistrySecretProps, 'username' | 'password'> {
  /** Environment variable holding the username. */
  readonly usernameVariable: string;
  /** Environment variable holding the password or token. */
  readonly passwordVariable: string;
}

/** Options for `PrivateRegistrySecret.fromSecretName`. */
export interface ExistingRegistrySecretOptions extends ExistingRegistrySecretFields {}

/**
 * Registry credentials for Flux: a `kubernetes.io/dockerconfigjson` Secret
 * whose `auths` key is the bare registry host (what Flux compares against),
 * or the basic-auth/Opaque `username`/`password` shapes.
 *
 * Credentials are never written to Git by default. Without `plaintext`
 * they only serve synth-time registry checks, and the Secret is expected to
 * exist in the cluster (or is rendered there by `externalSecret`).
 */
export class PrivateRegistrySecret extends Construct implements IRegistrySecret {
  /** An existing Secret in the cluster; nothing is written for it. */
  public static fromSecretName(scope: Construct, id: string, name: string, options: ExistingRegistrySecretOptions = {}): IRegistrySecret {
    const issues = new IssueList(`${scope.node.path}/${id}`);
    requireProps(issues.path, options, '{ namespace, registry, format }');
    checkFields(issues, options, EXISTING_REGISTRY_SECRET_SHAPES);
    issues.throwIfAny();
    return new ImportedRegistrySecret(scope, id, name, options);
  }

  /**
   * Credentials from the user's `flux-oci login` / `helm registry login` /
   * `docker login` / `podman login`, for one registry host only (never the
   * whole file). The login is read only when a registry check goes online
   * (so `FLUX_OCI_RESOLVE=locked` or `off`, e.g. in CI, needs none), or at
   * construction with `plaintext`, which writes it into the Secret.
   */
  public static fromDockerConfig(scope: Construct, id: string, props: DockerConfigSecretProps): PrivateRegistrySecret {
    const path = `${scope.node.path}/${id}`;
    requireProps(path, props, '{ registry }');
    const issues = new IssueList(path);
    checkFields(issues, props, { source: STRING, configFile: STRING });
    issues.throwIfAny();
    const host = hostOrThrow(path, props.registry);
    const { source, configFile, ...rest } = props;
    const login = { source: source ?? 'auto', ...(configFile !== undefined ? { file: resolvePath(configFile) } : {}) };
    if (!props.plaintext) return new PrivateRegistrySecret(scope, id, rest, login);
    // The credential stores load only for a Secret that reads one now (the check reads them in its own module).
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { readCredentialForHost } = require('../registry/credentials') as typeof import('../registry/credentials');
    const found = readCredentialForHost(host, { source: login.source, file: login.file, env: process.env });
    if (!found.credential?.username || found.credential.password === undefined) {
      failWith(path, 'registry', `no username/password login for '${host}' in ${found.searched.join(', ') || 'any credential store'}; run 'flux-oci login ${host}' (or helm registry login, docker login, podman login), or pass username/password`);
    }
    return new PrivateRegistrySecret(scope, id, { ...rest, username: found.credential.username, password: found.credential.password });
  }

  /** Credentials from environment variables, read when the program runs. */
  public static fromEnv(scope: Construct, id: string, props: EnvSecretProps): PrivateRegistrySecret {
    const path = `${scope.node.path}/${id}`;
    requireProps(path, props, '{ registry, usernameVariable, passwordVariable }');
    const issues = new IssueList(path);
    checkFields(issues, props, { usernameVariable: required(STRING), passwordVariable: required(STRING) });
    issues.throwIfAny();
    const { usernameVariable, passwordVariable, ...rest } = props;
    const username = process.env[usernameVariable];
    const password = process.env[passwordVariable];
    const missing = [usernameVariable, passwordVariable].filter((v) => !process.env[v]);
    if (missing.length) {
      failWith(path, missing.length === 2 ? 'usernameVariable, passwordVariable' : missing[0] === usernameVariable ? 'usernameVariable' : 'passwordVariable',
        `environment variable${missing.length > 1 ? 's' : ''} ${missing.join(' and ')} ${missing.length > 1 ? 'are' : 'is'} not set or empty; export ${missing.length > 1 ? 'them' : 'it'} before synth`);
    }
    return new PrivateRegistrySecret(scope, id, { ...rest, username, password });
  }

  public readonly name: string;
  public readonly namespace?: string;
  public readonly registry: string;
  public readonly format: RegistrySecretFormat;
  readonly #credentials?: UsernamePassword;
  readonly #login?: Pick<LocalLogin, 'source' | 'file'>;

  constructor(scope: Construct, id: string, props: PrivateRegistrySecretProps);
  /** @internal */
  constructor(scope: Construct, id: string, props: PrivateRegistrySecretProps, login: Pick<LocalLogin, 'source' | 'file'>);
  constructor(scope: Construct, id: string, props: PrivateRegistrySecretProps, login?: Pick<LocalLogin, 'source' | 'file'>) {
    super(scope, id);
    requireProps(this.node.path, props, '{ registry }');
    // First, so that no message of this synth (ours, a registry's, the user's) can carry the password.
    registerSecret(props.password);
    const issues = new IssueList(this.node.path);
    if (!checkFields(issues, props, { ...PRIVATE_REGISTRY_SECRET_SHAPES, plaintext: BOOLEAN })) issues.throwIfAny();
    const target = FluxOci._targetOf(this);
    this.name = defaultName(this, props.name);
    this.namespace = defaultNamespace(this, props.namespace);
    this.registry = registryHostOf(props.registry, issues, 'registry') ?? '';
    this.format = props.format ?? defaultSecretFormat(target);
    checkDnsSubdomain(issues, 'name', this.name);
    checkDnsLabel(issues, 'namespace', this.namespace);
    checkEnum(issues, 'format', props.format, REGISTRY_SECRET_FORMATS);
    const hasUser = props.username !== undefined && props.username !== '';
    const hasPassword = props.password !== undefined && props.password !== '';
    if (hasUser !== hasPassword) {
      issues.add(hasUser ? 'password' : 'username', `${hasUser ? 'username' : 'password'} is set but ${hasUser ? 'password' : 'username'} is empty or missing; pass both`);
    }
    if (props.plaintext && !(hasUser && hasPassword)) {
      issues.add('plaintext', 'plaintext writes username/password into the Secret, but they are not both set');
    }
    if (props.plaintext && props.externalSecret) {
      issues.add('externalSecret', 'externalSecret renders the Secret in the cluster, so plaintext must not also write it; choose one');
    }
    issues.throwIfAny();

    if (hasUser && hasPassword) this.#credentials = { username: props.username!, password: props.password! };
    this.#login = login;
    const meta = { name: this.name, namespace: this.namespace };
    let resource: ApiObject | undefined;
    if (props.plaintext) {
      warnPlaintext(`${this.node.path}: Secret '${this.name}' is written with literal credentials for ${this.registry} (plaintext: true); anyone who can read the synthesized YAML can read them`);
      resource = eagerApiObject(this, this, 'Resource', this.format === 'dockerconfigjson'
        ? buildDockerConfigSecret(meta, this.registry, this.#credentials!)
        : buildBasicAuthSecret(meta, this.#credentials!, this.format === 'basic-auth' ? 'kubernetes.io/basic-auth' : 'Opaque'));
    } else if (props.externalSecret) {
      resource = eagerApiObject(this, this, 'Resource', buildExternalSecret(meta, this.registry, this.format, props.externalSecret));
    } else if (this.#credentials || this.#login) {
      warn('FLUX_OCI_SECRET_NOT_WRITTEN', `${this.node.path}: Secret '${this.name}' for ${this.registry} is not written (its credentials serve only flux-oci's synth-time registry checks) and must exist in the cluster; set plaintext: true to write it, or externalSecret to render it there`);
    }
    if (resource) this.node.defaultChild = resource;
  }

  /** @internal */
  public _checkCredentials(host: string): SecretForCheck | undefined {
    if (host !== this.registry) return undefined;
    if (this.#credentials) return { credentials: this.#credentials };
    return this.#login && { login: this.#login };
  }
}

class ImportedRegistrySecret extends Construct implements IRegistrySecret {
  public readonly namespace?: string;
  public readonly registry?: string;
  public readonly format?: RegistrySecretFormat;

  constructor(scope: Construct, id: string, public readonly name: string, options: ExistingRegistrySecretOptions) {
    super(scope, id);
    const issues = new IssueList(this.node.path);
    checkDnsSubdomain(issues, 'name', name);
    checkDnsLabel(issues, 'namespace', options.namespace);
    checkEnum(issues, 'format', options.format, REGISTRY_SECRET_FORMATS);
    this.registry = options.registry === undefined ? undefined : registryHostOf(options.registry, issues, 'registry');
    issues.throwIfAny();
    this.namespace = options.namespace;
    this.format = options.format;
  }

  /** @internal */
  public _checkCredentials(): SecretForCheck | undefined {
    return undefined;
  }
}

function hostOrThrow(path: string, registry: string): string {
  const issues = new IssueList(path);
  const host = registryHostOf(registry, issues, 'registry');
  issues.throwIfAny();
  return host!;
}

/** The Secrets of a source's props as the model refers to them. @internal */
export function secretRefsOf(props: { secret?: IRegistrySecret; certSecret?: ISecretReference; proxySecret?: ISecretReference }):
Pick<SettledSource, 'secret' | 'certSecretRef' | 'proxySecretRef'> {
  return {
    secret: props.secret && {
      name: props.secret.name, namespace: props.secret.namespace, format: props.secret.format, registry: props.secret.registry,
    },
    certSecretRef: props.certSecret && { name: props.certSecret.name, namespace: props.certSecret.namespace },
    proxySecretRef: props.proxySecret && { name: props.proxySecret.name, namespace: props.proxySecret.namespace },
  };
}
