import { resolve as resolvePath } from 'node:path';
import * as k8s from '@pulumi/kubernetes';
import * as pulumi from '@pulumi/pulumi';
import { InputsOf, outputOf, ownedBy, throwIfAny, whenKnown } from './inputs';
import { customResource } from './kube-objects';
import { FluxOciSettings, effectiveSettings } from './settings';
import type { LocalLogin } from '../check/request';
import type { SecretForCheck } from '../check/source-access';
import { ValidationError } from '../foundation/errors';
import { IssueList } from '../foundation/issues';
import { registerSecret } from '../foundation/secrets';
import { EXTERNAL_SECRET_TYPE, buildExternalSecret, secretType } from '../model/builders/external-secret';
import { UsernamePassword, buildBasicAuthSecret, buildDockerConfigSecret } from '../model/builders/secrets';
import { checkDnsLabel, checkDnsSubdomain, checkEnum } from '../model/field-checks';
import { KubeManifest, meta } from '../model/kube-object';
import { toDnsLabel } from '../model/names';
import { registryHostOf } from '../model/registry-host';
import { ExistingRegistrySecretFields, PrivateRegistrySecretOptions } from '../model/secret-options';
import { defaultSecretFormat, REGISTRY_SECRET_FORMATS, RegistrySecretFormat, RegistrySecretRef } from '../model/secret-ref';
import { CredentialSource, readCredentialForHost } from '../registry/credentials/default-store';

/** What the resolver may present for one registry host: the Secret's values, or the login they come from. */
export interface RegistryCredentials extends SecretForCheck {
  /** Bare registry host the credentials are for. */
  readonly registry: string;
}

/** A registry pull Secret as sources see it: created by a PrivateRegistrySecret, or existing (`fromSecretName`). */
export interface IRegistrySecret {
  /** Name of the Secret. */
  readonly name: pulumi.Input<string>;
  /** Namespace of the Secret; undefined when it follows the source's. */
  readonly namespace?: pulumi.Input<string | undefined>;
  /** How the Secret stores the credentials; undefined when unknown. */
  readonly format?: RegistrySecretFormat;
  /** @internal */
  _secretRef(): pulumi.Input<RegistrySecretRef>;
  /**
   * Credentials (or the login they come from) for resolution only, as a secret Output.
   * @internal
   */
  _credentials(): pulumi.Output<RegistryCredentials | undefined>;
  /**
   * What objects using the Secret must wait for.
   * @internal
   */
  _dependencies(): pulumi.Resource[];
}

/**
 * Args of a {@link PrivateRegistrySecret}: the options both front ends share
 * (`PrivateRegistrySecretOptions`), each an `Input`; `externalSecret` and
 * `format` (which decide the resources' types) are plain.
 */
export interface PrivateRegistrySecretArgs extends InputsOf<PrivateRegistrySecretOptions, 'externalSecret' | 'format'> {
  /**
   * Only `target` is read here: it picks the default `format`.
   * @default - Flux
   */
  readonly settings?: FluxOciSettings;
}

/** Options for `PrivateRegistrySecret.fromSecretName`. */
export interface ExistingRegistrySecretOptions extends InputsOf<ExistingRegistrySecretFields, 'format'> {}

/** Args of `PrivateRegistrySecret.fromDockerConfig`: the Secret's args, with a login instead of `username`/`password`. */
export interface DockerConfigSecretArgs extends Omit<PrivateRegistrySecretArgs, 'username' | 'password'> {
  /**
   * Which client's login to read: Helm's registry config, Docker's config
   * (and credential helpers), podman's auth file, or all three in Helm's order.
   * @default 'auto' (Helm, then Docker, then podman)
   */
  readonly source?: CredentialSource;
  /**
   * Read this docker-format file instead of the clients' default locations.
   * @default - DOCKER_CONFIG, HELM_REGISTRY_CONFIG, REGISTRY_AUTH_FILE or the clients' default paths
   */
  readonly configFile?: string;
}

/** Args of `PrivateRegistrySecret.fromEnv`: the Secret's args, with environment variables instead of `username`/`password`. */
export interface EnvSecretArgs extends Omit<PrivateRegistrySecretArgs, 'username' | 'password'> {
  /** Environment variable holding the username. */
  readonly usernameVariable: string;
  /** Environment variable holding the password or token (kept as a Pulumi secret). */
  readonly passwordVariable: string;
}

/** The login a Secret's credentials come from. */
type SecretLogin = Pick<LocalLogin, 'source' | 'file'>;

/** Pulumi type token of PrivateRegistrySecret; part of stack state, never renamed. */
export const PRIVATE_REGISTRY_SECRET_TYPE = 'flux-oci:index:PrivateRegistrySecret';

/**
 * Registry credentials for Flux: a `kubernetes.io/dockerconfigjson` Secret
 * whose `auths` key is the bare registry host (what Flux compares against),
 * or the basic-auth/Opaque `username`/`password` shapes.
 *
 * Unlike the cdk8s construct (whose YAML goes to Git), this one creates the
 * Secret from `username`/`password` directly: Pulumi keeps its data as a
 * secret, encrypted in state and hidden in diffs. With `externalSecret` it
 * creates an ExternalSecret instead.
 */
export class PrivateRegistrySecret extends pulumi.ComponentResource implements IRegistrySecret {
  /** A Secret that exists in the cluster (or is created elsewhere in the program); nothing is created. */
  public static fromSecretName(name: pulumi.Input<string>, options: ExistingRegistrySecretOptions = {}): IRegistrySecret {
    return new ExistingRegistrySecret(name, options);
  }

  /**
   * A Secret from the user's `flux-oci login` / `helm registry login` /
   * `docker login` / `podman login`, for one registry host only (never the
   * whole file). Without `externalSecret` the Secret is created from the
   * login, so the login is read when Pulumi evaluates the program (preview
   * and update alike). With `externalSecret` the login serves only the
   * registry check and is read only when the check goes online, so
   * `FLUX_OCI_RESOLVE=locked` or `off` (e.g. in CI) needs none.
   */
  public static fromDockerConfig(name: string, args: DockerConfigSecretArgs, opts?: pulumi.ComponentResourceOptions): PrivateRegistrySecret {
    const { source, configFile, ...rest } = args;
    return new PrivateRegistrySecret(name, rest, opts, { source: source ?? 'auto', ...(configFile !== undefined ? { file: resolvePath(configFile) } : {}) });
  }

  /** A Secret from environment variables, read when the program runs; the password becomes a Pulumi secret. */
  public static fromEnv(name: string, args: EnvSecretArgs, opts?: pulumi.ComponentResourceOptions): PrivateRegistrySecret {
    const { usernameVariable, passwordVariable, ...rest } = args;
    const missing = [usernameVariable, passwordVariable].filter((v) => !process.env[v]);
    if (missing.length) {
      const field = missing.length === 2 ? 'usernameVariable, passwordVariable' : missing[0] === usernameVariable ? 'usernameVariable' : 'passwordVariable';
      throw new ValidationError([{
        path: name,
        field,
        message: `environment variable${missing.length > 1 ? 's' : ''} ${missing.join(' and ')} ${missing.length > 1 ? 'are' : 'is'} not set or empty; export ${missing.length > 1 ? 'them' : 'it'} before running Pulumi`,
      }]);
    }
    const password = pulumi.secret(process.env[passwordVariable]!);
    return new PrivateRegistrySecret(name, { ...rest, username: process.env[usernameVariable], password }, opts);
  }

  /** Name of the Secret. */
  public readonly name: pulumi.Output<string>;
  /** Namespace of the Secret; undefined when the provider's namespace applies. */
  public readonly namespace: pulumi.Output<string | undefined>;
  /** Bare registry host the credentials are for. */
  public readonly registry: pulumi.Output<string>;
  /** How the Secret stores the credentials. */
  public readonly format: RegistrySecretFormat;
  /** The Secret, when created from `username`/`password`. */
  public readonly secret?: k8s.core.v1.Secret;
  /** The ExternalSecret, with `externalSecret`. */
  public readonly externalSecret?: k8s.apiextensions.CustomResource;
  private readonly ref: pulumi.Input<RegistrySecretRef>;
  private readonly credentials: pulumi.Output<RegistryCredentials | undefined>;

  constructor(name: string, args: PrivateRegistrySecretArgs, opts?: pulumi.ComponentResourceOptions);
  /** @internal */
  constructor(name: string, args: PrivateRegistrySecretArgs, opts: pulumi.ComponentResourceOptions | undefined, login: SecretLogin);
  constructor(name: string, args: PrivateRegistrySecretArgs, opts?: pulumi.ComponentResourceOptions, login?: SecretLogin) {
    super(PRIVATE_REGISTRY_SECRET_TYPE, name, {}, opts);
    // A plain-string password is masked in every message from here on; an Output's when it resolves (credentialsOf).
    registerSecret(args.password);
    const settings = effectiveSettings(name, args.settings);
    const issues = new IssueList(name);
    checkEnum(issues, 'format', args.format, REGISTRY_SECRET_FORMATS);
    const format = args.format ?? defaultSecretFormat(settings.target);
    const hasUser = args.username !== undefined && args.username !== '';
    const hasPassword = args.password !== undefined && args.password !== '';
    if (hasUser !== hasPassword) {
      issues.add(hasUser ? 'password' : 'username', `${hasUser ? 'username' : 'password'} is set but ${hasUser ? 'password' : 'username'} is empty or missing; pass both`);
    }
    if (!hasUser && !hasPassword && !args.externalSecret && !login) {
      issues.add('username', 'set username and password (the Secret is created from them) or externalSecret; for a Secret that already exists use PrivateRegistrySecret.fromSecretName()');
    }
    throwIfAny(issues, '', this);

    this.format = format;
    this.ref = whenKnown({ name: args.name ?? toDnsLabel(name), namespace: args.namespace, registry: args.registry },
      (given: { name: string; namespace?: string; registry: string }) => secretRef(name, given, format), this);
    const ref = outputOf(this.ref);
    this.name = ref.apply((r) => r.name);
    this.namespace = ref.apply((r) => r.namespace);
    this.registry = ref.apply((r) => r.registry!);
    if (hasUser && hasPassword) {
      this.credentials = pulumi.secret(pulumi.all([ref, args.username!, args.password!])
        .apply(ownedBy(this, ([r, username, password]) => credentialsOf(name, r.registry!, username, password))));
    } else if (login && args.externalSecret) {
      // The login serves only the check: read when it goes online, not here.
      this.credentials = ref.apply((r) => ({ registry: r.registry!, login }));
    } else if (login) {
      // The Secret is created from the login, so it is read now.
      this.credentials = pulumi.secret(ref.apply(ownedBy(this, (r: RegistrySecretRef) => loginCredentials(name, r.registry!, login))));
    } else {
      this.credentials = pulumi.output(undefined);
    }

    if (args.externalSecret) {
      const source = args.externalSecret;
      const manifest = ref.apply((r) => buildExternalSecret(r, r.registry!, format, source));
      this.externalSecret = customResource(name, EXTERNAL_SECRET_TYPE, manifest.apply(headOf), manifest, { parent: this }, settings.target);
    } else {
      this.secret = new k8s.core.v1.Secret(name, {
        metadata: ref.apply((r) => ({ ...meta(r.name, r.namespace) })),
        type: secretType(format),
        stringData: pulumi.secret(pulumi.all([ref, this.credentials])
          .apply(([r, c]) => registrySecret(r, format, c!.credentials!).stringData as Record<string, string>)),
      }, { parent: this });
    }

    this.registerOutputs({ name: this.name, namespace: this.namespace, registry: this.registry, format: this.format });
  }

  /** @internal */
  public _secretRef(): pulumi.Input<RegistrySecretRef> {
    return this.ref;
  }

  /** @internal */
  public _credentials(): pulumi.Output<RegistryCredentials | undefined> {
    return this.credentials;
  }

  /** @internal */
  public _dependencies(): pulumi.Resource[] {
    return [this];
  }
}

class ExistingRegistrySecret implements IRegistrySecret {
  public readonly format?: RegistrySecretFormat;
  private readonly ref: pulumi.Input<RegistrySecretRef>;

  constructor(public readonly name: pulumi.Input<string>, options: ExistingRegistrySecretOptions) {
    const path = 'PrivateRegistrySecret.fromSecretName';
    const issues = new IssueList(path);
    checkEnum(issues, 'format', options.format, REGISTRY_SECRET_FORMATS);
    throwIfAny(issues);
    this.format = options.format;
    this.ref = whenKnown({ name, namespace: options.namespace, registry: options.registry },
      (given: { name: string; namespace?: string; registry?: string }) => secretRef(path, given, options.format));
  }

  public get namespace(): pulumi.Input<string | undefined> {
    return whenKnown(this.ref, (r: RegistrySecretRef) => r.namespace);
  }

  /** @internal */
  public _secretRef(): pulumi.Input<RegistrySecretRef> {
    return this.ref;
  }

  /** @internal */
  public _credentials(): pulumi.Output<RegistryCredentials | undefined> {
    return pulumi.output(undefined);
  }

  /** @internal */
  public _dependencies(): pulumi.Resource[] {
    return [];
  }
}

function secretRef(
  path: string, given: { name: string; namespace?: string; registry?: string }, format: RegistrySecretFormat | undefined,
): RegistrySecretRef {
  const issues = new IssueList(path);
  checkDnsSubdomain(issues, 'name', given.name);
  checkDnsLabel(issues, 'namespace', given.namespace);
  const registry = given.registry === undefined ? undefined : registryHostOf(given.registry, issues, 'registry');
  throwIfAny(issues);
  return { name: given.name, namespace: given.namespace, registry, format };
}

function credentialsOf(path: string, registry: string, username: string | undefined, password: string | undefined): RegistryCredentials {
  const empty = [['username', username], ['password', password]].filter(([, v]) => typeof v !== 'string' || v === '').map(([f]) => f!);
  if (empty.length) {
    throw new ValidationError(empty.map((field) => ({ path, field, message: `${field} resolved to an empty value; pass the registry ${field === 'username' ? 'user' : 'password or token'}` })));
  }
  registerSecret(password!);
  return { registry, credentials: { username: username!, password: password! } };
}

function loginCredentials(path: string, registry: string, login: SecretLogin): RegistryCredentials {
  const found = readCredentialForHost(registry, { source: login.source, file: login.file, env: process.env });
  if (!found.credential?.username || found.credential.password === undefined) {
    throw new ValidationError([{
      path,
      field: 'registry',
      message: `no username/password login for '${registry}' in ${found.searched.join(', ') || 'any credential store'}; run 'flux-oci login ${registry}' (or helm registry login, docker login, podman login), or use externalSecret so the login serves only the registry check`,
    }]);
  }
  registerSecret(found.credential.password);
  return { registry, credentials: { username: found.credential.username, password: found.credential.password } };
}

function registrySecret(ref: RegistrySecretRef, format: RegistrySecretFormat, cred: UsernamePassword): KubeManifest {
  return format === 'dockerconfigjson'
    ? buildDockerConfigSecret(ref, ref.registry!, cred)
    : buildBasicAuthSecret(ref, cred, format === 'basic-auth' ? 'kubernetes.io/basic-auth' : 'Opaque');
}

function headOf(m: KubeManifest) {
  return { apiVersion: m.apiVersion, kind: m.kind, name: m.metadata.name, namespace: m.metadata.namespace };
}
